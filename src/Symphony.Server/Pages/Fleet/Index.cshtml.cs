using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Fleet;

public sealed class IndexModel(
    GetWorkspaceHandler getWorkspace, ListInstancesHandler list, CreateInstanceHandler create, RestoreInstanceHandler restore,
    TestConnectionsHandler test, ListVaultsHandler vaults, ListCredentialsHandler credentials, ListTagsHandler tags,
    AssignTagsHandler assign, RemoveTagsHandler remove) : WorkspacePage(getWorkspace)
{
    public PagedResult<InstanceDto> Instances { get; private set; } = null!;
    public IReadOnlyList<(CredentialDto Credential, string Vault)> Credentials { get; private set; } = [];
    public IReadOnlyList<ConnectionTestResult> TestResults { get; private set; } = [];
    public string? Search { get; private set; }
    public string? DbType { get; private set; }
    public string? Status { get; private set; }
    public string? Environment { get; private set; }
    public string? Tag { get; private set; }
    public IReadOnlyList<TagDto> Tags { get; private set; } = [];
    public bool ShowDeleted { get; private set; }

    public Task<IActionResult> OnGetAsync(
        string workspace, string? search, string? dbType, string? status, string? tag, string? environment, bool deleted, CancellationToken ct) =>
        RunAsync(workspace, null, () => LoadAsync(workspace, search, dbType, status, deleted, ct, tag, environment), ct);

    /// <summary>Puts the chosen tags on the selected rows, takes them off, or takes every tag off (<paramref name="change"/>).</summary>
    public Task<IActionResult> OnPostTagAsync(string workspace, List<Guid> selected, List<string> tagCodes, string change, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            if (selected.Count == 0) throw Domain.Common.DomainException.Validation("instance_ids", "Select the instances first.");
            var command = new TagAssignmentCommand(change == "remove-all" ? null : tagCodes.Count == 0 ? null : tagCodes, selected);
            var result = change switch
            {
                "assign" => await assign.HandleAsync(workspace, command, ct),
                "remove" => await remove.HandleAsync(workspace, command, all: false, ct),
                "remove-all" => await remove.HandleAsync(workspace, command, all: true, ct),
                _ => throw Domain.Common.DomainException.Validation("change", "change is assign, remove or remove-all."),
            };
            Message = change == "assign"
                ? $"Tags put on {result.Instances} instance(s): {result.Changed} added, {result.Unchanged} already there."
                : $"Tags taken off {result.Instances} instance(s): {result.Changed} removed.";
        }, () => LoadAsync(workspace, null, null, null, false, ct), ct);

    public async Task<IActionResult> OnPostCreateAsync(string workspace, CreateInstanceCommand command, CancellationToken ct)
    {
        InstanceDto? created = null;
        var page = await RunAsync(workspace, async () => created = await create.HandleAsync(workspace, Clean(command), ct),
            () => LoadAsync(workspace, null, null, null, false, ct), ct);
        return created is null ? page : Redirect($"/workspaces/{Workspace.Slug}/instances/{created.Id}");
    }

    public Task<IActionResult> OnPostRestoreAsync(string workspace, Guid id, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var instance = await restore.HandleAsync(workspace, id, ct);
            Message = $"'{instance.Name}' restored.";
        }, () => LoadAsync(workspace, null, null, null, true, ct), ct);

    /// <summary>Tests the instances shown (at most 50) and lists what each answered.</summary>
    public Task<IActionResult> OnPostTestAsync(string workspace, List<Guid> ids, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            TestResults = (await test.HandleAsync(workspace, new TestConnectionsCommand(InstanceIds: ids.Take(50).ToList()), ct)).Results;
            Stays = true;
            Message = $"{TestResults.Count(r => r.Ok)} of {TestResults.Count} reached.";
        }, () => LoadAsync(workspace, null, null, null, false, ct), ct);

    private static CreateInstanceCommand Clean(CreateInstanceCommand c) => c with
    {
        DatabaseName = string.IsNullOrWhiteSpace(c.DatabaseName) ? null : c.DatabaseName,
        Environment = string.IsNullOrWhiteSpace(c.Environment) ? null : c.Environment,
        Description = string.IsNullOrWhiteSpace(c.Description) ? null : c.Description,
    };

    private async Task LoadAsync(
        string workspace, string? search, string? dbType, string? status, bool deleted, CancellationToken ct, string? tag = null, string? environment = null)
    {
        (Search, DbType, Status, ShowDeleted, Tag, Environment) = (search, dbType, status, deleted, tag, environment);
        var request = new List<(string, string)> { ("limit", "50") };
        if (!string.IsNullOrWhiteSpace(search)) request.Add(("search", search));
        if (!string.IsNullOrWhiteSpace(dbType)) request.Add(("db_type", dbType));
        if (!string.IsNullOrWhiteSpace(status)) request.Add(("status", status));
        if (!string.IsNullOrWhiteSpace(tag)) request.Add(("tag", tag));
        if (!string.IsNullOrWhiteSpace(environment)) request.Add(("environment", environment));
        if (deleted) request.Add(("include_deleted", "true"));
        Instances = await list.HandleAsync(workspace, ListRequest.Of([.. request]), ct);
        var found = new List<(CredentialDto, string)>();
        foreach (var vault in (await vaults.HandleAsync(workspace, ListRequest.Of(("limit", "100")), ct)).Items)
            found.AddRange((await credentials.HandleAsync(workspace, vault.Id, ListRequest.Of(("limit", "200")), ct)).Items.Select(c => (c, vault.Name)));
        Credentials = found;
        Tags = await tags.AllAsync(workspace, ct);
    }
}
