using System.Globalization;
using System.Text;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Classifications;

/// <summary>
/// The account ledger as CSV, with the list's filters and sort: any view of the console's ledger, at most
/// <see cref="MaxRows"/> rows. Each account is named with its instance, and cells a spreadsheet would run as formulas
/// are defused.
/// </summary>
public sealed class ExportLedgerHandler(SearchLedgerHandler ledger, WorkspaceAccess access, AuditLog audit, IApplicationDbContext db)
{
    public const int MaxRows = 50_000;
    public static readonly string[] Columns =
    [
        "instance", "db_type", "account", "sign_in_state", "superuser", "password_expires_at", "classifications", "highest_risk",
        "first_seen_at", "last_changed_at", "in_ledger", "instance_id", "account_id",
    ];

    public async Task<string> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var rows = await ListExport.RowsAsync(request, MaxRows, paged => ledger.HandleAsync(workspace, paged, ct));
        var csv = new StringBuilder(Csv.Line(Columns));
        foreach (var row in rows)
        {
            var a = row.Account;
            csv.Append(Csv.Line([row.Instance, row.DbType, a.Name, a.SignInState, a.IsSuperuser ? "yes" : "no", Time(a.PasswordExpiresAt),
                string.Join("; ", row.Classifications.Select(c => c.Code)), row.HighestRisk == 0 ? "" : row.HighestRisk.ToString(CultureInfo.InvariantCulture),
                Time(a.FirstSeenAt), Time(a.LastChangedAt), a.IsActive ? "present" : "gone", a.InstanceId.ToString(), a.Id.ToString()]));
        }
        audit.Record(AuditActions.AccountsExported, "workspace", scope.Id, scope.Id, new { accounts = rows.Count });
        await db.SaveChangesAsync(ct);
        return csv.ToString();
    }

    private static string? Time(DateTime? at) => at?.ToString("O", CultureInfo.InvariantCulture);
}
