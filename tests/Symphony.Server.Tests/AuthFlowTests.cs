using System.Net;
using System.Net.Http.Headers;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

public abstract class AuthFlowTests(SymphonyApp app)
{
    private async Task<(Guid Id, string Name)> NewUserAsync(string role = "operator")
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        return (await app.CreateUserAsync(name, role), name);
    }

    [Fact]
    public async Task Login_refresh_reuse_and_logout_follow_the_documented_sequence()
    {
        var (_, name) = await NewUserAsync();
        using var session = await app.LoginAsync(name, UserPassword);

        var me = await ReadJsonAsync(await session.Bearer(app).GetAsync("/api/v1/auth/me"));
        Assert.Equal(name, me["user"]!["username"]!.GetValue<string>());

        var refreshed = await app.ClientFor(TestRole.Anonymous).PostAsync("/api/v1/auth/refresh", Json(new { refresh_token = session.RefreshToken }));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = await ReadJsonAsync(refreshed);
        Assert.NotEqual(session.RefreshToken, next["refresh_token"]!.GetValue<string>());

        // The spent token again: the whole family is revoked, including the access tokens.
        var reused = await app.ClientFor(TestRole.Anonymous).PostAsync("/api/v1/auth/refresh", Json(new { refresh_token = session.RefreshToken }));
        await AssertProblemAsync(reused, HttpStatusCode.Unauthorized, "TOKEN_REUSED");
        var successor = await app.ClientFor(TestRole.Anonymous).PostAsync("/api/v1/auth/refresh", Json(new { refresh_token = next["refresh_token"]!.GetValue<string>() }));
        await AssertProblemAsync(successor, HttpStatusCode.Unauthorized, "TOKEN_REVOKED");
        await AssertProblemAsync(await session.Bearer(app).GetAsync("/api/v1/auth/me"), HttpStatusCode.Unauthorized, "TOKEN_REVOKED");
    }

    [Fact]
    public async Task Logout_revokes_the_access_token_and_the_cookie_at_once()
    {
        var (_, name) = await NewUserAsync();
        using var session = await app.LoginAsync(name, UserPassword);
        var bearer = session.Bearer(app);
        Assert.Equal(HttpStatusCode.NoContent, (await bearer.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        await AssertProblemAsync(await bearer.GetAsync("/api/v1/auth/me"), HttpStatusCode.Unauthorized, "TOKEN_REVOKED");
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.CookieClient.GetAsync("/api/v1/auth/me")).StatusCode);
        var refresh = await app.ClientFor(TestRole.Anonymous).PostAsync("/api/v1/auth/refresh", Json(new { refresh_token = session.RefreshToken }));
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized, "TOKEN_REVOKED");
    }

    [Fact]
    public async Task Login_needs_the_csrf_header_and_cookie_calls_need_it_for_unsafe_methods_but_bearer_calls_do_not()
    {
        var (_, name) = await NewUserAsync();
        var anonymous = app.NewClient(cookies: true);
        var noHeader = await anonymous.PostAsync("/api/v1/auth/login", Json(new { username = name, password = UserPassword }));
        await AssertProblemAsync(noHeader, HttpStatusCode.Forbidden, "CSRF_MISSING");

        using var session = await app.LoginAsync(name, UserPassword);
        var body = Json(new { slug = "csrf-" + Guid.NewGuid().ToString("N")[..8], name = "x" });
        await AssertProblemAsync(await session.CookieClient.PostAsync("/api/v1/workspaces", body), HttpStatusCode.Forbidden, "CSRF_MISSING");

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces") { Content = Json(new { slug = "csrf-a", name = "x" }) };
        wrong.Headers.Add("X-CSRF-Token", "not-the-token");
        await AssertProblemAsync(await session.CookieClient.SendAsync(wrong), HttpStatusCode.Forbidden, "CSRF_INVALID");

        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces") { Content = Json(new { slug = "csrf-" + Guid.NewGuid().ToString("N")[..8], name = "x" }) };
        right.Headers.Add("X-CSRF-Token", session.CsrfToken);
        Assert.Equal(HttpStatusCode.Created, (await session.CookieClient.SendAsync(right)).StatusCode);

        // Safe methods with the cookie need no header; bearer calls never do.
        Assert.Equal(HttpStatusCode.OK, (await session.CookieClient.GetAsync("/api/v1/auth/me")).StatusCode);
        var bearer = await session.Bearer(app).PostAsync("/api/v1/workspaces", Json(new { slug = "csrf-" + Guid.NewGuid().ToString("N")[..8], name = "x" }));
        Assert.Equal(HttpStatusCode.Created, bearer.StatusCode);
    }

    [Fact]
    public async Task Unknown_users_get_the_same_answer_as_wrong_passwords()
    {
        await AssertProblemAsync(await app.TryLoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..6], "Some1Password"), HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task Disabling_a_user_refuses_their_login_and_their_live_tokens()
    {
        var (id, name) = await NewUserAsync();
        using var session = await app.LoginAsync(name, UserPassword);
        var user = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/users/{id}"));
        var disable = await app.Admin.PatchAsync($"/api/v1/users/{id}", Json(new { is_disabled = true, version = user["version"]!.GetValue<int>() }));
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Bearer(app).GetAsync("/api/v1/auth/me")).StatusCode);
        await AssertProblemAsync(await app.TryLoginAsync(name, UserPassword), HttpStatusCode.Forbidden, "ACCOUNT_DISABLED");
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_revokes_the_others()
    {
        var (_, name) = await NewUserAsync();
        using var other = await app.LoginAsync(name, UserPassword);
        using var current = await app.LoginAsync(name, UserPassword);
        var change = await current.Bearer(app).PostAsync("/api/v1/auth/change-password",
            Json(new { current_password = UserPassword, new_password = "Changed1Password" }));
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await current.Bearer(app).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.Bearer(app).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.TryLoginAsync(name, "Changed1Password")).StatusCode);
    }

    [Fact]
    public async Task A_person_lists_their_sessions_and_ends_one_which_stops_working_at_once()
    {
        var (_, name) = await NewUserAsync();
        using var laptop = await app.LoginAsync(name, UserPassword);
        using var current = await app.LoginAsync(name, UserPassword);
        var sessions = (await ReadJsonAsync(await current.Bearer(app).GetAsync("/api/v1/auth/sessions"))).AsArray();
        Assert.Equal(2, sessions.Count);
        Assert.Equal([true, false], sessions.Select(s => s!["current"]!.GetValue<bool>()));
        Assert.All(sessions, s => Assert.Equal("api", s!["kind"]!.GetValue<string>()));
        var other = sessions[1]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await current.Bearer(app).DeleteAsync($"/api/v1/auth/sessions/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.Bearer(app).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Single((await ReadJsonAsync(await current.Bearer(app).GetAsync("/api/v1/auth/sessions"))).AsArray());
        // Ended already, or someone else's: not found, and the other person's session goes on.
        await AssertProblemAsync(await current.Bearer(app).DeleteAsync($"/api/v1/auth/sessions/{other}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        var (_, someoneElse) = await NewUserAsync();
        using var theirs = await app.LoginAsync(someoneElse, UserPassword);
        var theirId = (await ReadJsonAsync(await theirs.Bearer(app).GetAsync("/api/v1/auth/sessions")))[0]!["id"]!.GetValue<string>();
        await AssertProblemAsync(await current.Bearer(app).DeleteAsync($"/api/v1/auth/sessions/{theirId}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        Assert.Equal(HttpStatusCode.OK, (await theirs.Bearer(app).GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_new_password_must_meet_the_policy_and_the_current_one_must_be_right()
    {
        var (_, name) = await NewUserAsync();
        using var session = await app.LoginAsync(name, UserPassword);
        var weak = await session.Bearer(app).PostAsync("/api/v1/auth/change-password", Json(new { current_password = UserPassword, new_password = "weak" }));
        var problem = await AssertProblemAsync(weak, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == "new_password");
        var wrong = await session.Bearer(app).PostAsync("/api/v1/auth/change-password", Json(new { current_password = "Wrong1Password", new_password = "Other1Password" }));
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted_disabled_or_deleted()
    {
        var adminId = app.UserIds[TestRole.Admin];
        // Other admins may exist from other tests of this class; demote them through the API first is not needed:
        // create a second admin, then prove that removing the first is allowed while the second remains,
        // and refused for the last one.
        var (second, secondName) = await NewUserAsync("admin");
        using var secondSession = await app.LoginAsync(secondName, UserPassword);
        var secondAdmin = secondSession.Bearer(app);

        var admins = await ReadJsonAsync(await secondAdmin.GetAsync("/api/v1/users?role=admin&limit=200"));
        foreach (var user in admins["items"]!.AsArray())
        {
            var id = Guid.Parse(user!["id"]!.GetValue<string>());
            if (id == second || id == adminId) continue;
            await secondAdmin.DeleteAsync($"/api/v1/users/{id}");
        }

        var first = await ReadJsonAsync(await secondAdmin.GetAsync($"/api/v1/users/{adminId}"));
        var demote = await secondAdmin.PatchAsync($"/api/v1/users/{adminId}", Json(new { role = "operator", version = first["version"]!.GetValue<int>() }));
        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);

        var self = await ReadJsonAsync(await secondAdmin.GetAsync($"/api/v1/users/{second}"));
        var version = self["version"]!.GetValue<int>();
        await AssertProblemAsync(await secondAdmin.PatchAsync($"/api/v1/users/{second}", Json(new { role = "viewer", version })), HttpStatusCode.Conflict, "LAST_ADMIN_REQUIRED");
        await AssertProblemAsync(await secondAdmin.PatchAsync($"/api/v1/users/{second}", Json(new { is_disabled = true, version })), HttpStatusCode.Conflict, "LAST_ADMIN_REQUIRED");
        await AssertProblemAsync(await secondAdmin.DeleteAsync($"/api/v1/users/{second}"), HttpStatusCode.Conflict, "LAST_ADMIN_REQUIRED");

        // Restore the fixture's admin.
        var demoted = await ReadJsonAsync(await secondAdmin.GetAsync($"/api/v1/users/{adminId}"));
        var restore = await secondAdmin.PatchAsync($"/api/v1/users/{adminId}", Json(new { role = "admin", version = demoted["version"]!.GetValue<int>() }));
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
    }

    [Fact]
    public async Task A_role_change_applies_to_live_tokens_at_the_next_request()
    {
        var (id, name) = await NewUserAsync("viewer");
        using var session = await app.LoginAsync(name, UserPassword);
        var bearer = session.Bearer(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await bearer.GetAsync("/api/v1/users")).StatusCode);

        var user = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/users/{id}"));
        await app.Admin.PatchAsync($"/api/v1/users/{id}", Json(new { role = "admin", version = user["version"]!.GetValue<int>() }));
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task A_garbage_or_foreign_bearer_token_is_refused_with_a_problem()
    {
        var client = app.ClientFor(TestRole.Anonymous);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");
        var response = await client.GetAsync("/api/v1/auth/me");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "AUTHENTICATION_REQUIRED");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task The_profile_is_editable_by_its_owner_with_the_version_from_if_match()
    {
        var (_, name) = await NewUserAsync();
        using var session = await app.LoginAsync(name, UserPassword);
        var bearer = session.Bearer(app);
        var me = await ReadJsonAsync(await bearer.GetAsync("/api/v1/auth/me"));
        var version = me["user"]!["version"]!.GetValue<int>();

        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/auth/me") { Content = Json(new { display_name = "Ann Example", preferences = "{\"theme\":\"dark\"}" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        var response = await bearer.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{version + 1}\"", response.Headers.ETag!.Tag);

        var stale = await bearer.PatchAsync("/api/v1/auth/me", Json(new { display_name = "Again", version }));
        await AssertProblemAsync(stale, HttpStatusCode.Conflict, "CONCURRENT_MODIFICATION");
        var after = await ReadJsonAsync(await bearer.GetAsync("/api/v1/auth/me"));
        Assert.Equal("Ann Example", after["user"]!["display_name"]!.GetValue<string>());
        Assert.Equal("{\"theme\":\"dark\"}", after["preferences"]!.GetValue<string>());
    }
}

[Collection(SqliteIdentityServer.Name)]
public sealed class SqliteAuthFlowTests(SqliteApp app) : AuthFlowTests(app);

[Collection(PostgresIdentityServer.Name)]
public sealed class PostgresAuthFlowTests(PostgresApp app) : AuthFlowTests(app);
