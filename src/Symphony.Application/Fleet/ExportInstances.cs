using System.Globalization;
using System.Text;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Fleet;

/// <summary>
/// The instances the list's filters match (every active instance without filters), in its order, as CSV in the
/// columns that import reads back.
/// </summary>
public sealed class ExportInstancesHandler(IApplicationDbContext db, WorkspaceAccess access, ListInstancesHandler list, AuditLog audit)
{
    public static readonly string[] Columns = ["name", "db_type", "host", "port", "database_name", "environment", "description", "credential_id", "tls_mode"];

    /// <summary>More than a fleet of 10,000 with room to spare; a longer export is cut at this many rows.</summary>
    public const int MaxRows = 100_000;

    public async Task<string> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var instances = await ListExport.RowsAsync(request, MaxRows, paged => list.HandleAsync(workspace, paged, ct));
        var csv = new StringBuilder(Csv.Line(Columns));
        foreach (var i in instances)
        {
            csv.Append(Csv.Line([i.Name, i.DbType, i.Host, i.Port.ToString(CultureInfo.InvariantCulture), i.DatabaseName, i.Environment,
                i.Description, i.CredentialId?.ToString(), InstanceRules.TlsModeName(i.TlsMode)]));
        }
        audit.Record(AuditActions.InstancesExported, "workspace", scope.Id, scope.Id, new { instances = instances.Count, filters = request.Parameters });
        await db.SaveChangesAsync(ct);
        return csv.ToString();
    }
}
