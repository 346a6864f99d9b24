using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Fleet;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Who may call an endpoint; see <see cref="ApiCatalogue.Expected"/> for what each role gets.</summary>
public enum Access { Public, Authenticated, Admin, CreateWorkspace, Read, Write, Manage, OwnToken }

/// <summary>A workspace full of resources of every kind, created by the admin, for the calls of the role matrix and the sweep.</summary>
public sealed record Resources(
    string Workspace, Guid MemberId, Guid OtherUserId, Guid RepoId, Guid VaultId, Guid LockedVaultId, Guid CredentialId, Guid DbInstanceId, Guid DeletedDbInstanceId, Guid AccountId,
    Guid DatabaseId, Guid AutomationId, Guid BatchId, Guid ItemId, Guid EngineId, Guid InstanceId, Guid FailedRunId, Guid FailedItemExecutionId, Guid ProcessingRunId)
{
    /// <summary>A tag of the workspace, on no instance.</summary>
    public const string TagCode = "matrix-tag";
    public Guid TagId { get; init; }
    /// <summary>A personal access token of the admin.</summary>
    public Guid TokenId { get; init; }
    /// <summary>A service account of the workspace, with one token.</summary>
    public Guid ServiceAccountId { get; init; }
    public Guid ServiceTokenId { get; init; }
    /// <summary>A classification of the workspace with one rule version for PostgreSQL.</summary>
    public Guid ClassificationId { get; init; }
    /// <summary>A webhook of the workspace (to a public name: the matrix's egress policy is the default one).</summary>
    public Guid WebhookId { get; init; }

    /// <summary>A custom job on the echo automation, in every workspace of the matrix.</summary>
    public const string JobId = "matrix-job";

    private static readonly ConditionalWeakTable<SymphonyApp, Task<Resources>> Shared = [];

    /// <summary>
    /// One world per server, runs included, for the calls that change nothing: reads, and calls refused (each refusal
    /// is checked to have changed nothing by the sweep). A call that may change something gets a world of its own.
    /// </summary>
    public static Task<Resources> SharedAsync(SymphonyApp app) => Shared.GetValue(app, server => CreateAsync(server, withRuns: true, needs: _ => true));

    /// <summary>
    /// The world for one call that may change something: only the parts its template names (a world costs some
    /// thirty calls, and the matrix makes two hundred of them). A part left out shows as a 404 for the call, never
    /// as a pass. Runs cost a wait for the worker, so they are made only for the endpoints that need them.
    /// </summary>
    public static Task<Resources> CreateAsync(SymphonyApp app, ApiEndpoint endpoint) =>
        CreateAsync(app, endpoint.NeedsRuns, part => endpoint.Template.Contains(part, StringComparison.Ordinal)
            || (part is "/automations" && endpoint.Template.Contains("/runs", StringComparison.Ordinal)));

    private static async Task<Resources> CreateAsync(SymphonyApp app, bool withRuns, Func<string, bool> needs)
    {
        var admin = app.Admin;
        var slug = "m-" + Guid.NewGuid().ToString("N")[..10];
        if (!needs("{workspace}") && !needs("/users") && !needs("/auth/tokens"))
            return new Resources(slug, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty,
                Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty);
        Check(await admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Matrix" })));
        await app.AddMemberAsync(slug, app.UserIds[TestRole.Operator], "operator");
        await app.AddMemberAsync(slug, app.UserIds[TestRole.Viewer], "viewer");
        Guid member = Guid.Empty, other = Guid.Empty;
        if (needs("/members") || needs("/users"))
        {
            member = await app.CreateUserAsync("mm" + Guid.NewGuid().ToString("N")[..10], "viewer");
            await app.AddMemberAsync(slug, member, "viewer");
            other = await app.CreateUserAsync("mo" + Guid.NewGuid().ToString("N")[..10], "viewer");
        }
        var repo = needs("/repos") ? await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/repos", Json(new { name = "repo", local_path = "/srv/repo" }))) : Guid.Empty;
        var vault = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/vaults", Json(new { name = "vault" })));
        var locked = Guid.Empty;
        if (needs("/vaults"))
        {
            locked = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/vaults", Json(new { name = "locked" })));
            Check(await admin.PostAsync($"/api/v1/workspaces/{slug}/vaults/{locked}/actions/lock", null));
        }
        var credential = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/vaults/{vault}/credentials",
            Json(new { name = "collector", username = "symphony", secret = "Collector-Secret-1" })));
        var dbInstance = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/instances",
            Json(new { name = "db1", db_type = "postgresql", host = "db1.internal", credential_id = credential })));
        var deletedInstance = Guid.Empty;
        if (needs("/instances"))
        {
            deletedInstance = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/instances",
                Json(new { name = "old-db", db_type = "mysql", host = "10.0.0.9" })));
            Check(await admin.DeleteAsync($"/api/v1/workspaces/{slug}/instances/{deletedInstance}"));
        }
        var account = needs("/accounts") || needs("/classifications") ? await AccountAsync(app, slug, dbInstance) : Guid.Empty;
        var database = Guid.Empty;
        if (needs("/capacity") || needs("/databases"))
        {
            // Refusing connections at once, so a table refresh by a permitted caller ends quickly in 502.
            var closedInstance = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/instances",
                Json(new { name = "db-closed", db_type = "postgresql", host = "127.0.0.1", port = 9, credential_id = credential })));
            database = await DatabaseAsync(app, slug, closedInstance);
        }
        var automations = $"/api/v1/workspaces/{slug}/automations";
        Guid automation = Guid.Empty, batch = Guid.Empty, item = Guid.Empty;
        if (needs("/automations") || needs("/scheduler"))
        {
            automation = await IdOf(await admin.PostAsync(automations, Json(new
            {
                name = "auto",
                handler_kind = "echo",
                batch_schema = new { type = "object" },
                item_schema = new { type = "object", required = new[] { "host" } },
            })));
            batch = await IdOf(await admin.PostAsync($"{automations}/{automation}/batches", Json(new { name = "batch", payload = new { } })));
            item = await IdOf(await admin.PostAsync($"{automations}/{automation}/batches/{batch}/items", Json(new { payload = new { host = "db1" } })));
        }
        Guid engine = Guid.Empty, instance = Guid.Empty;
        if (needs("/engines") || needs("/orchestration") || needs("/runs"))
        {
            engine = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/engines",
                Json(new { name = "engine", type = "http", base_url = "http://engine.invalid:9" })));
            instance = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/orchestration-instances",
                Json(new { engine_id = engine, external_id = "wf-1", status = "processing" })));
        }
        if (needs("/scheduler"))
            Check(await admin.PostAsync($"/api/v1/workspaces/{slug}/scheduler/jobs", Json(new
            {
                id = JobId, name = "Matrix job", automation = automation.ToString(), schedule = new { cron = "0 0 4 * * ?", time_zone = "UTC" },
            })));
        var tag = needs("/tags") ? await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/tags", Json(new { code = Resources.TagCode }))) : Guid.Empty;
        var classification = Guid.Empty;
        if (needs("/classifications"))
        {
            classification = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/classifications", Json(new { code = "locked", name = "Locked", risk_level = 2 })));
            Check(await admin.PostAsync($"/api/v1/workspaces/{slug}/classifications/{classification}/rules",
                Json(new { db_type = "postgresql", rule = new { version = 1, expr = new { is_locked = new { } } } })));
        }
        // Told of an event nothing here causes: a run.failed webhook would start a delivery run after the
        // failed run below, and the runs list would change under the tests that read it before and after.
        var webhook = needs("/webhooks")
            ? await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/webhooks",
                Json(new { name = "soc", url = "https://hooks.example.com/symphony", events = new[] { "account.privileges_changed" }, secret = "matrix-webhook-secret" })))
            : Guid.Empty;
        var token = needs("/auth/tokens") ? (await app.CreateApiTokenAsync(TestRole.Admin, "viewer")).Id : Guid.Empty;
        Guid serviceAccount = Guid.Empty, serviceToken = Guid.Empty;
        if (needs("/service-accounts"))
        {
            serviceAccount = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/service-accounts", Json(new { name = "ci", role = "operator" })));
            serviceToken = await IdOf(await admin.PostAsync($"/api/v1/workspaces/{slug}/service-accounts/{serviceAccount}/tokens",
                Json(new { name = "nightly", expires_in_days = 7 })));
        }
        var world = new Resources(slug, member, other, repo, vault, locked, credential, dbInstance, deletedInstance, account, database, automation, batch, item, engine, instance, Guid.Empty, Guid.Empty, Guid.Empty)
        {
            TagId = tag, ClassificationId = classification, WebhookId = webhook, TokenId = token,
            ServiceAccountId = serviceAccount, ServiceTokenId = serviceToken,
        };
        if (!withRuns) return world;

        // A failed run (one attempt of an item that always fails) and a run that stays processing (its item
        // waits an hour between attempts), for the run endpoints.
        var failing = await IdOf(await admin.PostAsync(automations, Json(new { name = "failing", handler_kind = "echo", max_attempts = 1 })));
        var failingBatch = await IdOf(await admin.PostAsync($"{automations}/{failing}/batches", Json(new { name = "b" })));
        Check(await admin.PostAsync($"{automations}/{failing}/batches/{failingBatch}/items", Json(new { payload = new { always_fail = true } })));
        var failedRun = await ReadJsonAsync(await admin.PostAsync($"{automations}/{failing}/runs?wait=20", null));
        Assert.Equal("failed", failedRun["status"]!.GetValue<string>());
        var failedRunId = Guid.Parse(failedRun["id"]!.GetValue<string>());
        var executions = await ReadJsonAsync(await admin.GetAsync($"/api/v1/workspaces/{slug}/runs/{failedRunId}/items"));
        var failedItem = Guid.Parse(executions["items"]![0]!["id"]!.GetValue<string>());

        var slow = await IdOf(await admin.PostAsync(automations, Json(new { name = "slow", handler_kind = "echo", max_attempts = 5, retry_delay_seconds = 3600 })));
        var slowBatch = await IdOf(await admin.PostAsync($"{automations}/{slow}/batches", Json(new { name = "b" })));
        Check(await admin.PostAsync($"{automations}/{slow}/batches/{slowBatch}/items", Json(new { payload = new { always_fail = true } })));
        var processingRun = await IdOf(await admin.PostAsync($"{automations}/{slow}/runs", null));
        return world with { FailedRunId = failedRunId, FailedItemExecutionId = failedItem, ProcessingRunId = processingRun };
    }

    /// <summary>An account as a sync would leave it, written directly: a real sync needs a reachable server.</summary>
    private static async Task<Guid> AccountAsync(SymphonyApp app, string slug, Guid instanceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Symphony.Application.Common.IApplicationDbContext>();
        var workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => w.Id).SingleAsync();
        var snapshot = new AccountSnapshot("app_reader", new RoleAttributes(false, true, false, false, true, false, false, -1, null), [], [], [], [], [],
            ObjectGrants: [new ObjectGrant("app.public.orders", ObjectKinds.Table, "SELECT", false, "app_owner")]);
        var now = DateTime.UtcNow; // the row as a sync of a real server would stamp it, by the server's clock
        var account = new Symphony.Domain.Fleet.Account
        {
            WorkspaceId = workspaceId, InstanceId = instanceId, Name = "app_reader", CanLogin = true, SignInState = Symphony.Domain.Fleet.SignInStateNames.CanSignIn,
            FirstSeenAt = now, LastSeenAt = now,
            Snapshot = JsonSerializer.Serialize(snapshot, LedgerJson.Default.AccountSnapshot),
            Facts = JsonSerializer.Serialize(AccountFacts.From(snapshot, new Dictionary<string, IReadOnlyList<Membership>>(), now), LedgerJson.Default.AccountFacts),
        };
        db.Accounts.Add(account);
        db.AccountChanges.Add(new Symphony.Domain.Fleet.AccountChange
        {
            WorkspaceId = workspaceId, InstanceId = instanceId, AccountId = account.Id, AccountName = account.Name,
            Kind = Symphony.Domain.Fleet.AccountChangeKind.Created, Diff = "{\"added\":[],\"removed\":[]}", OccurredAt = now,
        });
        await db.SaveChangesAsync();
        // Without touching the version, which the PATCH case sends.
        await db.Instances.Where(i => i.Id == instanceId).ExecuteUpdateAsync(set => set.SetProperty(i => i.AccountsSyncedAt, now));
        return account.Id;
    }

    /// <summary>A database as a capacity sync and a table refresh would leave it, written directly.</summary>
    private static async Task<Guid> DatabaseAsync(SymphonyApp app, string slug, Guid instanceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Symphony.Application.Common.IApplicationDbContext>();
        var workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => w.Id).SingleAsync();
        var now = DateTime.UtcNow;
        var database = new Symphony.Domain.Capacity.InstanceDatabase
        {
            WorkspaceId = workspaceId, InstanceId = instanceId, Name = "app", FirstSeenAt = now, LastSeenAt = now, SizeBytes = 8192,
            TablesCollectedAt = now, TablesTotal = 1,
        };
        db.InstanceDatabases.Add(database);
        db.DatabaseSizeStats.Add(new Symphony.Domain.Capacity.DatabaseSizeStat
        {
            WorkspaceId = workspaceId, InstanceId = instanceId, DatabaseId = database.Id, Day = DateOnly.FromDateTime(now), SizeBytes = 8192, CollectedAt = now,
        });
        db.TableSizeStats.Add(new Symphony.Domain.Capacity.TableSizeStat
        {
            WorkspaceId = workspaceId, InstanceId = instanceId, DatabaseId = database.Id, SchemaName = "public", TableName = "orders", Kind = "table",
            TotalBytes = 8192, TableBytes = 8192, CollectedAt = now,
        });
        await db.SaveChangesAsync();
        return database.Id;
    }

    private static void Check(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"setup call failed: {(int)response.StatusCode}");

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        Check(response);
        return Guid.Parse((await ReadJsonAsync(response))["id"]!.GetValue<string>());
    }
}

/// <summary>
/// One endpoint of the API: its OpenAPI template, who may call it, the success status with a valid body,
/// and the valid body itself (from the resources and the caller's client, for bodies that need a version).
/// </summary>
public sealed record ApiEndpoint(
    string Method, string Template, Access Access, HttpStatusCode Success,
    Func<Resources, HttpClient, Task<object?>>? Body = null, bool NeedsCsrf = false, bool EndsSession = false, bool OptionalBody = false,
    bool CsvBody = false, bool RefusesTokens = false, string? Query = null)
{
    /// <summary>The valid body as it is sent: JSON, or for CSV endpoints the text itself.</summary>
    public async Task<HttpContent?> ContentAsync(Resources r, HttpClient client) =>
        Body is null ? null
        : CsvBody ? new StringContent((string)(await Body(r, client))!, System.Text.Encoding.UTF8, "text/csv")
        : Json((await Body(r, client))!);

    public bool NeedsRuns => Template.Contains("/runs", StringComparison.Ordinal);

    public string Path(Resources r) => Template
        .Replace("{workspace}", r.Workspace)
        .Replace("{runId}", (Template.EndsWith("/actions/cancel", StringComparison.Ordinal) ? r.ProcessingRunId : r.FailedRunId).ToString())
        .Replace("{itemExecutionId}", r.FailedItemExecutionId.ToString())
        .Replace("{userId}", r.MemberId.ToString())
        .Replace("{batchId}", r.BatchId.ToString())
        .Replace("{vaultId}", r.VaultId.ToString())
        .Replace("{itemId}", r.ItemId.ToString())
        .Replace("{jobId}", Resources.JobId)
        .Replace("{tokenId}", r.ServiceTokenId.ToString())
        .Replace("{id}", IdFor(r).ToString()) + (Query is null ? "" : "?" + Query);

    private Guid IdFor(Resources r) =>
        Template.Contains("/auth/tokens/") ? r.TokenId
        : Template.Contains("/service-accounts/") ? r.ServiceAccountId
        : Template.Contains("/credentials/") ? r.CredentialId
        : Template.Contains("/tags/") ? r.TagId
        : Template.Contains("/classifications/") ? r.ClassificationId
        : Template.Contains("/webhooks/") ? r.WebhookId
        : Template.Contains("/accounts/") ? r.AccountId
        : Template.Contains("/capacity/databases/") ? r.DatabaseId
        : Template.Contains("/instances/") ? (Template.EndsWith("/actions/restore", StringComparison.Ordinal) ? r.DeletedDbInstanceId : r.DbInstanceId)
        : Template.Contains("/automations/") ? r.AutomationId
        : Template.Contains("/engines/") ? r.EngineId
        : Template.Contains("/orchestration-instances/") || Template.Contains("/orchestration-callbacks/") ? r.InstanceId
        : Template.Contains("/users/") ? r.MemberId
        : Template.Contains("/repos/") ? r.RepoId
        : Template.EndsWith("/actions/unlock", StringComparison.Ordinal) ? r.LockedVaultId
        : r.VaultId;

    /// <summary>Where the stored state this endpoint changes can be read back, to prove bad input changed nothing.</summary>
    public string? Probe(Resources r) => Method switch
    {
        "PATCH" when Template == "/api/v1/auth/me" => "/api/v1/auth/me",
        "PATCH" when Template.EndsWith("/members/{userId}", StringComparison.Ordinal) => $"/api/v1/workspaces/{r.Workspace}/members",
        "PATCH" => Path(r),
        "PUT" when Template.EndsWith("/threshold", StringComparison.Ordinal) => Path(r).Replace("/threshold", "/forecast"),
        "POST" when Template.EndsWith("/items/actions/bulk-create", StringComparison.Ordinal) => Path(r).Replace("/actions/bulk-create", ""),
        "POST" when Template.EndsWith("/actions/lock", StringComparison.Ordinal) || Template.EndsWith("/actions/unlock", StringComparison.Ordinal) => null,
        "POST" when Template.EndsWith("/runs", StringComparison.Ordinal) => $"/api/v1/workspaces/{r.Workspace}/runs?limit=200",
        "POST" when Template.EndsWith("/instances/actions/import", StringComparison.Ordinal) => $"/api/v1/workspaces/{r.Workspace}/instances?limit=200",
        "POST" when Template.EndsWith("/actions/restore", StringComparison.Ordinal) => null,
        "POST" when Template.Contains("/tags/actions/", StringComparison.Ordinal) => $"/api/v1/workspaces/{r.Workspace}/instances?limit=200&include_deleted=true",
        "POST" when Access is not Access.Public && !Template.Contains("/auth/") && !Template.Contains("/actions/") => Path(r),
        _ => null,
    };

    public override string ToString() => $"{Method} {Template}";
}

public static class ApiCatalogue
{
    private static Func<Resources, HttpClient, Task<object?>> Static(Func<Resources, object> body) => (r, _) => Task.FromResult<object?>(body(r));
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    public static readonly IReadOnlyList<ApiEndpoint> All =
    [
        new("GET", "/api/v1/auth/csrf-token", Access.Public, HttpStatusCode.OK),
        new("POST", "/api/v1/auth/login", Access.Public, HttpStatusCode.Unauthorized,
            Static(_ => new { username = "nobody", password = "Wrong1Password" }), NeedsCsrf: true),
        new("POST", "/api/v1/auth/refresh", Access.Public, HttpStatusCode.Unauthorized, Static(_ => new { refresh_token = "not-a-token" })),
        new("POST", "/api/v1/auth/logout", Access.Authenticated, HttpStatusCode.NoContent, EndsSession: true, RefusesTokens: true),
        new("GET", "/api/v1/auth/me", Access.Authenticated, HttpStatusCode.OK),
        new("PATCH", "/api/v1/auth/me", Access.Authenticated, HttpStatusCode.OK, async (_, client) =>
        {
            var me = await ReadJsonAsync(await client.GetAsync("/api/v1/auth/me"));
            return new { display_name = "Matrix", version = me["user"]?["version"]?.GetValue<int>() ?? 1 };
        }, RefusesTokens: true),
        // A weak new password: the answer is the validation error, which shows the caller got past authorization.
        new("POST", "/api/v1/auth/change-password", Access.Authenticated, HttpStatusCode.BadRequest,
            Static(_ => new { current_password = "Whatever1", new_password = "weak" }), RefusesTokens: true),

        new("GET", "/api/v1/auth/sessions", Access.Authenticated, HttpStatusCode.OK, RefusesTokens: true),
        // Not one of the caller's sessions (a vault's id): refused alike for every role; an own session's end is tested apart.
        new("DELETE", "/api/v1/auth/sessions/{id}", Access.Authenticated, HttpStatusCode.NotFound, RefusesTokens: true),
        new("GET", "/api/v1/auth/tokens", Access.Authenticated, HttpStatusCode.OK, RefusesTokens: true),
        new("POST", "/api/v1/auth/tokens", Access.Authenticated, HttpStatusCode.Created,
            Static(_ => new { name = Unique("ci-"), expires_in_days = 7 }), RefusesTokens: true),
        new("GET", "/api/v1/auth/tokens/{id}", Access.OwnToken, HttpStatusCode.OK, RefusesTokens: true),
        new("DELETE", "/api/v1/auth/tokens/{id}", Access.OwnToken, HttpStatusCode.NoContent, RefusesTokens: true),
        new("GET", "/api/v1/users", Access.Admin, HttpStatusCode.OK),
        new("POST", "/api/v1/users", Access.Admin, HttpStatusCode.Created,
            Static(_ => new { username = Unique("new"), password = "Matrix1Password", role = "viewer" })),
        new("GET", "/api/v1/users/{id}", Access.Admin, HttpStatusCode.OK),
        new("PATCH", "/api/v1/users/{id}", Access.Admin, HttpStatusCode.OK, Static(_ => new { display_name = "Renamed", version = 1 })),
        new("DELETE", "/api/v1/users/{id}", Access.Admin, HttpStatusCode.NoContent),
        new("POST", "/api/v1/users/{id}/actions/reset-password", Access.Admin, HttpStatusCode.NoContent,
            Static(_ => new { new_password = "Reset1Password" })),
        new("POST", "/api/v1/users/{id}/actions/unlock", Access.Admin, HttpStatusCode.NoContent),
        new("GET", "/api/v1/audit-events", Access.Admin, HttpStatusCode.OK),
        new("GET", "/api/v1/partitions", Access.Admin, HttpStatusCode.OK),

        new("GET", "/api/v1/workspaces", Access.Authenticated, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces", Access.CreateWorkspace, HttpStatusCode.Created,
            Static(_ => new { slug = "w-" + Guid.NewGuid().ToString("N")[..10], name = "New", type = "client" })),
        new("GET", "/api/v1/workspaces/{workspace}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}", Access.Manage, HttpStatusCode.OK,
            Static(_ => new { name = "Renamed", settings = "{\"k\":1}", version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}", Access.Manage, HttpStatusCode.NoContent),

        new("GET", "/api/v1/workspaces/{workspace}/service-accounts", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/service-accounts", Access.Manage, HttpStatusCode.Created,
            Static(_ => new { name = Unique("svc-"), role = "operator" }), RefusesTokens: true),
        new("DELETE", "/api/v1/workspaces/{workspace}/service-accounts/{id}", Access.Manage, HttpStatusCode.NoContent, RefusesTokens: true),
        new("GET", "/api/v1/workspaces/{workspace}/service-accounts/{id}/tokens", Access.Manage, HttpStatusCode.OK, RefusesTokens: true),
        new("POST", "/api/v1/workspaces/{workspace}/service-accounts/{id}/tokens", Access.Manage, HttpStatusCode.Created,
            Static(_ => new { name = Unique("nightly-"), expires_in_days = 7 }), RefusesTokens: true),
        new("DELETE", "/api/v1/workspaces/{workspace}/service-accounts/{id}/tokens/{tokenId}", Access.Manage, HttpStatusCode.NoContent, RefusesTokens: true),
        new("GET", "/api/v1/workspaces/{workspace}/members", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/members", Access.Manage, HttpStatusCode.Created,
            Static(r => new { user_id = r.OtherUserId, role = "viewer" })),
        new("PATCH", "/api/v1/workspaces/{workspace}/members/{userId}", Access.Manage, HttpStatusCode.OK, Static(_ => new { role = "operator" })),
        new("DELETE", "/api/v1/workspaces/{workspace}/members/{userId}", Access.Manage, HttpStatusCode.NoContent),

        new("GET", "/api/v1/workspaces/{workspace}/repos", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/repos", Access.Write, HttpStatusCode.Created,
            Static(_ => new { name = Unique("r"), remote_url = "https://github.com/acme/db.git", default_branch = "main" })),
        new("GET", "/api/v1/workspaces/{workspace}/repos/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/repos/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { description = "changed", version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/repos/{id}", Access.Write, HttpStatusCode.NoContent),

        new("GET", "/api/v1/workspaces/{workspace}/vaults", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/vaults", Access.Write, HttpStatusCode.Created,
            Static(_ => new { name = Unique("v"), description = "d" })),
        new("GET", "/api/v1/workspaces/{workspace}/vaults/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/vaults/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { description = "changed", version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/vaults/{id}", Access.Manage, HttpStatusCode.NoContent),
        new("POST", "/api/v1/workspaces/{workspace}/vaults/{id}/actions/lock", Access.Manage, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/vaults/{id}/actions/unlock", Access.Manage, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/vaults/{vaultId}/credentials", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/vaults/{vaultId}/credentials", Access.Write, HttpStatusCode.Created,
            Static(_ => new { name = Unique("c"), username = "reader", secret = "Matrix-Secret-9", description = "d" })),
        new("GET", "/api/v1/workspaces/{workspace}/vaults/{vaultId}/credentials/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/vaults/{vaultId}/credentials/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { description = "changed", secret = "Rotated-Secret-2", version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/vaults/{vaultId}/credentials/{id}", Access.Write, HttpStatusCode.NoContent),

        new("GET", "/api/v1/workspaces/{workspace}/instances", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/instances", Access.Write, HttpStatusCode.Created,
            Static(_ => new { name = Unique("i"), db_type = "postgresql", host = "pg.internal", port = 5433, database_name = "postgres", environment = "staging" })),
        new("GET", "/api/v1/workspaces/{workspace}/instances/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/instances/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { description = "changed", port = 6432, version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/instances/{id}", Access.Write, HttpStatusCode.NoContent),
        new("POST", "/api/v1/workspaces/{workspace}/instances/{id}/actions/restore", Access.Write, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/instances/actions/export", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/instances/actions/import", Access.Write, HttpStatusCode.OK,
            Static(_ => $"name,db_type,host,port\r\n{Unique("imp")},postgresql,pg2.internal,5432\r\n"), CsvBody: true),
        new("POST", "/api/v1/workspaces/{workspace}/instances/actions/sync-accounts", Access.Write, HttpStatusCode.Accepted,
            Static(r => new { instance_ids = new[] { r.DbInstanceId } }), OptionalBody: true),
        new("POST", "/api/v1/workspaces/{workspace}/instances/{id}/actions/sync-accounts", Access.Write, HttpStatusCode.Accepted),
        new("POST", "/api/v1/workspaces/{workspace}/instances/actions/sync-capacity", Access.Write, HttpStatusCode.Accepted,
            Static(r => new { instance_ids = new[] { r.DbInstanceId } }), OptionalBody: true),
        new("POST", "/api/v1/workspaces/{workspace}/instances/{id}/actions/sync-capacity", Access.Write, HttpStatusCode.Accepted),
        new("POST", "/api/v1/workspaces/{workspace}/instances/actions/auto-classify", Access.Write, HttpStatusCode.Accepted,
            Static(r => new { instance_ids = new[] { r.DbInstanceId } }), OptionalBody: true),
        new("POST", "/api/v1/workspaces/{workspace}/instances/{id}/actions/auto-classify", Access.Write, HttpStatusCode.Accepted),
        new("GET", "/api/v1/workspaces/{workspace}/accounts/{id}/classifications", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/classifications", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/classifications/statistics", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/account-changes/actions/export", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/accounts/actions/export", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/account-changes/statistics", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/classifications", Access.Write, HttpStatusCode.Created,
            Static(_ => new { code = Unique("c"), name = "Superusers", risk_level = 6, description = "Effective superusers", priority = 10, colour = "#c62828" })),
        new("GET", "/api/v1/workspaces/{workspace}/classifications/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/classifications/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { risk_level = 3, version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/classifications/{id}", Access.Write, HttpStatusCode.NoContent),
        new("GET", "/api/v1/workspaces/{workspace}/classifications/{id}/rules", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/classifications/{id}/rules", Access.Write, HttpStatusCode.Created,
            Static(_ => new { db_type = "postgresql", rule = new { version = 1, expr = new { can_login = new { } } } })),
        new("POST", "/api/v1/workspaces/{workspace}/classifications/{id}/rules/actions/preview", Access.Read, HttpStatusCode.OK,
            Static(_ => new { db_type = "postgresql", rule = new { version = 1, expr = new { can_login = new { } } } })),
        new("GET", "/api/v1/workspaces/{workspace}/classifications/{id}/accounts", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/webhooks", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/webhooks", Access.Manage, HttpStatusCode.Created,
            Static(_ => new { name = Unique("w"), url = "https://hooks.example.com/alerts", events = new[] { "account.classified" }, secret = "a-long-enough-secret", min_risk_level = 5 })),
        new("GET", "/api/v1/workspaces/{workspace}/webhooks/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/webhooks/{id}", Access.Manage, HttpStatusCode.OK,
            Static(_ => new { enabled = false, version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/webhooks/{id}", Access.Manage, HttpStatusCode.NoContent),
        new("GET", "/api/v1/workspaces/{workspace}/webhooks/{id}/deliveries", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/webhooks/{id}/actions/test", Access.Manage, HttpStatusCode.Accepted),
        new("GET", "/api/v1/workspaces/{workspace}/instances/{id}/accounts", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/instances/{id}/privilege-holders", Access.Read, HttpStatusCode.OK, Query: "object=app.public.orders&privilege=SELECT"),
        new("GET", "/api/v1/workspaces/{workspace}/accounts", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/accounts/{id}", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/accounts/{id}/members", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/accounts/{id}/changes", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/account-changes", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/databases", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/databases/{id}/sizes", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/databases/{id}/tables", Access.Read, HttpStatusCode.OK),
        // The database's instance refuses connections: a permitted caller gets 502 DATABASE_CONNECTION_ERROR at once.
        new("POST", "/api/v1/workspaces/{workspace}/capacity/databases/{id}/tables/actions/refresh", Access.Write, HttpStatusCode.BadGateway),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/instances/{id}/sizes", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/instances/{id}/summaries", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/databases/{id}/summaries", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/growers", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/dashboard", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/instances/{id}/forecast", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/databases/{id}/forecast", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/capacity/forecasts/outgrowing", Access.Read, HttpStatusCode.OK),
        new("PUT", "/api/v1/workspaces/{workspace}/capacity/instances/{id}/threshold", Access.Write, HttpStatusCode.OK,
            Static(_ => new { threshold_bytes = 1L << 40 })),
        new("POST", "/api/v1/workspaces/{workspace}/capacity/actions/aggregate", Access.Write, HttpStatusCode.Accepted,
            Static(r => new { from = "2026-01-01", to = "2026-01-31", force = true, instance_ids = new[] { r.DbInstanceId } }), OptionalBody: true),
        // A closed local port: the answer (200 with an unreachable result) comes at once.
        new("POST", "/api/v1/workspaces/{workspace}/instances/actions/test-connection", Access.Write, HttpStatusCode.OK,
            Static(_ => new { db_type = "postgresql", host = "127.0.0.1", port = 9, username = "probe", password = "Probe-1" })),

        new("GET", "/api/v1/workspaces/{workspace}/automations", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/automations", Access.Write, HttpStatusCode.Created,
            Static(_ => new { name = Unique("a"), handler_kind = "echo", item_schema = new { type = "object" }, max_attempts = 3 })),
        new("GET", "/api/v1/workspaces/{workspace}/automations/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/automations/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { description = "changed", max_concurrency = 8, version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/automations/{id}", Access.Write, HttpStatusCode.NoContent),
        new("GET", "/api/v1/workspaces/{workspace}/automations/{id}/batches", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/automations/{id}/batches", Access.Write, HttpStatusCode.Created,
            Static(_ => new { name = Unique("b"), payload = new { k = 1 } })),
        new("GET", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { name = Unique("b"), version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}", Access.Write, HttpStatusCode.NoContent),
        new("GET", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items", Access.Write, HttpStatusCode.Created,
            Static(_ => new { payload = new { host = "db2" } })),
        new("POST", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items/actions/bulk-create", Access.Write, HttpStatusCode.Created,
            Static(_ => new { items = new[] { new { payload = new { host = "a" } }, new { payload = new { host = "b" } } } })),
        new("GET", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items/{itemId}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items/{itemId}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { payload = new { host = "db9" }, version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items/{itemId}", Access.Write, HttpStatusCode.NoContent),

        new("POST", "/api/v1/workspaces/{workspace}/automations/{id}/runs", Access.Write, HttpStatusCode.Accepted,
            Static(_ => new { correlation_id = "matrix", trigger = "manual" }), OptionalBody: true),
        new("GET", "/api/v1/workspaces/{workspace}/runs", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/runs/{runId}", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/runs/{runId}/batches", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/runs/{runId}/items", Access.Read, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/runs/{runId}/items/{itemExecutionId}/history", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/runs/{runId}/actions/cancel", Access.Write, HttpStatusCode.OK,
            Static(_ => new { reason = "matrix" }), OptionalBody: true),
        new("POST", "/api/v1/workspaces/{workspace}/runs/{runId}/actions/retry-failed", Access.Write, HttpStatusCode.Accepted),
        new("GET", "/api/v1/workspaces/{workspace}/runs/{runId}/orchestrations", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/runs/{runId}/orchestrations", Access.Write, HttpStatusCode.Created,
            Static(r => new { orchestration_instance_id = r.InstanceId })),

        new("GET", "/api/v1/workspaces/{workspace}/tags", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/tags", Access.Write, HttpStatusCode.Created,
            Static(_ => new { code = Unique("t"), display_name = "New tag", category = "team", colour = "#2e7d32" })),
        new("GET", "/api/v1/workspaces/{workspace}/tags/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/tags/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { display_name = "Renamed", version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/tags/{id}", Access.Write, HttpStatusCode.NoContent),
        new("POST", "/api/v1/workspaces/{workspace}/tags/actions/assign", Access.Write, HttpStatusCode.OK,
            Static(r => new { tags = new[] { Resources.TagCode }, instance_ids = new[] { r.DbInstanceId } })),
        new("POST", "/api/v1/workspaces/{workspace}/tags/actions/remove", Access.Write, HttpStatusCode.OK,
            Static(r => new { tags = new[] { Resources.TagCode }, instance_ids = new[] { r.DbInstanceId } })),
        new("POST", "/api/v1/workspaces/{workspace}/tags/actions/remove-all", Access.Write, HttpStatusCode.OK,
            Static(r => new { instance_ids = new[] { r.DbInstanceId } })),

        new("GET", "/api/v1/workspaces/{workspace}/scheduler/jobs", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/scheduler/jobs", Access.Write, HttpStatusCode.Created,
            Static(r => new { id = Unique("j-"), name = "Nightly", automation = r.AutomationId.ToString(), schedule = new { cron = "0 30 2 * * ?", time_zone = "Europe/Berlin" }, misfire = "skip" })),
        new("POST", "/api/v1/workspaces/{workspace}/scheduler/jobs/actions/reload", Access.Manage, HttpStatusCode.OK),
        new("GET", "/api/v1/workspaces/{workspace}/scheduler/jobs/{jobId}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/scheduler/jobs/{jobId}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { schedule = new { interval_seconds = 3600 }, misfire = "fire_once" })),
        new("DELETE", "/api/v1/workspaces/{workspace}/scheduler/jobs/{jobId}", Access.Write, HttpStatusCode.NoContent),
        new("POST", "/api/v1/workspaces/{workspace}/scheduler/jobs/{jobId}/actions/pause", Access.Write, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/scheduler/jobs/{jobId}/actions/resume", Access.Write, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/scheduler/jobs/{jobId}/actions/run", Access.Write, HttpStatusCode.Accepted),
        new("GET", "/api/v1/workspaces/{workspace}/scheduler/firings", Access.Read, HttpStatusCode.OK),

        new("GET", "/api/v1/workspaces/{workspace}/engines", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/engines", Access.Write, HttpStatusCode.Created,
            Static(_ => new { name = Unique("e"), type = "argo", base_url = "https://argo.example.com", config = new { @namespace = "ops" } })),
        new("GET", "/api/v1/workspaces/{workspace}/engines/{id}", Access.Read, HttpStatusCode.OK),
        new("PATCH", "/api/v1/workspaces/{workspace}/engines/{id}", Access.Write, HttpStatusCode.OK,
            Static(_ => new { description = "changed", version = 1 })),
        new("DELETE", "/api/v1/workspaces/{workspace}/engines/{id}", Access.Write, HttpStatusCode.NoContent),
        new("GET", "/api/v1/workspaces/{workspace}/orchestration-instances", Access.Read, HttpStatusCode.OK),
        new("POST", "/api/v1/workspaces/{workspace}/orchestration-instances", Access.Write, HttpStatusCode.Created,
            Static(r => new { engine_id = r.EngineId, external_id = Unique("wf"), status = "completed", metadata = new { url = "https://ci/1" } })),
        new("GET", "/api/v1/workspaces/{workspace}/orchestration-instances/{id}", Access.Read, HttpStatusCode.OK),
        // Engines call back with the token they were given; without it the answer is 404, whoever calls.
        new("POST", "/api/v1/orchestration-callbacks/{id}", Access.Public, HttpStatusCode.NotFound, Static(_ => new { status = "running" })),
    ];

    /// <summary>The status each role gets. Admin: member of nothing here but sees everything.</summary>
    public static HttpStatusCode Expected(ApiEndpoint endpoint, TestRole role)
    {
        if (endpoint.Access == Access.Public) return endpoint.Success;
        if (role == TestRole.Anonymous) return HttpStatusCode.Unauthorized;
        if (TokenOf(role) is not null && endpoint.RefusesTokens) return HttpStatusCode.Forbidden;
        // The resources' token is the admin's: only the admin and the admin's own token find it.
        if (endpoint.Access == Access.OwnToken)
            return role is TestRole.Admin or TestRole.ViewerAdminToken ? endpoint.Success : HttpStatusCode.NotFound;
        // A token acts as its role: the operator's as an operator, the admin's viewer token as a viewer.
        role = role switch { TestRole.OperatorToken => TestRole.Operator, TestRole.ViewerAdminToken => TestRole.Viewer, _ => role };
        if (role == TestRole.Admin) return endpoint.Success;
        return (endpoint.Access, role) switch
        {
            (Access.Authenticated, _) => endpoint.Success,
            (Access.Admin, _) => HttpStatusCode.Forbidden,
            (Access.CreateWorkspace, TestRole.Viewer) => HttpStatusCode.Forbidden,
            (Access.CreateWorkspace, _) => endpoint.Success,
            (_, TestRole.NonMember) => HttpStatusCode.NotFound,
            (Access.Read, _) => endpoint.Success,
            (Access.Write, TestRole.Operator) => endpoint.Success,
            _ => HttpStatusCode.Forbidden,
        };
    }

    public static async Task<HttpResponseMessage> SendAsync(SymphonyApp app, HttpClient client, ApiEndpoint endpoint, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path) { Content = content };
        if (endpoint.NeedsCsrf)
        {
            var cookies = app.NewClient(cookies: true);
            request.Headers.Add("X-CSRF-Token", await CsrfTokenAsync(cookies));
            return await cookies.SendAsync(request);
        }
        return await client.SendAsync(request);
    }
}
