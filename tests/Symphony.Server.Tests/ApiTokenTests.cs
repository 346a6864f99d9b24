using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Personal access tokens: shown once, kept as a hash, scoped, revoked at once, and never above their user.</summary>
public abstract class ApiTokenTests(SymphonyApp app)
{
    private async Task<(Guid Id, string Name, HttpClient Client)> NewUserAsync(string role = "operator")
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..10];
        var id = await app.CreateUserAsync(name, role);
        var session = await app.LoginAsync(name, UserPassword);
        return (id, name, session.Bearer(app));
    }

    private HttpClient WithToken(string token)
    {
        var client = app.ClientFor(TestRole.Anonymous);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(Guid Id, string Token)> CreateAsync(HttpClient creator, object body)
    {
        var response = await creator.PostAsync("/api/v1/auth/tokens", Json(body));
        var json = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return (Guid.Parse(json["id"]!.GetValue<string>()), json["token"]!.GetValue<string>());
    }

    private async Task<string> WorkspaceAsync(Guid member, string role)
    {
        var slug = "tk-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = slug }))).StatusCode);
        await app.AddMemberAsync(slug, member, role);
        return slug;
    }

    [Fact]
    public async Task A_token_is_shown_once_kept_only_as_its_hash_and_works_as_a_bearer_without_csrf()
    {
        var (userId, name, client) = await NewUserAsync();
        var workspace = await WorkspaceAsync(userId, "operator");
        var (id, token) = await CreateAsync(client, new { name = "pipeline", expires_in_days = 30, role = "operator" });
        Assert.StartsWith("sym_", token, StringComparison.Ordinal);

        var listed = await ReadJsonAsync(await client.GetAsync("/api/v1/auth/tokens"));
        var entry = Assert.Single(listed["items"]!.AsArray());
        Assert.Equal(id.ToString(), entry!["id"]!.GetValue<string>());
        Assert.Equal(token[..12], entry["hint"]!.GetValue<string>());
        Assert.DoesNotContain(token, listed.ToJsonString(), StringComparison.Ordinal);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var stored = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.TokenHash);
            var target = id.ToString();
            var audit = await db.AuditEvents.AsNoTracking().Where(e => e.TargetId == target).Select(e => e.Action + " " + e.Details).ToListAsync();
            Assert.Contains(audit, a => a.StartsWith("auth.token_created", StringComparison.Ordinal));
            Assert.DoesNotContain(audit, a => a.Contains(token[4..], StringComparison.Ordinal));
        }

        // No CSRF step, no cookie: the token alone writes.
        var bearer = WithToken(token);
        var me = await ReadJsonAsync(await bearer.GetAsync("/api/v1/auth/me"));
        Assert.Equal(name, me["user"]!["username"]!.GetValue<string>());
        var vault = await bearer.PostAsync($"/api/v1/workspaces/{workspace}/vaults", Json(new { name = "from-a-pipeline" }));
        Assert.Equal(HttpStatusCode.Created, vault.StatusCode);
        var used = await ReadJsonAsync(await client.GetAsync($"/api/v1/auth/tokens/{id}"));
        Assert.NotNull(used["last_used_at"]?.GetValue<DateTime>());
    }

    [Fact]
    public async Task A_revoked_token_and_an_expired_one_answer_401_token_revoked()
    {
        var (_, _, client) = await NewUserAsync();
        var (id, token) = await CreateAsync(client, new { name = "revoked", expires_in_days = 1 });
        var bearer = WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/auth/tokens/{id}")).StatusCode);
        await AssertProblemAsync(await bearer.GetAsync("/api/v1/auth/me"), HttpStatusCode.Unauthorized, "TOKEN_REVOKED");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/auth/tokens/{id}")).StatusCode);
        Assert.NotNull((await ReadJsonAsync(await client.GetAsync($"/api/v1/auth/tokens/{id}")))["revoked_at"]?.GetValue<DateTime>());

        var (expiredId, expired) = await CreateAsync(client, new { name = "expired", expires_in_days = 1 });
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var sessionId = await db.ApiTokens.Where(t => t.Id == expiredId).Select(t => t.SessionId).SingleAsync();
            await db.AuthSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(set => set.SetProperty(s => s.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        }
        await AssertProblemAsync(await WithToken(expired).GetAsync("/api/v1/auth/me"), HttpStatusCode.Unauthorized, "TOKEN_REVOKED");
        await AssertProblemAsync(await WithToken("sym_" + new string('a', 43)).GetAsync("/api/v1/auth/me"), HttpStatusCode.Unauthorized, "AUTHENTICATION_REQUIRED");
    }

    [Fact]
    public async Task A_token_acts_with_at_most_its_role_and_only_in_its_workspaces()
    {
        var (userId, _, client) = await NewUserAsync();
        var first = await WorkspaceAsync(userId, "owner");
        var second = await WorkspaceAsync(userId, "owner");

        var (_, viewer) = await CreateAsync(client, new { name = "read-only", expires_in_days = 7, role = "viewer" });
        Assert.Equal(HttpStatusCode.OK, (await WithToken(viewer).GetAsync($"/api/v1/workspaces/{first}/vaults")).StatusCode);
        await AssertProblemAsync(await WithToken(viewer).PostAsync($"/api/v1/workspaces/{first}/vaults", Json(new { name = "no" })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        var (_, operatorToken) = await CreateAsync(client, new { name = "operator", expires_in_days = 7, role = "operator" });
        Assert.Equal(HttpStatusCode.Created, (await WithToken(operatorToken).PostAsync($"/api/v1/workspaces/{first}/vaults", Json(new { name = "yes" }))).StatusCode);
        await AssertProblemAsync(await WithToken(operatorToken).PatchAsync($"/api/v1/workspaces/{first}", Json(new { name = "Renamed", version = 1 })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        var (_, narrow) = await CreateAsync(client, new { name = "first-only", expires_in_days = 7, role = "owner", workspaces = new[] { first } });
        var scoped = WithToken(narrow);
        var version = (await ReadJsonAsync(await scoped.GetAsync($"/api/v1/workspaces/{first}")))["version"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, (await scoped.PatchAsync($"/api/v1/workspaces/{first}", Json(new { name = "Renamed", version }))).StatusCode);
        await AssertProblemAsync(await scoped.GetAsync($"/api/v1/workspaces/{second}/vaults"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        var listed = await ReadJsonAsync(await scoped.GetAsync("/api/v1/workspaces?limit=200"));
        Assert.Equal([first], listed["items"]!.AsArray().Select(w => w!["slug"]!.GetValue<string>()));

        // The admin's viewer token is no admin.
        var (_, adminViewer) = await app.CreateApiTokenAsync(TestRole.Admin, "viewer");
        await AssertProblemAsync(await WithToken(adminViewer).GetAsync("/api/v1/users"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var (_, adminToken) = await app.CreateApiTokenAsync(TestRole.Admin, "admin");
        Assert.Equal(HttpStatusCode.OK, (await WithToken(adminToken).GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task A_token_is_never_above_its_creator_and_cannot_manage_tokens()
    {
        var (viewerId, _, viewerClient) = await NewUserAsync("viewer");
        await AssertProblemAsync(await viewerClient.PostAsync("/api/v1/auth/tokens", Json(new { name = "x", expires_in_days = 7, role = "operator" })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var (operatorId, _, operatorClient) = await NewUserAsync();
        await AssertProblemAsync(await operatorClient.PostAsync("/api/v1/auth/tokens", Json(new { name = "x", expires_in_days = 7, role = "admin" })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var viewed = await WorkspaceAsync(operatorId, "viewer");
        await AssertProblemAsync(await operatorClient.PostAsync("/api/v1/auth/tokens",
            Json(new { name = "x", expires_in_days = 7, role = "operator", workspaces = new[] { viewed } })), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await operatorClient.PostAsync("/api/v1/auth/tokens",
            Json(new { name = "x", expires_in_days = 7, workspaces = new[] { "no-such-workspace" } })), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertProblemAsync(await operatorClient.PostAsync("/api/v1/auth/tokens", Json(new { name = "x", expires_in_days = 400 })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotEqual(viewerId, operatorId);

        var (id, token) = await CreateAsync(operatorClient, new { name = "pipeline", expires_in_days = 7, role = "operator" });
        await AssertProblemAsync(await WithToken(token).PostAsync("/api/v1/auth/tokens", Json(new { name = "child", expires_in_days = 366 })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await WithToken(token).DeleteAsync($"/api/v1/auth/tokens/{id}"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        // Someone else's token does not exist for the caller.
        await AssertProblemAsync(await viewerClient.DeleteAsync($"/api/v1/auth/tokens/{id}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }

    [Fact]
    public async Task Disabling_the_user_refuses_their_tokens()
    {
        var (userId, _, client) = await NewUserAsync();
        var (_, token) = await CreateAsync(client, new { name = "pipeline", expires_in_days = 7 });
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync("/api/v1/auth/me")).StatusCode);
        var user = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/users/{userId}"));
        Assert.Equal(HttpStatusCode.OK, (await app.Admin.PatchAsync($"/api/v1/users/{userId}",
            Json(new { is_disabled = true, version = user["version"]!.GetValue<int>() }))).StatusCode);
        var refused = await WithToken(token).GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_limited_to_workspaces_has_no_platform_power_and_sees_only_its_workspaces_in_me()
    {
        var (userId, _, client) = await NewUserAsync();
        var reached = await WorkspaceAsync(userId, "owner");
        var other = await WorkspaceAsync(userId, "owner");
        var (_, adminLimited) = await app.CreateApiTokenAsync(TestRole.Admin, "admin", [reached]);
        await AssertProblemAsync(await WithToken(adminLimited).GetAsync("/api/v1/users"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await WithToken(adminLimited).GetAsync("/api/v1/audit-events"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await WithToken(adminLimited).PostAsync("/api/v1/workspaces", Json(new { slug = "nope-" + Guid.NewGuid().ToString("N")[..6], name = "x" })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        var (_, limited) = await CreateAsync(client, new { name = "one", expires_in_days = 7, role = "operator", workspaces = new[] { reached } });
        var me = await ReadJsonAsync(await WithToken(limited).GetAsync("/api/v1/auth/me"));
        var workspaces = me["workspaces"]!.AsArray();
        Assert.Equal([reached], workspaces.Select(w => w!["slug"]!.GetValue<string>()));
        Assert.Equal("operator", workspaces[0]!["role"]!.GetValue<string>());
        Assert.DoesNotContain(other, me.ToJsonString(), StringComparison.Ordinal);

        // What belongs to the person stays theirs: profile, password, sign-out, the list of their tokens.
        var bearer = WithToken(limited);
        await AssertProblemAsync(await bearer.PatchAsync("/api/v1/auth/me", Json(new { display_name = "Taken over" })), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await bearer.PostAsync("/api/v1/auth/change-password", Json(new { current_password = UserPassword, new_password = "Another1Password" })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await bearer.GetAsync("/api/v1/auth/tokens"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await bearer.PostAsync("/api/v1/auth/logout", null), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_service_account_acts_through_its_tokens_in_its_workspace_only_and_cannot_sign_in()
    {
        var (ownerId, _, owner) = await NewUserAsync();
        var workspace = await WorkspaceAsync(ownerId, "owner");
        var elsewhere = await WorkspaceAsync(ownerId, "owner");
        var account = await ReadJsonAsync(await owner.PostAsync($"/api/v1/workspaces/{workspace}/service-accounts", Json(new { name = "ci", role = "operator" })));
        var accountId = account["id"]!.GetValue<string>();
        Assert.Equal($"ci@{workspace}", account["username"]!.GetValue<string>());
        var issued = await ReadJsonAsync(await owner.PostAsync($"/api/v1/workspaces/{workspace}/service-accounts/{accountId}/tokens",
            Json(new { name = "nightly", expires_in_days = 30 })));
        var token = WithToken(issued["token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Created, (await token.PostAsync($"/api/v1/workspaces/{workspace}/vaults", Json(new { name = "from-ci" }))).StatusCode);
        await AssertProblemAsync(await token.GetAsync($"/api/v1/workspaces/{elsewhere}/vaults"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertProblemAsync(await token.DeleteAsync($"/api/v1/workspaces/{workspace}"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var members = await ReadJsonAsync(await owner.GetAsync($"/api/v1/workspaces/{workspace}/members"));
        Assert.Contains(members["items"]!.AsArray(), m => m!["username"]!.GetValue<string>() == $"ci@{workspace}" && m["role"]!.GetValue<string>() == "operator");
        await AssertProblemAsync(await owner.PostAsync($"/api/v1/workspaces/{elsewhere}/members", Json(new { user_id = accountId, role = "owner" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var listed = (await ReadJsonAsync(await owner.GetAsync($"/api/v1/workspaces/{workspace}/service-accounts"))).AsArray();
        Assert.Equal(1, Assert.Single(listed)!["live_tokens"]!.GetValue<int>());

        // No password: no sign-in, and none can be given.
        var signIn = await app.TryLoginAsync($"ci@{workspace}", "Anything1Password");
        Assert.NotEqual(HttpStatusCode.OK, signIn.StatusCode);
        await AssertProblemAsync(await app.Admin.PostAsync($"/api/v1/users/{accountId}/actions/reset-password", Json(new { new_password = "Service1Password" })),
            HttpStatusCode.Conflict, "INVALID_STATE_TRANSITION");

        // A viewer of the workspace sees it but cannot make tokens for it; deleting it refuses its tokens at once.
        var (viewerId, _, viewer) = await NewUserAsync("operator");
        await app.AddMemberAsync(workspace, viewerId, "viewer");
        await AssertProblemAsync(await viewer.PostAsync($"/api/v1/workspaces/{workspace}/service-accounts/{accountId}/tokens", Json(new { name = "x", expires_in_days = 1 })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/workspaces/{workspace}/service-accounts/{accountId}")).StatusCode);
        await AssertProblemAsync(await token.GetAsync($"/api/v1/workspaces/{workspace}/vaults"), HttpStatusCode.Unauthorized, "TOKEN_REVOKED");
    }
}

[Collection(SqliteIdentityServer.Name)]
public sealed class SqliteApiTokenTests(SqliteApp app) : ApiTokenTests(app);

[Collection(PostgresIdentityServer.Name)]
public sealed class PostgresApiTokenTests(PostgresApp app) : ApiTokenTests(app);
