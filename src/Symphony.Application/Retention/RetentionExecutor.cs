using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Domain.Automations;

namespace Symphony.Application.Retention;

/// <summary>
/// Handler kind "retention": each item names a kind of record; what of the run's workspace is older than that kind's
/// age is deleted in batches. The result says the cutoff and how many rows went.
/// </summary>
public sealed class RetentionExecutor(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, Retention.IPartitionStore partitions, TimeProvider clock)
    : IItemExecutor
{
    /// <summary>The workspace's <c>builtin.retention</c>: one item per kind of record.</summary>
    public static BuiltInAutomation Automation { get; } = new(
        Domain.Automations.Automation.RetentionName, HandlerKinds.Retention,
        "Built in: deletes what is past its retention age, one kind of record per item.",
        [.. Enum.GetValues<RetentionKind>().Select(kind => (object)new { kind = Name(kind) })],
        JsonSerializer.Serialize(new
        {
            type = "object",
            required = new[] { "kind" },
            properties = new { kind = new { @enum = Enum.GetValues<RetentionKind>().Select(Name).ToArray() } },
        }));

    public string Kind => HandlerKinds.Retention;

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        var named = work.Payload.TryGetProperty("kind", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        if (Enum.GetValues<RetentionKind>().Where(k => Name(k) == named).Cast<RetentionKind?>().FirstOrDefault() is not { } kind)
            return ItemOutcome.Failure($"The item names no kind of record to delete: {string.Join(", ", Enum.GetValues<RetentionKind>().Select(Name))}.", retryable: false);
        var settings = options.Value;
        int? days = kind switch
        {
            RetentionKind.Runs => settings.RunsDays,
            RetentionKind.Firings => settings.FiringsDays,
            RetentionKind.Capacity => settings.CapacityDays,
            RetentionKind.Audit => settings.AuditDays,
            RetentionKind.Orchestration => settings.OrchestrationDays,
            _ => settings.AccountChangesDays,
        };
        if (days is null)
            return ItemOutcome.Success(JsonSerializer.Serialize(new { kind = Name(kind), kept = true }));

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var workspaceId = await db.Runs.AsNoTracking().Where(r => r.Id == work.RunId).Select(r => r.WorkspaceId).FirstAsync(ct);
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days.Value);
        var deleted = await new RetentionSweep(db, settings, partitions.Partitioned).DeleteAsync(kind, workspaceId, cutoff, ct);
        return ItemOutcome.Success(JsonSerializer.Serialize(new { kind = Name(kind), cutoff, deleted }));
    }

    public static string Name(RetentionKind kind) => System.Text.RegularExpressions.Regex.Replace(kind.ToString(), "(?<=[a-z])([A-Z])", "_$1").ToLowerInvariant();
}
