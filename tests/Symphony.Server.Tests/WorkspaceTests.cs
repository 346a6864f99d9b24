using System.Net;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

public abstract class WorkspaceTests(SymphonyApp app)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<string> NewWorkspaceAsync()
    {
        var slug = Unique("ws");
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Team" }))).StatusCode);
        await app.AddMemberAsync(slug, app.UserIds[TestRole.Operator], "operator");
        await app.AddMemberAsync(slug, app.UserIds[TestRole.Viewer], "viewer");
        return slug;
    }

    [Fact]
    public async Task Another_workspaces_resources_are_not_found_not_forbidden()
    {
        var slug = await NewWorkspaceAsync();
        var repo = await ReadJsonAsync(await app.Admin.PostAsync($"/api/v1/workspaces/{slug}/repos", Json(new { name = "scripts", local_path = "/srv/scripts" })));
        var repoId = repo["id"]!.GetValue<string>();

        var outsider = app.ClientFor(TestRole.NonMember);
        await AssertProblemAsync(await outsider.GetAsync($"/api/v1/workspaces/{slug}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertProblemAsync(await outsider.GetAsync($"/api/v1/workspaces/{slug}/repos/{repoId}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");

        // The repo is not reachable through a workspace it does not belong to, even by its id.
        await AssertProblemAsync(await app.Admin.GetAsync($"/api/v1/workspaces/default/repos/{repoId}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");

        var listed = await ReadJsonAsync(await outsider.GetAsync("/api/v1/workspaces?limit=200"));
        Assert.DoesNotContain(listed["items"]!.AsArray(), w => w!["slug"]!.GetValue<string>() == slug);
    }

    [Fact]
    public async Task A_workspace_is_addressed_by_slug_or_id()
    {
        var slug = await NewWorkspaceAsync();
        var bySlug = await ReadJsonAsync(await app.ClientFor(TestRole.Viewer).GetAsync($"/api/v1/workspaces/{slug}"));
        var id = bySlug["id"]!.GetValue<string>();
        var byId = await ReadJsonAsync(await app.ClientFor(TestRole.Viewer).GetAsync($"/api/v1/workspaces/{id}"));
        Assert.Equal(slug, byId["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_creator_of_a_workspace_becomes_its_owner_and_slugs_are_unique()
    {
        var slug = Unique("own");
        var operatorClient = app.ClientFor(TestRole.Operator);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Mine", type = "research" }))).StatusCode);
        var members = await ReadJsonAsync(await operatorClient.GetAsync($"/api/v1/workspaces/{slug}/members"));
        var member = Assert.Single(members["items"]!.AsArray());
        Assert.Equal("owner", member!["role"]!.GetValue<string>());

        var again = await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Again" }));
        var problem = await AssertProblemAsync(again, HttpStatusCode.Conflict, "NAME_EXISTS");
        Assert.Equal("slug", problem["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_may_create_ten_workspaces_and_no_more_until_one_is_deleted()
    {
        var name = "maker-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserAsync(name, "operator");
        using var session = await app.LoginAsync(name, SymphonyApp.UserPassword);
        using var maker = session.Bearer(app);
        var slugs = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var slug = $"{name}-{i}";
            Assert.Equal(HttpStatusCode.Created, (await maker.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Mine" }))).StatusCode);
            slugs.Add(slug);
        }
        var refused = await AssertProblemAsync(await maker.PostAsync("/api/v1/workspaces", Json(new { slug = $"{name}-x", name = "Mine" })),
            HttpStatusCode.Conflict, "LIMIT_EXCEEDED");
        Assert.Contains("Symphony:Workspaces:MaxCreatedPerUser", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await maker.DeleteAsync($"/api/v1/workspaces/{slugs[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await maker.PostAsync("/api/v1/workspaces", Json(new { slug = $"{name}-x", name = "Mine" }))).StatusCode);
    }

    [Fact]
    public async Task Membership_changes_are_audited_and_apply_to_access()
    {
        var slug = await NewWorkspaceAsync();
        var viewer = app.ClientFor(TestRole.Viewer);
        var repo = Json(new { name = "r1", remote_url = "https://github.com/acme/r1.git" });
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/workspaces/{slug}/repos", repo)).StatusCode);

        var promote = await app.Admin.PatchAsync($"/api/v1/workspaces/{slug}/members/{app.UserIds[TestRole.Viewer]}", Json(new { role = "operator" }));
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        // The platform role still caps it: a platform viewer stays read-only.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/workspaces/{slug}/repos", repo)).StatusCode);

        var operatorId = app.UserIds[TestRole.Operator];
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin.DeleteAsync($"/api/v1/workspaces/{slug}/members/{operatorId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(TestRole.Operator).GetAsync($"/api/v1/workspaces/{slug}")).StatusCode);

        var audit = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/audit-events?action=membership.*&target_id={operatorId}&limit=200"));
        var actions = audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("membership.added", actions);
        Assert.Contains("membership.removed", actions);
    }

    [Fact]
    public async Task Repos_need_exactly_one_location_in_an_accepted_form()
    {
        var slug = await NewWorkspaceAsync();
        var client = app.ClientFor(TestRole.Operator);
        async Task<HttpResponseMessage> Create(object body) => await client.PostAsync($"/api/v1/workspaces/{slug}/repos", Json(body));

        Assert.Equal(HttpStatusCode.Created, (await Create(new { name = "a", remote_url = "git@github.com:acme/a.git" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Create(new { name = "b", local_path = "/srv/b", default_branch = "main" })).StatusCode);
        await AssertProblemAsync(await Create(new { name = "c" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await Create(new { name = "d", local_path = "/srv/d", remote_url = "https://x/y" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var bad = await AssertProblemAsync(await Create(new { name = "e", remote_url = "https://user:pw@github.com/acme/e.git" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("remote_url", bad["errors"]![0]!["field"]!.GetValue<string>());
        var badName = await AssertProblemAsync(await Create(new { name = "-bad name", local_path = "/srv/x" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("name", badName["errors"]![0]!["field"]!.GetValue<string>());
        await AssertProblemAsync(await Create(new { name = "a", local_path = "/srv/a2" }), HttpStatusCode.Conflict, "NAME_EXISTS");
    }

    [Fact]
    public async Task A_deleted_repo_frees_its_name_and_stays_visible_on_request()
    {
        var slug = await NewWorkspaceAsync();
        var client = app.ClientFor(TestRole.Operator);
        var created = await ReadJsonAsync(await client.PostAsync($"/api/v1/workspaces/{slug}/repos", Json(new { name = "scripts", local_path = "/srv/s" })));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/workspaces/{slug}/repos/{created["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/workspaces/{slug}/repos/{created["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/workspaces/{slug}/repos", Json(new { name = "scripts", local_path = "/srv/s2" }))).StatusCode);

        var active = await ReadJsonAsync(await client.GetAsync($"/api/v1/workspaces/{slug}/repos"));
        var all = await ReadJsonAsync(await client.GetAsync($"/api/v1/workspaces/{slug}/repos?include_deleted=true"));
        Assert.Equal(1, active["total"]!.GetValue<int>());
        Assert.Equal(2, all["total"]!.GetValue<int>());
        Assert.Contains(all["items"]!.AsArray(), r => !r!["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Updates_carry_the_version_they_read_and_a_stale_one_changes_nothing()
    {
        var slug = await NewWorkspaceAsync();
        var client = app.ClientFor(TestRole.Operator);
        var created = await ReadJsonAsync(await client.PostAsync($"/api/v1/workspaces/{slug}/repos", Json(new { name = "r", local_path = "/srv/r" })));
        var url = $"/api/v1/workspaces/{slug}/repos/{created["id"]}";

        var get = await client.GetAsync(url);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var first = await client.PatchAsync(url, Json(new { description = "first", version = 1 }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await ReadJsonAsync(first))["version"]!.GetValue<int>());

        await AssertProblemAsync(await client.PatchAsync(url, Json(new { description = "stale", version = 1 })), HttpStatusCode.Conflict, "CONCURRENT_MODIFICATION");
        await AssertProblemAsync(await client.PatchAsync(url, Json(new { description = "none" })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("first", (await ReadJsonAsync(await client.GetAsync(url)))["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vaults_lock_and_unlock_by_owners_only_and_honour_the_limit()
    {
        var slug = await NewWorkspaceAsync();
        var operatorClient = app.ClientFor(TestRole.Operator);
        var vault = await ReadJsonAsync(await operatorClient.PostAsync($"/api/v1/workspaces/{slug}/vaults", Json(new { name = "prod", description = "Production" })));
        var url = $"/api/v1/workspaces/{slug}/vaults/{vault["id"]}";

        await AssertProblemAsync(await operatorClient.PostAsync($"{url}/actions/lock", null), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var locked = await ReadJsonAsync(await app.Admin.PostAsync($"{url}/actions/lock", null));
        Assert.True(locked["is_locked"]!.GetValue<bool>());
        await AssertProblemAsync(await app.Admin.PostAsync($"{url}/actions/lock", null), HttpStatusCode.Conflict, "INVALID_STATE_TRANSITION");
        var filtered = await ReadJsonAsync(await operatorClient.GetAsync($"/api/v1/workspaces/{slug}/vaults?is_locked=true"));
        Assert.Equal(1, filtered["total"]!.GetValue<int>());
        Assert.False((await ReadJsonAsync(await app.Admin.PostAsync($"{url}/actions/unlock", null)))["is_locked"]!.GetValue<bool>());

        for (var i = 1; i < 20; i++)
            Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsync($"/api/v1/workspaces/{slug}/vaults", Json(new { name = $"v{i}" }))).StatusCode);
        await AssertProblemAsync(await operatorClient.PostAsync($"/api/v1/workspaces/{slug}/vaults", Json(new { name = "v21" })), HttpStatusCode.Conflict, "LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task The_default_workspace_cannot_be_deleted_but_others_can_and_free_their_slug()
    {
        await AssertProblemAsync(await app.Admin.DeleteAsync("/api/v1/workspaces/default"), HttpStatusCode.Conflict, "INVALID_STATE_TRANSITION");
        var slug = await NewWorkspaceAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin.DeleteAsync($"/api/v1/workspaces/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin.GetAsync($"/api/v1/workspaces/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Again" }))).StatusCode);
    }
}

[Collection(SqliteIdentityServer.Name)]
public sealed class SqliteWorkspaceTests(SqliteApp app) : WorkspaceTests(app);

[Collection(PostgresIdentityServer.Name)]
public sealed class PostgresWorkspaceTests(PostgresApp app) : WorkspaceTests(app);
