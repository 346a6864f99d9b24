using Microsoft.Playwright;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>Vaults, credentials and instances in headless Chromium, reaching the real PostgreSQL of the test command.</summary>
public sealed partial class ConsoleFleetTests(BrowserApp app) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly string _role = "ui_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _password = "Ui-" + Guid.NewGuid().ToString("N")[..12];

    private string Database => _role + "_shop";

    public async Task InitializeAsync()
    {
        await TestPostgres.CreatePasswordRoleAsync(_role, _password);
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {Database}");
        await TestPostgres.ExecuteAsync($"CREATE TABLE orders AS SELECT g AS id FROM generate_series(1, 1000) g; ANALYZE orders; GRANT SELECT ON orders TO {_role};", Database);
    }

    public async Task DisposeAsync()
    {
        await TestPostgres.ExecuteAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {_role}");
    }

    /// <summary>An instance of the test server with a credential for the test's role, made through the API.</summary>
    private Task<string> InstanceAsync() =>
        TestInstances.AddAsync(app.Admin, "default", TestTarget.Postgres(_role, _password), "ui-sync-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task An_operator_syncs_an_instance_and_reads_its_accounts_permissions_and_capacity_in_the_tabs()
    {
        var id = await InstanceAsync();
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync($"/workspaces/default/instances/{id}");
        // The stylesheet is served and allowed by the content security policy (the console has no inline styles).
        Assert.Equal("rgb(21, 32, 54)", await page.EvalOnSelectorAsync<string>(".topbar", "e => getComputedStyle(e).backgroundColor"));

        await page.ClickAsync("[data-testid=tab-accounts]");
        Assert.Contains("not been synced", await page.InnerTextAsync("[data-testid=accounts-missing]"));
        await page.GotoAsync($"/workspaces/default/instances/{id}");
        await page.ClickAsync("[data-testid=sync-accounts]");
        await page.WaitForSelectorAsync("[data-testid=run-status]");
        Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));
        // The run's item names the instance it synced, with a link to it, and says what it did.
        Assert.StartsWith("ui-sync-", (await page.InnerTextAsync("[data-testid=item-target]")).Trim(), StringComparison.Ordinal);
        var did = await page.InnerTextAsync("[data-testid=item-result]");
        Assert.Matches(@"^Found [0-9,]+ accounts: [0-9,]+ new; classified", did);
        // The instance's page says the same of its last sync, with a link to the run.
        var runPage = page.Url;
        await page.GotoAsync($"/workspaces/default/instances/{id}");
        Assert.StartsWith(did, await page.InnerTextAsync("[data-testid=last-accounts-sync]"), StringComparison.Ordinal);
        Assert.EndsWith(await page.GetAttributeAsync("[data-testid=last-accounts-sync] a", "href") ?? "", runPage, StringComparison.Ordinal);

        await page.GotoAsync($"/workspaces/default/instances/{id}?tab=accounts");
        await page.FillAsync("#account-search", _role);
        await page.ClickAsync("text=Filter");
        // Who can read the table: the role directly, the table's owner (a superuser) as well.
        await page.FillAsync("#holders-privilege", "select");
        await page.FillAsync("#holders-object", $"{Database}.public.orders");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=who-can] >> text=Ask");
        var holders = await page.InnerTextAsync("[data-testid=holders-table]");
        Assert.Contains($"can SELECT on {Database}.public.orders", holders);
        Assert.Contains($"{_role}\tyes\tno\tdirectly", holders);
        Assert.Contains("postgres\tyes\tyes\t", holders);

        // The account on a page of its own, named with its instance.
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"[data-testid=account-link] >> text={_role}");
        Assert.Contains($"{_role} on ui-sync-", await page.InnerTextAsync("[data-testid=account-title]"));
        Assert.Contains("LOGIN", await page.InnerTextAsync("[data-testid=account-capabilities]"));
        var viewer = await page.InnerTextAsync("[data-testid=permission-viewer]");
        Assert.Contains("NOSUPERUSER LOGIN INHERIT", viewer);
        Assert.Contains("CONNECTION LIMIT", viewer);
        Assert.Contains("symphony_password_auth\tgranted directly\tat sign-in", await page.InnerTextAsync("[data-testid=account-roles]"));
        Assert.Contains($"{Database}.public", await page.InnerTextAsync("[data-testid=account-privileges]"));
        Assert.Contains($"{Database}.public.orders\ttable\tSELECT\t\t", await page.InnerTextAsync("[data-testid=account-objects]"));
        var effective = await page.InnerTextAsync("[data-testid=account-effective]");
        Assert.Contains($"SELECT\t{Database}.public.orders\ttable\t\tdirectly", effective);
        await BrowserApp.ScreenshotAsync(page, "account");
        var history = await page.InnerTextAsync("[data-testid=account-changes]");
        Assert.Contains("created", history);
        Assert.Contains("+ member_of:symphony_password_auth", history);
        Assert.Contains("role symphony_password_auth granted", await page.InnerTextAsync("[data-testid=change-sentences]"));
        // The workspace's "what changed" page, narrowed to this instance: the same change in words, and its CSV.
        await page.GotoAsync($"/workspaces/default/account-changes");
        await page.SelectOptionAsync("#changes-instance", id);
        await page.SelectOptionAsync("#changes-kind", "created");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=changes-filters] >> text=Filter");
        var created = page.Locator($"[data-testid=change-row][data-account='{_role}']");
        Assert.Contains("role symphony_password_auth granted", await created.InnerTextAsync());
        Assert.Equal($"/api/v1/workspaces/default/account-changes/actions/export?instance_id={id}&kind=created",
            await page.GetAttributeAsync("[data-testid=changes-export]", "href"));
        await page.GotoAsync($"/workspaces/default/instances/{id}?tab=accounts");

        await page.ClickAsync("[data-testid=tab-capacity]");
        Assert.Contains("Not measured yet", await page.InnerTextAsync("[data-testid=capacity-missing]"));
        await page.ClickAsync("[data-testid=capacity-tab] >> text=Sync capacity");
        Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));
        await page.GotoAsync($"/workspaces/default/instances/{id}?tab=capacity");
        Assert.Contains("databases", await page.InnerTextAsync("[data-testid=capacity-total]"));
        await page.FillAsync("#database-search", Database);
        await page.ClickAsync("text=Filter");
        await page.ClickAsync($"[data-testid=database-link] >> text={Database}");
        Assert.Contains("measure them now", await page.InnerTextAsync("[data-testid=tables-missing]"));
        await page.ClickAsync("[data-testid=refresh-tables]");
        Assert.Contains($"Measured 1 table of {Database}", await page.InnerTextAsync("[data-testid=instance-message]"));
        Assert.Contains("public.orders", await page.InnerTextAsync("[data-testid=tables-table]"));
        Assert.Contains("1,000", await page.InnerTextAsync("[data-testid=tables-table]"));
    }

    [Fact]
    public async Task A_mariadb_account_reads_as_user_at_host_with_its_global_privileges_plugin_and_history()
    {
        var p = "ui" + Guid.NewGuid().ToString("N")[..6];
        await TestMariaDb.CreateCollectorAsync(p + "_collector", _password);
        await TestMariaDb.ExecuteAsync($"""
            CREATE DATABASE {p}_shop; CREATE TABLE {p}_shop.orders (id INT PRIMARY KEY);
            CREATE USER '{p}_app'@'10.0.0.%' IDENTIFIED BY 'x' ACCOUNT LOCK;
            GRANT PROCESS ON *.* TO '{p}_app'@'10.0.0.%' WITH GRANT OPTION;
            GRANT SELECT ON {p}_shop.orders TO '{p}_app'@'10.0.0.%';
            """);
        try
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var vault = (await SymphonyApp.ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/vaults", SymphonyApp.Json(new { name = "ui-" + suffix }))))["id"]!;
            var credential = (await SymphonyApp.ReadJsonAsync(await app.Admin.PostAsync($"/api/v1/workspaces/default/vaults/{vault}/credentials",
                SymphonyApp.Json(new { name = "collector", username = p + "_collector", secret = _password }))))["id"]!;
            var id = (await SymphonyApp.ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/instances", SymphonyApp.Json(new
            {
                name = "ui-maria-" + suffix, db_type = "mysql", host = "127.0.0.1", port = TestMariaDb.Port, credential_id = credential,
            }))))["id"]!.GetValue<string>();

            var page = await app.NewPageAsync();
            await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
            await page.WaitForSelectorAsync("[data-testid=current-user]");
            await page.GotoAsync($"/workspaces/default/instances/{id}");
            await page.ClickAsync("[data-testid=sync-accounts]");
            await page.WaitForSelectorAsync("[data-testid=run-status]");
            Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));

            await page.GotoAsync($"/workspaces/default/instances/{id}");
            Assert.Contains("MariaDB 10.11", await page.InnerTextAsync("main"));
            await page.GotoAsync($"/workspaces/default/instances/{id}?tab=accounts");
            await page.FillAsync("#account-search", p + "_app");
            await page.ClickAsync("text=Filter");
            await BrowserApp.ClickAndWaitForLoadAsync(page, $"[data-testid=account-link] >> text={p}_app@10.0.0.%");
            Assert.Equal("GRANT_ADMIN, LOCKED", (await page.InnerTextAsync("[data-testid=account-capabilities]")).Trim());
            Assert.Equal("account locked", (await page.InnerTextAsync("[data-testid=account-sign-in]")).Trim());
            // In MySQL's words: its plugin and account options, none of PostgreSQL's role options.
            var viewer = await page.InnerTextAsync("[data-testid=permission-viewer]");
            Assert.Contains("Authentication plugin\nmysql_native_password", viewer);
            Assert.Contains("ACCOUNT LOCK\nlocked", viewer);
            Assert.Contains("MAX_USER_CONNECTIONS", viewer);
            Assert.DoesNotContain("CREATEDB", viewer);
            Assert.DoesNotContain("BYPASSRLS", viewer);
            var privileges = await page.InnerTextAsync("[data-testid=account-privileges]");
            Assert.Contains("global:*", privileges);
            Assert.Contains("PROCESS", privileges);
            Assert.Contains($"{p}_shop.orders\ttable\tSELECT", await page.InnerTextAsync("[data-testid=account-objects]"));
            Assert.Contains("+ global:PROCESS with grant option", await page.InnerTextAsync("[data-testid=account-changes]"));
        }
        finally
        {
            await TestMariaDb.ExecuteAsync($"DROP DATABASE IF EXISTS {p}_shop; DROP USER IF EXISTS '{p}_app'@'10.0.0.%'; DROP USER IF EXISTS '{p}_collector'@'%'");
        }
    }

    [Fact]
    public async Task An_operator_stores_a_credential_adds_an_instance_and_tests_its_connection()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");

        await page.ClickAsync("nav >> text=Vaults");
        var vault = "ui-vault-" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#vault-name", vault);
        await page.ClickAsync("text=Create vault");
        Assert.Contains($"Vault '{vault}' created", await page.InnerTextAsync("[data-testid=vaults-message]"));
        await page.ClickAsync($"[data-testid=vaults-table] a >> text={vault}");
        await page.FillAsync("#credential-name", "collector");
        await page.FillAsync("#credential-username", _role);
        await page.FillAsync("#credential-secret", _password);
        await page.ClickAsync("text=Store credential");
        Assert.Contains("cannot be shown again", await page.InnerTextAsync("[data-testid=vault-message]"));
        Assert.DoesNotContain(_password, await page.ContentAsync(), StringComparison.Ordinal);

        var port = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
        var name = "ui-pg-" + Guid.NewGuid().ToString("N")[..6];
        await page.ClickAsync("nav >> text=Instances");
        await page.FillAsync("#new-name", name);
        await page.SelectOptionAsync("#new-type", "postgresql");
        await page.FillAsync("#new-host", "127.0.0.1");
        await page.FillAsync("#new-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#new-credential", new SelectOptionValue { Label = $"{vault} / collector ({_role})" });
        await page.SelectOptionAsync("#new-environment", "test");
        await page.ClickAsync("text=Add instance");
        await page.WaitForSelectorAsync("[data-testid=instance-health]");
        Assert.Equal("unknown", await page.InnerTextAsync("[data-testid=instance-health]"));

        await page.ClickAsync("[data-testid=test-connection]");
        Assert.Contains("Connected in", await page.InnerTextAsync("[data-testid=instance-message]"));
        Assert.Equal("good", await page.InnerTextAsync("[data-testid=instance-health]"));
        Assert.StartsWith("PostgreSQL ", await page.InnerTextAsync("[data-testid=instance-version]"), StringComparison.Ordinal);

        await page.ClickAsync("nav >> text=Instances");
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=instances-table]"));
        await page.ClickAsync("[data-testid=test-shown]");
        Assert.Contains("reached", await page.InnerTextAsync("[data-testid=instances-message]"));
        var instancePage = (await page.GetAttributeAsync($"[data-testid=instance-row][data-name={name}] a", "href"))!;

        // The database's password changes: the connection fails until the credential's secret is rotated in the
        // console, and the next test uses the new one.
        var rotated = "Ui-" + Guid.NewGuid().ToString("N")[..12];
        await TestPostgres.ExecuteAsync($"ALTER ROLE {_role} PASSWORD '{rotated}'");
        await page.GotoAsync(instancePage);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=test-connection]");
        Assert.Contains("authentication_failed", await page.InnerTextAsync("[data-testid=instance-message]"));
        await page.ClickAsync("nav >> text=Vaults");
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"[data-testid=vaults-table] a >> text={vault}");
        var row = "[data-testid=credential-row][data-name=collector]";
        Assert.Equal("1 instance(s)", (await page.InnerTextAsync($"{row} [data-testid=credential-used-by]")).Trim());
        await page.ClickAsync($"{row} [data-testid=rotate-secret] summary");
        await page.FillAsync($"{row} [data-testid=new-secret]", rotated);
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=save-secret]");
        Assert.Contains("The secret of 'collector' is replaced; the 1 instance(s) using it", await page.InnerTextAsync("[data-testid=vault-message]"));
        Assert.DoesNotContain(rotated, await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=credential-used-by] a");
        Assert.Equal([name], await page.Locator("[data-testid=instance-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)"));
        await page.GotoAsync(instancePage);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=test-connection]");
        Assert.Contains("Connected in", await page.InnerTextAsync("[data-testid=instance-message]"));
    }

    [Fact]
    public async Task An_instance_without_a_credential_shows_the_classified_error_and_a_viewer_is_not_offered_changes()
    {
        var created = await app.Admin.PostAsync("/api/v1/workspaces/default/instances", SymphonyApp.Json(new
        {
            name = "ui-closed-" + Guid.NewGuid().ToString("N")[..6], db_type = "postgresql", host = "127.0.0.1", port = 9,
        }));
        var id = (await SymphonyApp.ReadJsonAsync(created))["id"]!.GetValue<string>();

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync($"/workspaces/default/instances/{id}");
        await page.ClickAsync("[data-testid=test-connection]");
        Assert.Contains("authentication_failed", await page.InnerTextAsync("[data-testid=instance-message]"));
        Assert.Equal("poor", await page.InnerTextAsync("[data-testid=instance-health]"));

        var viewer = await app.NewPageAsync();
        await app.SignInAsync(viewer, "viewer", SymphonyApp.UserPassword);
        await viewer.WaitForSelectorAsync("[data-testid=current-user]");
        // What a viewer may not do is not offered: no add or import form, no selection, no edit or delete.
        await viewer.GotoAsync("/workspaces/default/instances");
        Assert.Equal(0, await viewer.Locator("[data-testid=add-instance]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=import-instances]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=select-instance]").CountAsync());
        await viewer.GotoAsync($"/workspaces/default/instances/{id}");
        Assert.Equal(0, await viewer.Locator("[data-testid=edit-instance]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=delete-instance]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=test-connection]").CountAsync());
    }
    [Fact]
    public async Task A_never_synced_instance_says_never_and_a_saved_form_redirects_so_a_reload_sends_nothing_again()
    {
        var id = (await SymphonyApp.ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/instances", SymphonyApp.Json(new
        {
            name = "ui-never-" + Guid.NewGuid().ToString("N")[..6], db_type = "postgresql", host = "10.9.9.9",
        }))))["id"]!.GetValue<string>();
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync($"/workspaces/default/instances/{id}");
        foreach (var fact in new[] { "last-connected", "last-checked", "accounts-synced", "capacity-synced" })
            Assert.Equal("never", (await page.InnerTextAsync($"[data-testid={fact}]")).Trim());

        // Post, redirect, get: the answer to a saved form is the page's own address, with its message carried over.
        var code = "prg-" + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/workspaces/default/tags");
        await page.FillAsync("#tag-code", code);
        await page.FillAsync("#tag-name", "PRG");
        await page.FillAsync("#tag-colour", "#2e7d32");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "text=Create tag");
        Assert.EndsWith("/workspaces/default/tags", page.Url, StringComparison.Ordinal);
        Assert.Contains($"Tag '{code}' created.", await page.InnerTextAsync("[data-testid=tags-message]"));
        // A reload gets the page again: no form is sent (a second create would be refused as a duplicate), no message.
        var reloaded = await page.ReloadAsync();
        Assert.Equal(200, reloaded!.Status);
        Assert.Equal(0, await page.Locator("[data-testid=tags-message]").CountAsync());
        Assert.Equal(1, await page.Locator($"[data-testid=tag-row][data-code={code}]").CountAsync());
    }

    [Fact]
    public async Task An_unknown_workspace_or_instance_shows_the_consoles_own_page_and_switching_keeps_the_section()
    {
        var slug = "sw-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(System.Net.HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", SymphonyApp.Json(new { slug, name = "Switch to" }))).StatusCode);
        await app.AddMemberAsync(slug, app.UserIds[TestRole.Operator], "viewer");
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");

        foreach (var address in new[] { "/workspaces/no-such-workspace/instances", $"/workspaces/default/instances/{Guid.NewGuid()}", "/no/such/page" })
        {
            var answer = await page.GotoAsync(address);
            Assert.Equal(404, answer!.Status);
            Assert.Contains("There is nothing at this address", await page.InnerTextAsync("[data-testid=not-found]"));
            // The console around it: the navigation and the workspace switcher.
            Assert.Equal(1, await page.Locator("nav.nav").CountAsync());
            Assert.Equal(1, await page.Locator("#workspace-switcher").CountAsync());
        }

        // Switching workspace from the runs of one lands on the runs of the other.
        await page.GotoAsync("/workspaces/default/runs");
        await page.WaitForLoadStateAsync(LoadState.Load);
        var navigated = page.WaitForURLAsync($"**/workspaces/{slug}/runs");
        await page.SelectOptionAsync("#workspace-switcher", slug);
        await navigated;
        Assert.EndsWith($"/workspaces/{slug}/runs", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_creates_a_tag_puts_it_on_selected_instances_and_deletes_it_with_force()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        foreach (var name in new[] { $"tag-a-{suffix}", $"tag-b-{suffix}", $"tag-c-{suffix}" })
            await app.Admin.PostAsync("/api/v1/workspaces/default/instances", SymphonyApp.Json(new { name, db_type = "postgresql", host = "10.9.9.9" }));
        var code = "ui-" + suffix;
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");

        await page.GotoAsync("/workspaces/default/tags");
        await page.FillAsync("#tag-code", code);
        await page.FillAsync("#tag-name", "UI " + suffix);
        await page.FillAsync("#tag-colour", "#2e7d32");
        await page.ClickAsync("text=Create tag");
        Assert.Contains($"Tag '{code}' created.", await page.InnerTextAsync("[data-testid=tags-message]"));

        await page.GotoAsync("/workspaces/default/instances");
        await page.FillAsync("#instance-search", suffix);
        await page.ClickAsync("text=Filter");
        await page.CheckAsync($"[data-testid=instance-row][data-name=tag-a-{suffix}] [data-testid=select-instance]");
        await page.CheckAsync($"[data-testid=instance-row][data-name=tag-b-{suffix}] [data-testid=select-instance]");
        await page.CheckAsync($"[data-testid=bulk-tags] input[value={code}]");
        await page.ClickAsync("[data-testid=bulk-tags] >> text=Add tags");
        Assert.Contains("Tags put on 2 instance(s): 2 added, 0 already there.", await page.InnerTextAsync("[data-testid=instances-message]"));

        // The tag filter shows exactly the two.
        await page.GotoAsync($"/workspaces/default/instances?tag={code}");
        var rows = await page.Locator("[data-testid=instance-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)");
        Assert.Equal([$"tag-a-{suffix}", $"tag-b-{suffix}"], rows.Order(StringComparer.Ordinal));
        Assert.Contains(code, await page.InnerTextAsync($"[data-testid=instance-row][data-name=tag-a-{suffix}] [data-testid=instance-tags]"));

        await page.GotoAsync("/workspaces/default/tags");
        var row = $"[data-testid=tag-row][data-code={code}]";
        Assert.Equal("2", await page.InnerTextAsync($"{row} [data-testid=tag-instances]"));
        await page.ClickAsync($"{row} >> text=Delete");
        Assert.Contains("take it off them first", await page.InnerTextAsync("[data-testid=tags-message]"));
        await page.CheckAsync($"{row} input[name=force]");
        await page.ClickAsync($"{row} >> text=Delete");
        Assert.Contains($"Tag '{code}' deleted.", await page.InnerTextAsync("[data-testid=tags-message]"));
        Assert.Equal(0, await page.Locator(row).CountAsync());
    }
}
