using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>One refused row of an import: its line in the file, the field and why.</summary>
public sealed record ImportRowError(int Line, string Field, string Message, string MessageCode);

public sealed record ImportResult(int Created, int Failed, IReadOnlyList<ImportRowError> Errors);

/// <summary>
/// Creates instances from CSV with a header row (the columns of export; name, db_type and host required). Every
/// row is checked like a create; valid rows are stored together in one transaction, refused rows are reported
/// by line and never stored in part. A file that is not CSV of these columns is refused whole.
/// </summary>
public sealed class ImportInstancesHandler(IApplicationDbContext db, WorkspaceAccess access, CreateInstanceValidator validator, AuditLog audit)
{
    private static readonly string[] RequiredColumns = ["name", "db_type", "host"];

    public const int MaxRows = 1000;

    /// <summary>The largest file an import reads (the API's body, the console's upload).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public async Task<ImportResult> HandleAsync(string workspace, string csv, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        List<(int Line, List<string> Fields)> records;
        try
        {
            records = Csv.Parse(csv);
        }
        catch (FormatException e)
        {
            throw DomainException.Validation("csv", e.Message);
        }
        if (records.Count == 0) throw DomainException.Validation("csv", "The file is empty; the first line must name the columns.");
        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        if (header.FirstOrDefault(h => !ExportInstancesHandler.Columns.Contains(h)) is { } unknown)
            throw DomainException.Validation("csv", $"Unknown column '{unknown}'; the columns are: {string.Join(", ", ExportInstancesHandler.Columns)}.");
        if (RequiredColumns.FirstOrDefault(c => !header.Contains(c)) is { } missing)
            throw DomainException.Validation("csv", $"The column '{missing}' is required.");
        if (records.Count - 1 > MaxRows) throw DomainException.Validation("csv", $"At most {MaxRows} rows per import.");

        var taken = (await db.Instances.Where(i => i.WorkspaceId == scope.Id).Select(i => i.Name).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var credentials = (await db.Credentials.Where(c => c.WorkspaceId == scope.Id).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var errors = new List<ImportRowError>();
        var created = new List<Instance>();
        foreach (var (line, fields) in records.Skip(1))
        {
            string? Value(string column)
            {
                var index = header.IndexOf(column);
                return index < 0 || index >= fields.Count || fields[index].Length == 0 ? null : fields[index].Trim();
            }
            var rowErrors = new List<ImportRowError>();
            void Refuse(string field, string message, MessageCode code) => rowErrors.Add(new ImportRowError(line, field, message, code.Code));

            if (fields.Count != header.Count) Refuse("csv", $"The row has {fields.Count} fields; the header has {header.Count}.", MessageCodes.ValidationError);
            int? port = null;
            if (Value("port") is { } portText)
            {
                if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) port = p;
                else Refuse("port", "port must be a number.", MessageCodes.ValidationError);
            }
            Guid? credentialId = null;
            if (Value("credential_id") is { } credentialText)
            {
                if (Guid.TryParse(credentialText, out var id) && credentials.Contains(id)) credentialId = id;
                else Refuse("credential_id", $"No credential {credentialText} in this workspace.", MessageCodes.ValidationError);
            }
            TlsMode? tlsMode = null;
            if (Value("tls_mode") is { } modeText && (tlsMode = InstanceRules.ParseTlsMode(modeText)) is null)
                Refuse("tls_mode", InstanceRules.TlsModeMessage, MessageCodes.ValidationError);
            var command = new CreateInstanceCommand(Value("name") ?? "", Value("db_type") ?? "", Value("host") ?? "", port,
                Value("database_name"), credentialId, Value("environment"), Value("description"), tlsMode);
            var result = await validator.ValidateAsync(command, ct);
            foreach (var failure in result.Errors)
                Refuse(Validation.JsonName(failure.PropertyName), failure.ErrorMessage, MessageCodes.ValidationError);
            if (rowErrors.Count == 0 && !taken.Add(command.Name))
                Refuse("name", $"Instance '{command.Name}' already exists in this workspace or earlier in the file.", MessageCodes.NameExists);

            if (rowErrors.Count > 0) errors.AddRange(rowErrors);
            else created.Add(command.ToInstance(scope.Id));
        }
        if (taken.Count > Instance.MaxPerWorkspace)
            throw new DomainException(MessageCodes.LimitExceeded, $"A workspace holds at most {Instance.MaxPerWorkspace} instances.");
        db.Instances.AddRange(created);
        foreach (var instance in created)
            audit.Record(AuditActions.InstancesImported, "instance", instance.Id, scope.Id, InstanceRules.AuditDetails(instance));
        await db.SaveChangesAsync(ct);
        return new ImportResult(created.Count, records.Count - 1 - created.Count, errors);
    }
}
