using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Orchestration;

/// <summary>
/// An engine reporting on a workflow Symphony started with a callback. The engine proves itself with the token
/// it was given at start; an unknown instance and a wrong token both answer 404, so the endpoint reveals nothing.
/// </summary>
public sealed record ReportOrchestrationStatusCommand(string Status, JsonElement? Result = null, string? Error = null, string? Url = null);

public sealed class ReportOrchestrationStatusValidator : AbstractValidator<ReportOrchestrationStatusCommand>
{
    public static readonly IReadOnlyDictionary<string, ExecutionStatus> Statuses = new Dictionary<string, ExecutionStatus>
    {
        ["running"] = ExecutionStatus.Processing,
        ["succeeded"] = ExecutionStatus.Completed,
        ["failed"] = ExecutionStatus.Failed,
        ["cancelled"] = ExecutionStatus.Cancelled,
    };

    public ReportOrchestrationStatusValidator()
    {
        RuleFor(c => c.Status).NotEmpty().Must(s => s is null || Statuses.ContainsKey(s))
            .WithMessage("status must be one of: running, succeeded, failed, cancelled.");
        RuleFor(c => c.Error).MaximumLength(2000);
        RuleFor(c => c.Url).MaximumLength(2000);
        RuleFor(c => c.Result).Must(r => r is null || r.Value.GetRawText().Length <= 64 * 1024).WithMessage("result must be at most 64 KiB of JSON.");
    }
}

public sealed class ReportOrchestrationStatusHandler(IApplicationDbContext db, ReportOrchestrationStatusValidator validator, TimeProvider clock)
{
    public async Task HandleAsync(Guid instanceId, string? token, ReportOrchestrationStatusCommand command, CancellationToken ct)
    {
        var instance = await db.OrchestrationInstances.FirstOrDefaultAsync(o => o.Id == instanceId, ct);
        if (instance?.CallbackTokenHash is null || token is null || !CallbackTokens.Matches(token, instance.CallbackTokenHash))
            throw DomainException.NotFound($"Orchestration instance {instanceId}");
        await validator.EnsureValidAsync(command, ct);
        instance.Report(ReportOrchestrationStatusValidator.Statuses[command.Status], clock.GetUtcNow().UtcDateTime);
        instance.Metadata = InstanceMetadata.Merge(instance.Metadata, command.Result, command.Error, command.Url);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Tokens an engine presents when it calls back; only their SHA-256 is stored.</summary>
public static class CallbackTokens
{
    public static (string Token, string Hash) Create()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Sha256.Hex(token));
    }

    public static bool Matches(string token, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sha256.Hex(token)), Encoding.ASCII.GetBytes(hash));

}

/// <summary>An orchestration instance's metadata: what its engine reported last, by polling or by callback.</summary>
public static class InstanceMetadata
{
    /// <summary>An instance's metadata with what the engine last reported (result, error, url) merged in.</summary>
    public static string Merge(string metadata, JsonElement? result, string? error, string? url)
    {
        var node = JsonNode.Parse(metadata) as JsonObject ?? [];
        if (result is { } r) node["result"] = JsonNode.Parse(r.GetRawText());
        if (error is not null) node["error"] = error;
        if (url is not null) node["url"] = url;
        return node.ToJsonString();
    }
}
