using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Classifications;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Fleet;

/// <summary>
/// One account on a page of its own: its sign-in state and expiry, its attributes in its engine's words, its
/// classifications, roles (direct, inherited with their chains, SET ROLE only), privileges by scope and on each
/// object with grant options, effective privileges, members when it is a role, and its history in sentences.
/// </summary>
public sealed class AccountModel(
    GetWorkspaceHandler getWorkspace, GetAccountHandler getAccount, GetInstanceHandler getInstance, ListAccountChangesHandler changes,
    GetAccountClassificationsHandler classifications, RoleMembersHandler members, TimeProvider clock)
    : WorkspacePage(getWorkspace)
{
    /// <summary>Rows of the long tables shown at once; the API answers all of them.</summary>
    public const int ShownRows = 500;

    public AccountDetailDto Detail { get; private set; } = null!;
    public AccountDto Account => Detail.Account;
    public AccountSnapshot Snapshot { get; private set; } = null!;
    public AccountFacts Facts { get; private set; } = null!;
    public InstanceDto Instance { get; private set; } = null!;
    public IReadOnlyList<AccountClassificationDto> Classifications { get; private set; } = [];
    public RoleMembersDto? Members { get; private set; }
    public PagedResult<AccountChangeDto> Changes { get; private set; } = new([], 0, 1, 0, 50);

    /// <summary>A MySQL or MariaDB account (a PostgreSQL snapshot has no global privileges).</summary>
    public bool IsMySql => Snapshot.GlobalPrivileges is not null;

    public Task<IActionResult> OnGetAsync(string workspace, Guid id, int? page, CancellationToken ct) =>
        RunAsync(workspace, null, async () =>
        {
            Detail = await getAccount.HandleAsync(workspace, id, ct);
            Snapshot = Detail.Snapshot.Deserialize(LedgerJson.Default.AccountSnapshot)!;
            Facts = Detail.Facts.ValueKind == JsonValueKind.Object
                ? Detail.Facts.Deserialize(LedgerJson.Default.AccountFacts)!
                : AccountFacts.From(Snapshot, new Dictionary<string, IReadOnlyList<Membership>>(), clock.GetUtcNow().UtcDateTime);
            Instance = await getInstance.HandleAsync(workspace, Account.InstanceId, ct);
            Changes = await changes.HandleAsync(workspace, ListRequest.Of(("account_id", id.ToString()), ("limit", "50"),
                ("page", (page ?? 1).ToString(CultureInfo.InvariantCulture))), ct);
            Members = await members.HandleAsync(workspace, id, ct);
            try
            {
                Classifications = await classifications.HandleAsync(workspace, id, ct);
            }
            catch (DomainException e) when (e.Code == MessageCodes.PermissionFactsMissing)
            {
                // Not synced with facts yet: no classification to show.
            }
        }, ct);

    /// <summary>
    /// The account's attributes as its engine names them: PostgreSQL's role options, MySQL's account options (the
    /// expiry has a line of its own).
    /// </summary>
    public IReadOnlyList<(string Name, string Value)> Attributes()
    {
        var a = Snapshot.Attributes;
        if (IsMySql)
        {
            return
            [
                ("Authentication plugin", a.Plugin is { Length: > 0 } plugin ? plugin : "none (a role)"),
                ("ACCOUNT LOCK", a.AccountLocked == true ? "locked" : "unlocked"),
                ("PASSWORD EXPIRE", a.PasswordExpired == true ? "expired" : "not expired"),
                ("MAX_USER_CONNECTIONS", a.ConnectionLimit < 0 ? "no limit" : a.ConnectionLimit.ToString(CultureInfo.InvariantCulture)),
            ];
        }
        return
        [
            ("Options", string.Join(" ", new[]
            {
                a.Superuser ? "SUPERUSER" : "NOSUPERUSER", a.Login ? "LOGIN" : "NOLOGIN", a.Inherit ? "INHERIT" : "NOINHERIT",
                a.CreateRole ? "CREATEROLE" : "NOCREATEROLE", a.CreateDb ? "CREATEDB" : "NOCREATEDB",
                a.Replication ? "REPLICATION" : "NOREPLICATION", a.BypassRls ? "BYPASSRLS" : "NOBYPASSRLS",
            })),
            ("CONNECTION LIMIT", a.ConnectionLimit < 0 ? "no limit" : a.ConnectionLimit.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    /// <summary>When a password's validity ends, with how far off: "2027-01-15 (in 12 days)", "2026-11-30 (ended)", "never".</summary>
    public string Expiry(DateTime? until)
    {
        if (until is not { } end) return "never";
        var days = (int)Math.Ceiling((end - clock.GetUtcNow().UtcDateTime).TotalDays);
        var when = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return days <= 0 ? $"{when} (ended)" : $"{when} (in {DetailModel.Count(days, "day")})";
    }

    /// <summary>How a role is held, from the chain that ends with it: "granted directly", "through app_write > app_read".</summary>
    public static string Granted(IReadOnlyList<string> chain) => chain.Count == 1 ? "granted directly" : "through " + string.Join(" > ", chain.SkipLast(1));

    /// <summary>This page with another page of the history.</summary>
    public string HistoryPage(int page) => $"?page={page}";
}
