using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentValidation;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// Saved instances by id (1 to 50), or one target given in full (db_type, host, port?, database_name?, tls_mode?, and
/// a credential_id or a username and password that are used once and never stored). A target given in full is never
/// allowed the password itself unless its certificate is verified or the node's setting allows every target.
/// </summary>
public sealed record TestConnectionsCommand(
    IReadOnlyList<Guid>? InstanceIds = null, string? DbType = null, string? Host = null, int? Port = null, string? DatabaseName = null,
    Guid? CredentialId = null, string? Username = null, string? Password = null, int? ConnectTimeoutSeconds = null, TlsMode? TlsMode = null);

public sealed record ConnectionTestResult(
    Guid? InstanceId, string? Name, bool Ok, string? ServerVersion, int? ServerMajorVersion, long DurationMs,
    string? MessageCode = null, string? Reason = null, string? Message = null);

public sealed record ConnectionTestResults(IReadOnlyList<ConnectionTestResult> Results);

public sealed class TestConnectionsValidator : AbstractValidator<TestConnectionsCommand>
{
    public const int MaxInstances = 50;

    public TestConnectionsValidator()
    {
        RuleFor(c => c).Must(c => c.InstanceIds is not null ^ c.Host is not null)
            .WithName("instance_ids").WithMessage("Give either instance_ids or a target (db_type, host and a credential).");
        RuleFor(c => c.InstanceIds!.Count).InclusiveBetween(1, MaxInstances).When(c => c.InstanceIds is not null)
            .WithName("instance_ids").WithMessage($"instance_ids takes 1 to {MaxInstances} ids.");
        When(c => c.Host is not null, () =>
        {
            RuleFor(c => c.DbType).NotEmpty().KnownDbType();
            RuleFor(c => c.Host).Host();
            RuleFor(c => c.Port).Port();
            RuleFor(c => c.DatabaseName).DatabaseName();
            RuleFor(c => c.TlsMode).KnownTlsMode();
            RuleFor(c => c).Must(c => c.CredentialId is not null ^ (c.Username is not null && c.Password is not null))
                .WithName("credential_id").WithMessage("Give either credential_id or username and password.");
            RuleFor(c => c.Username).MaximumLength(200).PlainText();
            RuleFor(c => c.Password).MaximumLength(4096);
        });
        RuleFor(c => c.ConnectTimeoutSeconds).InclusiveBetween(1, 60);
    }
}

/// <summary>
/// Tests connections: each target is reached with connect and statement timeouts, at most 8 at once, and
/// answered with the server's version or a classified error. Saved instances record the outcome (health,
/// version facts). A secret is decrypted only for the connection that needs it.
/// </summary>
public sealed class TestConnectionsHandler(
    IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, TestConnectionsValidator validator, DatabaseDrivers drivers,
    ISecretProtector protector, AuditLog audit, IOptions<TargetOptions> targets, TimeProvider clock)
{
    private const int Parallelism = 8;

    public async Task<ConnectionTestResults> HandleAsync(string workspace, TestConnectionsCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var limits = command.ConnectTimeoutSeconds is { } seconds
            ? ConnectionLimits.Default with { Connect = TimeSpan.FromSeconds(seconds) }
            : ConnectionLimits.Default;

        if (command.InstanceIds is null)
            return new ConnectionTestResults([await ProbeAdHocAsync(scope.Id, command, limits, ct)]);

        var ids = command.InstanceIds.Distinct().ToList();
        var instances = await lookup.AllInAsync<Instance>(scope.Id, ids, "instance_ids", ct);

        // Secrets are read one by one on this scope's context; connections then run in parallel without it.
        var work = new List<(Instance Instance, InstanceTarget? Reach, ConnectionTestResult? Refused)>();
        foreach (var instance in instances)
        {
            if (instance.CredentialId is null)
            {
                work.Add((instance, null, Failure(instance, MessageCodes.DatabaseConnectionError, ConnectionFailureReasons.AuthenticationFailed,
                    "The instance has no credential.")));
                continue;
            }
            try
            {
                work.Add((instance, await InstanceTarget.ResolveAsync(db, drivers, protector, audit, instance, null, SecretUse.ConnectionTest(instance.Id), ct), null));
            }
            catch (DomainException e)
            {
                work.Add((instance, null, Failure(instance, e.Code, null, e.Message)));
            }
        }
        // The secrets' use is on record before any target is reached, whatever happens to this request next.
        await db.SaveChangesAsync(ct);
        var results = new ConnectionTestResult[work.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (index, token) =>
            {
                var (instance, reach, refused) = work[index];
                results[index] = refused ?? await ProbeAsync(instance.Id, instance.Name, reach!.Driver, reach.Target, reach.Credential, limits, token);
            });

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (instance, result) in instances.Zip(results))
        {
            if (result.MessageCode == MessageCodes.UnsupportedDbType.Code) continue;
            instance.RecordConnection(now, result.Ok ? null : $"{result.Reason ?? result.MessageCode}: {result.Message}", result.ServerVersion, result.ServerMajorVersion);
        }
        await db.SaveChangesAsync(ct);
        return new ConnectionTestResults(results);
    }

    /// <summary>
    /// A target given in full: written to the audit log (who probed which host and port, with which credential)
    /// before it is reached, and refused unless its host resolves inside <c>Symphony:Targets:AllowedNetworks</c>
    /// when that is set.
    /// </summary>
    private async Task<ConnectionTestResult> ProbeAdHocAsync(Guid workspaceId, TestConnectionsCommand command, ConnectionLimits limits, CancellationToken ct)
    {
        var target = new ConnectionTarget(command.DbType!, command.Host!, command.Port ?? DbTypes.DefaultPort(command.DbType!), command.DatabaseName,
            command.TlsMode ?? TlsMode.Prefer);
        var details = new Dictionary<string, object?>
        {
            ["db_type"] = target.DbType, ["host"] = target.Host, ["port"] = target.Port, ["database_name"] = target.DatabaseName, ["tls_mode"] = InstanceRules.TlsModeName(target.Tls),
            ["credential_id"] = command.CredentialId, ["username"] = command.CredentialId is null ? command.Username : null,
        };
        var refusal = await OutsideAllowedNetworksAsync(target.Host, ct);
        details["refused"] = refusal is not null;
        audit.Record(AuditActions.TargetProbed, "connection_target", $"{target.Host}:{target.Port}", workspaceId, details);
        if (refusal is not null)
        {
            await db.SaveChangesAsync(ct);
            throw new DomainException(MessageCodes.EgressDenied, refusal, [new FieldError("host", refusal, MessageCodes.EgressDenied.Code)]);
        }
        var credential = command.CredentialId is { } credentialId
            ? await CredentialSecrets.UseAsync(db, protector, audit, workspaceId, credentialId, SecretUse.ConnectionTest(null), ct)
            : new UsableCredential(command.Username!, command.Password!);
        await db.SaveChangesAsync(ct);
        if (drivers.Find(target.DbType) is not { } driver)
        {
            return new ConnectionTestResult(null, null, false, null, null, 0, MessageCodes.UnsupportedDbType.Code, null,
                $"No {target.DbType} driver is available on this node.");
        }
        return await ProbeAsync(null, null, driver, target, credential, limits, ct);
    }

    private async Task<string?> OutsideAllowedNetworksAsync(string host, CancellationToken ct)
    {
        var allowed = NetworkList.Parse(targets.Value.AllowedNetworks, $"{TargetOptions.Section}:AllowedNetworks");
        if (allowed.IsEmpty) return null;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            addresses = [];
        }
        return addresses.Length > 0 && addresses.All(allowed.Contains)
            ? null
            : $"{host} is outside {TargetOptions.Section}:AllowedNetworks, which limits connection tests of targets that are not saved instances.";
    }

    private static async Task<ConnectionTestResult> ProbeAsync(
        Guid? id, string? name, IDatabaseDriver driver, ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var facts = await driver.ProbeAsync(target, credential, limits, ct);
            return new ConnectionTestResult(id, name, true, facts.Version, facts.MajorVersion, watch.ElapsedMilliseconds);
        }
        catch (DatabaseConnectionException e)
        {
            return new ConnectionTestResult(id, name, false, null, null, watch.ElapsedMilliseconds, MessageCodes.DatabaseConnectionError.Code, e.Reason, e.Message);
        }
    }

    private static ConnectionTestResult Failure(Instance instance, MessageCode code, string? reason, string message) =>
        new(instance.Id, instance.Name, false, null, null, 0, code.Code, reason, message);
}
