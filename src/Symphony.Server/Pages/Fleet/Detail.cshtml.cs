using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Capacity;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Fleet;

/// <summary>
/// One instance: its facts with test connection, sync accounts and sync capacity; the accounts tab (its accounts, each
/// opening its own page, and "who can") and the capacity tab (databases, daily totals, table sizes on demand).
/// </summary>
public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, GetInstanceHandler get, TestConnectionsHandler test, DeleteInstanceHandler delete, StartFleetSyncHandler sync,
    UpdateInstanceHandler update, SetCapacityThresholdHandler threshold, ListVaultsHandler vaults, ListCredentialsHandler credentials,
    GetInstanceAccountsHandler accounts, PrivilegeHoldersHandler holders,
    ListDatabasesHandler databases, GetInstanceSizesHandler instanceSizes, GetDatabaseSizesHandler databaseSizes, GetTableSizesHandler tables,
    WorkspaceLookup databaseLookup, RefreshTableSizesHandler refreshTables)
    : WorkspacePage(getWorkspace)
{
    public InstanceDto Instance { get; private set; } = null!;
    /// <summary>The edit form: as sent when it was refused (nothing typed is lost), else the instance as it is.</summary>
    public EditInstanceForm Edit { get; private set; } = null!;
    public bool EditRefused { get; private set; }
    public IReadOnlyList<(CredentialDto Credential, string Vault)> Credentials { get; private set; } = [];
    public ConnectionTestResult? TestResult { get; private set; }
    public string Tab { get; private set; } = "overview";
    /// <summary>This page's own address, the base of its tabs' links.</summary>
    public string Self => $"/workspaces/{Workspace.Slug}/instances/{Instance.Id}";

    public InstanceAccountsDto? Accounts { get; private set; }
    public string? Search { get; private set; }
    /// <summary>"Who can": the object and privilege asked about, and the answer.</summary>
    public string? HoldersOf { get; private set; }
    public string? Privilege { get; private set; }
    public PrivilegeHoldersDto? Holders { get; private set; }

    public PagedResult<DatabaseDto>? Databases { get; private set; }
    public InstanceSizeHistoryDto? Totals { get; private set; }
    public DatabaseDto? Database { get; private set; }
    public DatabaseSizeHistoryDto? DatabaseHistory { get; private set; }
    public TableSizesDto? Tables { get; private set; }

    public Task<IActionResult> OnGetAsync(
        string workspace, Guid id, string? tab, Guid? account, Guid? database, string? search, string? holdersOf, string? privilege, CancellationToken ct)
    {
        // An account used to open below its instance's list: the old links lead to its own page.
        if (account is { } moved) return Task.FromResult<IActionResult>(Redirect($"/workspaces/{workspace}/accounts/{moved}"));
        return RunAsync(workspace, null, async () =>
        {
            (HoldersOf, Privilege) = (holdersOf?.Trim(), privilege?.Trim());
            await LoadAsync(workspace, id, tab, database, search, ct);
        }, ct);
    }

    public Task<IActionResult> OnPostTestAsync(string workspace, Guid id, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            TestResult = (await test.HandleAsync(workspace, new TestConnectionsCommand(InstanceIds: [id]), ct)).Results.Single();
            Stays = true;
            Message = TestResult.Ok ? $"Connected in {TestResult.DurationMs} ms: {TestResult.ServerVersion}" : null;
        }, () => LoadAsync(workspace, id, null, null, null, ct), ct);

    public Task<IActionResult> OnPostSyncAccountsAsync(string workspace, Guid id, CancellationToken ct) => SyncAsync(workspace, id, BuiltIns.AccountsSync, "accounts", ct);

    public Task<IActionResult> OnPostSyncCapacityAsync(string workspace, Guid id, CancellationToken ct) => SyncAsync(workspace, id, BuiltIns.CapacitySync, "capacity", ct);

    public Task<IActionResult> OnPostRefreshTablesAsync(string workspace, Guid id, Guid database, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var refreshed = await refreshTables.HandleAsync(workspace, database, ct);
            Message = $"Measured {Count(refreshed.TotalTables, "table")} of {refreshed.Database}.";
        }, () => LoadAsync(workspace, id, "capacity", database, null, ct), ct, after: $"{Request.Path}?tab=capacity&database={database}");

    /// <summary>Saves the edit form: the threshold is read first, so a refused one leaves the instance as it was.</summary>
    public async Task<IActionResult> OnPostEditAsync(string workspace, Guid id, EditInstanceForm form, CancellationToken ct)
    {
        var page = await RunAsync(workspace, async () =>
        {
            // Read first, so a refused threshold changes nothing; saved only when its text changed (the form shows it
            // rounded to a thousandth of a GiB, and an untouched threshold must stay exactly as it is).
            var thresholdBytes = Capacity.ThresholdInput.Bytes(form.ThresholdGib);
            var thresholdChanged = (form.ThresholdGib ?? "").Trim() != Capacity.ThresholdInput.Gib(await ThresholdAsync(workspace, id, ct));
            var saved = await update.HandleAsync(workspace, id, form.Command(), ct);
            if (thresholdChanged) await threshold.HandleAsync(workspace, id, new SetCapacityThresholdCommand(thresholdBytes), ct);
            Message = this.Say("'{0}' saved.", saved.Name);
        }, () => LoadAsync(workspace, id, null, null, null, ct), ct);
        if (IsError) (Edit, EditRefused) = (form, true);
        return page;
    }

    /// <summary>A soft delete: the list it leads to offers to undo it.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string workspace, Guid id, CancellationToken ct)
    {
        var deleted = false;
        var page = await RunAsync(workspace, async () =>
        {
            var name = (await get.HandleAsync(workspace, id, ct)).Name;
            await delete.HandleAsync(workspace, id, ct);
            deleted = true;
            TempData[NoticeKey] = this.Say("'{0}' deleted: it left the list and its syncs, and can be restored.", name);
            TempData[IndexModel.UndoKey] = id.ToString();
        }, () => deleted ? Task.CompletedTask : LoadAsync(workspace, id, null, null, null, ct), ct);
        return deleted ? Redirect($"/workspaces/{Workspace.Slug}/instances") : page;
    }

    /// <summary>Starts the sync as a run and shows the run; a refusal stays on the tab with its message.</summary>
    private async Task<IActionResult> SyncAsync(string workspace, Guid id, BuiltIn kind, string tab, CancellationToken ct)
    {
        Guid? runId = null;
        var page = await RunAsync(workspace, async () => runId = (await sync.HandleAsync(workspace, kind, new FleetSyncCommand([id]), null, ct)).Id,
            () => runId is null ? LoadAsync(workspace, id, tab, null, null, ct) : Task.CompletedTask, ct);
        return runId is { } run ? Redirect($"/workspaces/{Workspace.Slug}/runs/{run}") : page;
    }

    private async Task LoadAsync(string workspace, Guid id, string? tab, Guid? databaseId, string? search, CancellationToken ct)
    {
        Instance = await get.HandleAsync(workspace, id, ct);
        Tab = tab is "accounts" or "capacity" ? tab : "overview";
        if (Tab == "overview")
        {
            Credentials = await CredentialChoices.AllAsync(vaults, credentials, workspace, ct);
            Edit = EditInstanceForm.Of(Instance, await ThresholdAsync(workspace, id, ct));
        }
        if (Tab == "accounts") await LoadAccountsAsync(workspace, search, ct);
        if (Tab == "capacity") await LoadCapacityAsync(workspace, databaseId, search, ct);
    }

    private async Task<long?> ThresholdAsync(string workspace, Guid id, CancellationToken ct) =>
        (await databaseLookup.FindAsync<Domain.Fleet.Instance>(workspace, id, Permission.ReadWorkspace, ct)).CapacityThresholdBytes;

    private async Task LoadAccountsAsync(string workspace, string? search, CancellationToken ct)
    {
        Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var request = new List<(string, string)> { ("limit", "200"), ("include_deleted", "true") };
        if (Search is not null) request.Add(("search", Search));
        try
        {
            Accounts = await accounts.HandleAsync(workspace, Instance.Id, ListRequest.Of([.. request]), ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.SnapshotMissing)
        {
            return; // the page says to run a sync
        }
        if (!string.IsNullOrEmpty(HoldersOf) || !string.IsNullOrEmpty(Privilege))
            Holders = await holders.HandleAsync(workspace, Instance.Id, HoldersOf, Privilege, ct);
    }

    /// <summary>How a privilege is held, in words: "directly", "through app_write > app_read", "through PUBLIC".</summary>
    public static string Path(IReadOnlyList<string> through) => through.Count == 0 ? "directly" : "through " + string.Join(" > ", through);

    private async Task LoadCapacityAsync(string workspace, Guid? databaseId, string? search, CancellationToken ct)
    {
        Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var request = new List<(string, string)>
        {
            ("instance_id", Instance.Id.ToString()), ("include_deleted", "true"), ("sort", "size_bytes"), ("order", "desc"), ("limit", "200"),
        };
        if (Search is not null) request.Add(("search", Search));
        Databases = await databases.HandleAsync(workspace, ListRequest.Of([.. request]), ct);
        Totals = await instanceSizes.HandleAsync(workspace, Instance.Id, null, null, ct);
        if (databaseId is not { } chosen) return;
        var database = await databaseLookup.FindAsync<InstanceDatabase>(workspace, chosen, Permission.ReadWorkspace, ct, includeDeleted: true);
        if (database.InstanceId != Instance.Id) return;
        Database = DatabaseDto.From(database);
        DatabaseHistory = await databaseSizes.HandleAsync(workspace, Database.Id, null, null, ct);
        try
        {
            Tables = await tables.HandleAsync(workspace, Database.Id, GetTableSizesHandler.MaxLimit, ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.SnapshotMissing)
        {
            Tables = null; // not measured yet: the page offers the refresh
        }
    }

    /// <summary>What an instance's last sync of a kind did, in words, and its run; null before the first.</summary>
    public static (string Words, Guid RunId)? LastSync(System.Text.Json.JsonElement? last) =>
        last is { ValueKind: System.Text.Json.JsonValueKind.Object } sync && sync.TryGetProperty("run_id", out var run) && run.TryGetGuid(out var runId)
            && sync.TryGetProperty("result", out var result) && Runs.ItemResults.Describe(result) is { } words
            ? (words, runId)
            : null;

    /// <summary>"1 table", "3 tables".</summary>
    public static string Count(int count, string noun) => $"{count:N0} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>Bytes as a DBA reads them: 1.5 GiB, 820 MiB.</summary>
    public static string Size(long? bytes)
    {
        if (bytes is not { } value) return "not measured";
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var size = (double)value;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1) (size, unit) = (size / 1024, unit + 1);
        return unit == 0 ? $"{value} B" : $"{size:0.#} {units[unit]}";
    }
}
