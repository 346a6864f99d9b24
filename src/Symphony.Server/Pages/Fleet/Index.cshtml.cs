using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Fleet;

/// <summary>
/// The inventory: filters, sort and pages in the address (so a list can be linked and reloaded), add, import and
/// export as CSV, connection tests and tags of the selected rows, restore (and undo of a delete).
/// </summary>
public sealed class IndexModel(
    GetWorkspaceHandler getWorkspace, ListInstancesHandler list, CreateInstanceHandler create, RestoreInstanceHandler restore,
    TestConnectionsHandler test, ListVaultsHandler vaults, ListCredentialsHandler credentials, ListTagsHandler tags,
    AssignTagsHandler assign, RemoveTagsHandler remove, ImportInstancesHandler import, ExportInstancesHandler export) : WorkspacePage(getWorkspace)
{
    /// <summary>Where a delete on an instance's page leaves the id of what it deleted, for this page's undo.</summary>
    public const string UndoKey = "undo-instance";
    public const int PageSize = 50;

    public PagedResult<InstanceDto> Instances { get; private set; } = null!;
    public IReadOnlyList<(CredentialDto Credential, string Vault)> Credentials { get; private set; } = [];
    public IReadOnlyList<ConnectionTestResult> TestResults { get; private set; } = [];
    public IReadOnlyList<TagDto> Tags { get; private set; } = [];
    /// <summary>The filters, sort and page asked for, as the address names them.</summary>
    public InstanceFilters Filters { get; private set; } = new();
    /// <summary>What an import did, shown with its refused rows by line.</summary>
    public ImportResult? Imported { get; private set; }
    /// <summary>A deleted instance that can be brought back from the message (the delete just done).</summary>
    public Guid? Undo { get; private set; }
    /// <summary>The add form as it was sent, when it was refused: nothing typed is lost.</summary>
    public CreateInstanceCommand? Refused { get; private set; }

    public Task<IActionResult> OnGetAsync(string workspace, InstanceFilters filters, CancellationToken ct)
    {
        // TempData reads back a string that holds a Guid as a Guid.
        Undo = TempData[UndoKey] switch { Guid id => id, string text when Guid.TryParse(text, out var id) => id, _ => null };
        return RunAsync(workspace, null, () => LoadAsync(workspace, filters, ct), ct);
    }

    /// <summary>The list as the filters and sort shown choose it (every page), as a CSV file the import reads back.</summary>
    public async Task<IActionResult> OnGetExportAsync(string workspace, InstanceFilters filters, CancellationToken ct)
    {
        byte[]? file = null;
        var page = await RunAsync(workspace, async () =>
        {
            file = Encoding.UTF8.GetBytes(await export.HandleAsync(workspace, filters.Request(paged: false), ct));
            Stays = true;
        }, () => file is null ? LoadAsync(workspace, filters, ct) : Task.CompletedTask, ct);
        return file is null ? page : File(file, "text/csv; charset=utf-8", $"instances-{Workspace.Slug}.csv");
    }

    /// <summary>Puts the chosen tags on the selected rows, takes them off, or takes every tag off (<paramref name="change"/>).</summary>
    public Task<IActionResult> OnPostTagAsync(string workspace, List<Guid> selected, List<string> tagCodes, string change, InstanceFilters filters, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            if (selected.Count == 0) throw DomainException.Validation("instance_ids", this.Say("Select the instances first."));
            var command = new TagAssignmentCommand(change == "remove-all" ? null : tagCodes.Count == 0 ? null : tagCodes, selected);
            var result = change switch
            {
                "assign" => await assign.HandleAsync(workspace, command, ct),
                "remove" => await remove.HandleAsync(workspace, command, all: false, ct),
                "remove-all" => await remove.HandleAsync(workspace, command, all: true, ct),
                _ => throw DomainException.Validation("change", "change is assign, remove or remove-all."),
            };
            Message = change == "assign"
                ? this.Say("Tags put on {0} instance(s): {1} added, {2} already there.", result.Instances, result.Changed, result.Unchanged)
                : this.Say("Tags taken off {0} instance(s): {1} removed.", result.Instances, result.Changed);
        }, () => LoadAsync(workspace, filters, ct), ct, after: Link(("change", null)));

    public async Task<IActionResult> OnPostCreateAsync(string workspace, CreateInstanceCommand command, CancellationToken ct)
    {
        InstanceDto? created = null;
        var page = await RunAsync(workspace, async () => created = await create.HandleAsync(workspace, Clean(command), ct),
            () => LoadAsync(workspace, new InstanceFilters(), ct), ct);
        if (created is null) Refused = command;
        return created is null ? page : Redirect($"/workspaces/{Workspace.Slug}/instances/{created.Id}");
    }

    /// <summary>Stores the valid rows of an uploaded CSV file; the refused ones are listed by line on the page.</summary>
    public Task<IActionResult> OnPostImportAsync(string workspace, IFormFile? csv, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            if (csv is null || csv.Length == 0) throw DomainException.Validation("csv", this.Say("Choose a CSV file first."));
            if (csv.Length > ImportInstancesHandler.MaxBytes)
                throw new DomainException(MessageCodes.PayloadTooLarge, this.Say("An import is at most {0} MiB.", ImportInstancesHandler.MaxBytes / 1024 / 1024));
            using var reader = new StreamReader(csv.OpenReadStream(), Encoding.UTF8);
            Imported = await import.HandleAsync(workspace, await reader.ReadToEndAsync(ct), ct);
            Message = this.Say("{0} instance(s) added, {1} row(s) refused.", Imported.Created, Imported.Failed);
            Stays = Imported.Failed > 0; // the refused rows are shown; a clean import is a redirect like any save
        }, () => LoadAsync(workspace, new InstanceFilters(), ct), ct);

    public Task<IActionResult> OnPostRestoreAsync(string workspace, Guid id, InstanceFilters filters, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var instance = await restore.HandleAsync(workspace, id, ct);
            Message = this.Say("'{0}' restored.", instance.Name);
        }, () => LoadAsync(workspace, filters, ct), ct, after: Link(("id", null)));

    /// <summary>Tests the selected instances, or all shown when none is selected (at most 50), and lists what each answered.</summary>
    public Task<IActionResult> OnPostTestAsync(string workspace, List<Guid> selected, List<Guid> ids, InstanceFilters filters, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var chosen = selected.Count > 0 ? selected : ids;
            TestResults = (await test.HandleAsync(workspace, new TestConnectionsCommand(InstanceIds: chosen.Take(50).ToList()), ct)).Results;
            Stays = true;
            Message = this.Say("{0} of {1} reached.", TestResults.Count(r => r.Ok), TestResults.Count);
        }, () => LoadAsync(workspace, filters, ct), ct);

    private static CreateInstanceCommand Clean(CreateInstanceCommand c) => c with
    {
        DatabaseName = string.IsNullOrWhiteSpace(c.DatabaseName) ? null : c.DatabaseName,
        Environment = string.IsNullOrWhiteSpace(c.Environment) ? null : c.Environment,
        Description = string.IsNullOrWhiteSpace(c.Description) ? null : c.Description,
    };

    private async Task LoadAsync(string workspace, InstanceFilters filters, CancellationToken ct)
    {
        Filters = filters;
        try
        {
            Instances = await list.HandleAsync(workspace, filters.Request(paged: true), ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.ValidationError)
        {
            // An address with a filter or page the list refuses (typed by hand): said on the page, the whole list shown.
            Refuse(e);
            Filters = new InstanceFilters();
            Instances = await list.HandleAsync(workspace, Filters.Request(paged: true), ct);
        }
        Credentials = await CredentialChoices.AllAsync(vaults, credentials, workspace, ct);
        Tags = await tags.AllAsync(workspace, ct);
    }
}

/// <summary>
/// The instance list's filters, sort and page as the console's address carries them (<c>search</c>, <c>dbType</c>,
/// <c>status</c>, <c>environment</c>, <c>tag</c>, <c>credentialId</c>, <c>deleted</c>, <c>sort</c>, <c>order</c>,
/// <c>page</c>), and the list request they make with the API's names.
/// </summary>
public sealed record InstanceFilters
{
    public string? Search { get; init; }
    public string? DbType { get; init; }
    public string? Status { get; init; }
    public string? Environment { get; init; }
    public string? Tag { get; init; }
    /// <summary>The instances of one credential (its "used by" link on the vault's page).</summary>
    public Guid? CredentialId { get; init; }
    public bool Deleted { get; init; }
    public string? Sort { get; init; }
    public string? Order { get; init; }
    /// <summary>From <c>page</c> of the query: Razor Pages holds a route value of that name, which the query must win over.</summary>
    [FromQuery(Name = "page")] public int Page { get; init; } = 1;

    public bool Any => !string.IsNullOrWhiteSpace(Search) || DbType is { Length: > 0 } || Status is { Length: > 0 } || Environment is { Length: > 0 }
        || Tag is { Length: > 0 } || CredentialId is not null || Deleted;

    public ListRequest Request(bool paged)
    {
        var request = new List<(string, string)>();
        if (paged) request.AddRange([("limit", IndexModel.PageSize.ToString(CultureInfo.InvariantCulture)), ("page", Math.Max(1, Page).ToString(CultureInfo.InvariantCulture))]);
        if (!string.IsNullOrWhiteSpace(Search)) request.Add(("search", Search.Trim()));
        if (!string.IsNullOrWhiteSpace(DbType)) request.Add(("db_type", DbType));
        if (!string.IsNullOrWhiteSpace(Status)) request.Add(("status", Status));
        if (!string.IsNullOrWhiteSpace(Tag)) request.Add(("tag", Tag));
        if (!string.IsNullOrWhiteSpace(Environment)) request.Add(("environment", Environment));
        if (CredentialId is { } credential) request.Add(("credential_id", credential.ToString()));
        if (Deleted) request.Add(("include_deleted", "true"));
        if (Sort is "name" or "created_at" or "last_connected_at") request.Add(("sort", Sort));
        if (Order is "asc" or "desc") request.Add(("order", Order));
        return ListRequest.Of([.. request]);
    }
}
