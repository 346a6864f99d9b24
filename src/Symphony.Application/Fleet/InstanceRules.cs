using System.Net;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>Field rules shared by creating, updating and importing instances.</summary>
public static partial class InstanceRules
{
    public static IRuleBuilderOptions<T, string?> KnownDbType<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => t is null || DbTypes.Known.Contains(t)).WithMessage($"db_type must be one of: {string.Join(", ", DbTypes.Known)}.");

    public static IRuleBuilderOptions<T, string?> Host<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(253).Must(h => h is null || IsHost(h)).WithMessage("host must be a host name or an IP address.");

    public static IRuleBuilderOptions<T, int?> Port<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, 65535).WithMessage("port must be 1 to 65535.");

    public static IRuleBuilderOptions<T, string?> KnownEnvironment<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(e => e is null || Environments.Known.Contains(e)).WithMessage($"environment must be one of: {string.Join(", ", Environments.Known)}.");

    public static IRuleBuilderOptions<T, string?> DatabaseName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(128).Must(d => d is null || !d.Any(char.IsControl)).WithMessage("database_name must be at most 128 printable characters.");

    public static bool IsHost(string host) => IPAddress.TryParse(host, out _) || HostName().IsMatch(host);

    /// <summary>A credential must be an active one of the instance's workspace.</summary>
    public static async Task EnsureCredentialAsync(IApplicationDbContext db, Guid workspaceId, Guid? credentialId, CancellationToken ct)
    {
        if (credentialId is { } id && !await db.Credentials.AnyAsync(c => c.Id == id && c.WorkspaceId == workspaceId, ct))
            throw DomainException.Validation("credential_id", $"No credential {id} in this workspace.");
    }

    /// <summary>What the audit log keeps of an instance: where it is, which credential is sent there and how.</summary>
    public static object AuditDetails(Instance instance) => new
    {
        name = instance.Name, db_type = instance.DbType, host = instance.Host, port = instance.Port, credential_id = instance.CredentialId,
        tls_mode = TlsModeName(instance.TlsMode), allow_cleartext_password = instance.AllowCleartextPassword,
    };

    public static IRuleBuilderOptions<T, TlsMode?> KnownTlsMode<T>(this IRuleBuilder<T, TlsMode?> rule) =>
        rule.IsInEnum().WithMessage(TlsModeMessage);

    public static readonly string TlsModeMessage = $"tls_mode must be one of: {string.Join(", ", Enum.GetValues<TlsMode>().Select(TlsModeName))}.";

    /// <summary>The mode as the API and CSV write it: verify_ca.</summary>
    public static string TlsModeName(TlsMode mode) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(mode.ToString());

    /// <summary>A mode as written (verify_ca), or null when it is none.</summary>
    public static TlsMode? ParseTlsMode(string text) => Enum.GetValues<TlsMode>().Cast<TlsMode?>().FirstOrDefault(m => TlsModeName(m!.Value) == text);

    /// <summary>
    /// Only the workspace's owners may let an instance be sent the password itself without a verified certificate:
    /// an operator could otherwise point an instance at a server of theirs and harvest any credential of the workspace.
    /// </summary>
    public static void EnsureMayAllowCleartext(bool? allow, bool owner)
    {
        if (allow == true && !owner)
            throw new DomainException(MessageCodes.PermissionDenied,
                "Only the workspace's owners may set allow_cleartext_password: the server would be sent the credential's password itself.");
    }

    [GeneratedRegex("^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();
}
