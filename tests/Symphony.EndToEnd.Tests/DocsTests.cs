using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>The curl sequences of the SOPs, run word for word against the running server.</summary>
public sealed class DocsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_login_sop_curl_sequence_works_verbatim()
    {
        var output = await RunVerbatimBlockAsync("docs/flows/login.md", "login");
        Assert.Equal(
        [
            "me: admin",
            "refreshed: true",
            "reuse: TOKEN_REUSED",
            "after reuse: TOKEN_REVOKED",
            "logout: 204",
            "after logout: 401 TOKEN_REVOKED",
        ], output);
    }

    [Fact]
    public async Task The_runs_sop_curl_sequence_works_verbatim()
    {
        var output = await RunVerbatimBlockAsync("docs/flows/runs.md", "runs");
        Assert.Equal(
        [
            "refused: items[1].payload/host",
            "run: failed, 2 completed, 1 failed",
            "batch: nightly failed, 3 items",
            "same run: true",
            "other operation: IDEMPOTENCY_KEY_REUSED",
            "history: pending>processing, processing>retrying, retrying>processing, processing>completed",
            "retry: processing, batch processing",
            "cancel: cancelled",
        ], output);
    }

    [Fact]
    public async Task The_scheduler_sop_curl_sequence_works_verbatim()
    {
        var output = await RunVerbatimBlockAsync("docs/flows/scheduler.md", "scheduler");
        Assert.Equal(
        [
            "built-in: accounts-sync 0 1 * * *",
            "next: 5 at 02:15 Berlin",
            "paused",
            "normal",
            "reloaded: 0 1 * * *",
            "refused: Position 5 (hours field '25')",
            "too often: cron",
            "run: completed, same run: true",
            "firing: started manual true",
        ], output);
    }

    [Fact]
    public async Task The_tags_sop_curl_sequence_works_verbatim()
    {
        var output = await RunVerbatimBlockAsync("docs/flows/tags-bulk.md", "tags");
        Assert.Equal(
        [
            "assigned: 3 changed, 0 unchanged",
            "again: 0 changed, 3 unchanged",
            "refused: instance_ids VALIDATION_ERROR",
            "tagged: 3",
            "sync items: 3",
            "delete: TAG_IN_USE",
            "forced: 204",
            "left: 0",
        ], output);
    }

    [Fact]
    public async Task The_auto_classify_sop_curl_sequence_works_verbatim()
    {
        var prefix = "sop_" + Guid.NewGuid().ToString("N")[..8];
        var password = "Sop-" + Guid.NewGuid().ToString("N")[..12];
        await TestPostgres.CreatePasswordRoleAsync(prefix + "_collector", password);
        await TestPostgres.ExecuteAsync($"CREATE ROLE {prefix}_nologin NOLOGIN");
        try
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
            var output = await RunVerbatimBlockAsync("docs/flows/auto-classify.md", "auto-classify", new()
            {
                ["TARGET_HOST"] = "127.0.0.1", ["TARGET_PORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TARGET_USER"] = prefix + "_collector", ["TARGET_PASSWORD"] = password, ["TARGET_NOLOGIN_ROLE"] = prefix + "_nologin",
            });
            Assert.Equal(
            [
                "rule: v1",
                "refused: rule.expr.or[1].has_role.name",
                "sync: completed, 1 rule",
                "locked: true",
                "its class: locked v1, risk 2",
                "v2 current: true",
                "auto-classify: completed",
                "now by: v2",
                "history: + classification:locked (rule v1)",
            ], output);
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {prefix}_nologin; DROP ROLE IF EXISTS {prefix}_collector");
        }
    }

    [Fact]
    public async Task The_aggregation_sop_curl_sequence_works_verbatim()
    {
        var user = "sop_" + Guid.NewGuid().ToString("N")[..8] + "_collector";
        var password = "Sop-" + Guid.NewGuid().ToString("N")[..12];
        await TestPostgres.CreatePasswordRoleAsync(user, password);
        try
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
            var output = await RunVerbatimBlockAsync("docs/flows/aggregation.md", "aggregation", new()
            {
                ["TARGET_HOST"] = "127.0.0.1", ["TARGET_PORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TARGET_USER"] = user, ["TARGET_PASSWORD"] = password,
            });
            Assert.Equal(
            [
                "sync: completed, aggregated: true",
                "this month: 1 day, partial true",
                "aggregate: completed",
                "forecast: 1 day, no date yet",
                "growers: 0",
                "refused: period_type VALIDATION_ERROR",
            ], output);
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {user}");
        }
    }

    [Fact]
    public async Task The_postgres_accounts_sync_sop_curl_sequence_works_verbatim()
    {
        var prefix = "sop_" + Guid.NewGuid().ToString("N")[..8];
        var password = "Sop-" + Guid.NewGuid().ToString("N")[..12];
        await TestPostgres.CreatePasswordRoleAsync(prefix + "_collector", password);
        await TestPostgres.ExecuteAsync($"CREATE ROLE {prefix}_grantee LOGIN PASSWORD 'x'; CREATE ROLE {prefix}_readers NOLOGIN; GRANT {prefix}_readers TO {prefix}_grantee");
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {prefix}_shop");
        await TestPostgres.ExecuteAsync($"CREATE TABLE public.cards (id int); GRANT SELECT ON public.cards TO {prefix}_readers;", prefix + "_shop");
        try
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
            var output = await RunVerbatimBlockAsync("docs/flows/accounts-sync.md", "accounts-sync-postgres", new()
            {
                ["TARGET_HOST"] = "127.0.0.1", ["TARGET_PORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TARGET_USER"] = prefix + "_collector", ["TARGET_PASSWORD"] = password, ["TARGET_GRANTEE"] = prefix + "_grantee",
                ["TARGET_TABLE"] = prefix + "_shop.public.cards",
            });
            Assert.Equal(
            [
                "before: SNAPSHOT_MISSING", "test: true", "sync: completed", $"ledger: {prefix}_grantee, can_sign_in",
                $"SELECT on {prefix}_shop.public.cards via {prefix}_readers", $"{prefix}_grantee: grantable false, through {prefix}_readers",
                $"csv: pg-main,postgresql,{prefix}_grantee,can_sign_in",
            ], output);
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"DROP DATABASE IF EXISTS {prefix}_shop WITH (FORCE)");
            await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {prefix}_grantee; DROP ROLE IF EXISTS {prefix}_readers; DROP ROLE IF EXISTS {prefix}_collector");
        }
    }

    [Fact]
    public async Task The_capacity_sync_sop_curl_sequence_works_verbatim()
    {
        var prefix = "sop_" + Guid.NewGuid().ToString("N")[..8];
        var password = "Sop-" + Guid.NewGuid().ToString("N")[..12];
        await TestPostgres.CreatePasswordRoleAsync(prefix + "_collector", password);
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {prefix}_sized");
        await TestPostgres.ExecuteAsync("CREATE TABLE public.cards (id int); INSERT INTO public.cards SELECT generate_series(1, 1000);", prefix + "_sized");
        try
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
            var output = await RunVerbatimBlockAsync("docs/flows/capacity-sync.md", "capacity-sync", new()
            {
                ["TARGET_HOST"] = "127.0.0.1", ["TARGET_PORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TARGET_USER"] = prefix + "_collector", ["TARGET_PASSWORD"] = password, ["TARGET_DATABASE"] = prefix + "_sized",
            });
            Assert.Equal(
            [
                "capacity: completed", $"database: {prefix}_sized, measured true", "its days: 1", "instance days: 1",
                "tables before: SNAPSHOT_MISSING", "tables: 1, largest public.cards",
            ], output);
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"DROP DATABASE IF EXISTS {prefix}_sized WITH (FORCE)");
            await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {prefix}_collector");
        }
    }

    [Fact]
    public async Task The_mysql_accounts_sync_sop_curl_sequence_works_verbatim()
    {
        var prefix = "sop_" + Guid.NewGuid().ToString("N")[..8];
        var password = "Sop-" + Guid.NewGuid().ToString("N")[..12];
        await TestMariaDb.CreateCollectorAsync(prefix + "_collector", password);
        await TestMariaDb.ExecuteAsync($"""
            CREATE USER '{prefix}_grantee'@'%' IDENTIFIED BY 'x'; GRANT PROCESS ON *.* TO '{prefix}_grantee'@'%';
            CREATE ROLE {prefix}_readers; GRANT {prefix}_readers TO '{prefix}_grantee'@'%'; SET DEFAULT ROLE {prefix}_readers FOR '{prefix}_grantee'@'%';
            CREATE DATABASE {prefix}_shop; CREATE TABLE {prefix}_shop.cards (id int);
            GRANT SELECT ON {prefix}_shop.cards TO {prefix}_readers;
            """);
        try
        {
            var output = await RunVerbatimBlockAsync("docs/flows/accounts-sync.md", "accounts-sync-mysql", new()
            {
                ["TARGET_HOST"] = "127.0.0.1", ["TARGET_PORT"] = TestMariaDb.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TARGET_USER"] = prefix + "_collector", ["TARGET_PASSWORD"] = password, ["TARGET_GRANTEE"] = prefix + "_grantee",
                ["TARGET_TABLE"] = prefix + "_shop.cards",
            });
            Assert.Equal(["test: true, MariaDB", "sync: completed", "global: PROCESS; can grant: false",
                $"{prefix}_grantee@%: grantable false, through {prefix}_readers", $"csv: maria,mysql,{prefix}_grantee@%,can_sign_in"], output);
        }
        finally
        {
            await TestMariaDb.ExecuteAsync($"""
                DROP USER IF EXISTS '{prefix}_collector'@'%'; DROP USER IF EXISTS '{prefix}_grantee'@'%'; DROP ROLE IF EXISTS {prefix}_readers;
                DROP DATABASE IF EXISTS {prefix}_shop;
                """);
        }
    }

    [Fact]
    public async Task The_webhooks_sop_curl_sequence_works_verbatim()
    {
        await using var receiver = await LocalHttpServer.StartAsync(web => web.MapPost("/sop", () => Results.Ok()));
        var output = await RunVerbatimBlockAsync("docs/flows/webhooks.md", "webhooks", new() { ["RECEIVER"] = $"{receiver.Url}sop" });
        Assert.Equal(
        [
            "refused: url VALIDATION_ERROR",
            "created: 2 events, risk 5",
            "test: webhook.test",
            "delivery: completed, 1 attempt(s), answered 200",
            "enabled: false",
            "deleted: 204",
        ], output);
        Assert.Equal("webhook.test", Assert.Single(receiver.To("POST", "/sop")).Headers["X-Symphony-Event"]);
    }

    private Task<string[]> RunVerbatimBlockAsync(string document, string name, Dictionary<string, string>? environment = null)
    {
        var all = new Dictionary<string, string> { ["SYMPHONY"] = app.BaseUrl, ["SYMPHONY_ADMIN_PASSWORD"] = SymphonyApp.AdminPassword };
        foreach (var (key, value) in environment ?? []) all[key] = value;
        return VerbatimBlocks.RunAsync(document, name, all);
    }
}
