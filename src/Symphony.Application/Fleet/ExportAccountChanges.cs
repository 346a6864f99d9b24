using System.Globalization;
using System.Text;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Fleet;

/// <summary>
/// The workspace's account changes as CSV, with the change feed's filters and order, newest first: at most
/// <see cref="MaxRows"/> rows (a narrower filter gets the rest). Cells that a spreadsheet would run as formulas are defused.
/// </summary>
public sealed class ExportAccountChangesHandler(ListAccountChangesHandler changes, WorkspaceAccess access, AuditLog audit, IApplicationDbContext db)
{
    public const int MaxRows = 20_000;
    public static readonly string[] Columns = ["occurred_at", "instance_id", "account", "kind", "in_words", "added", "removed", "run_id"];

    public async Task<string> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var rows = await ListExport.RowsAsync(request, MaxRows, paged => changes.HandleAsync(workspace, paged, ct));
        var csv = new StringBuilder(Csv.Line(Columns));
        foreach (var c in rows)
        {
            csv.Append(Csv.Line([c.OccurredAt.ToString("O", CultureInfo.InvariantCulture), c.InstanceId.ToString(), c.AccountName,
                c.Kind.ToString().ToLowerInvariant(), string.Join("; ", c.Sentences), Lines(c, "added"), Lines(c, "removed"), c.RunId?.ToString()]));
        }
        audit.Record(AuditActions.AccountChangesExported, "workspace", scope.Id, scope.Id, new { changes = rows.Count });
        await db.SaveChangesAsync(ct);
        return csv.ToString();
    }

    private static string Lines(AccountChangeDto change, string side) =>
        string.Join("; ", change.Diff.GetProperty(side).EnumerateArray().Select(l => l.GetString()));
}
