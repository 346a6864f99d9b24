using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Fleet;

/// <summary>The workspace's active instances as CSV, in the columns that import reads back.</summary>
public sealed class ExportInstancesHandler(IApplicationDbContext db, WorkspaceAccess access, AuditLog audit)
{
    public static readonly string[] Columns = ["name", "db_type", "host", "port", "database_name", "environment", "description", "credential_id", "tls_mode"];

    public async Task<string> HandleAsync(string workspace, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var instances = await db.Instances.AsNoTracking().Where(i => i.WorkspaceId == scope.Id).OrderBy(i => i.Name).ToListAsync(ct);
        var csv = new StringBuilder(Csv.Line(Columns));
        foreach (var i in instances)
        {
            csv.Append(Csv.Line([i.Name, i.DbType, i.Host, i.Port.ToString(CultureInfo.InvariantCulture), i.DatabaseName, i.Environment,
                i.Description, i.CredentialId?.ToString(), InstanceRules.TlsModeName(i.TlsMode)]));
        }
        audit.Record(AuditActions.InstancesExported, "workspace", scope.Id, scope.Id, new { instances = instances.Count });
        await db.SaveChangesAsync(ct);
        return csv.ToString();
    }
}
