using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Automations;
using Symphony.Domain.Retention;

namespace Symphony.Application.Retention;

/// <summary>
/// Handler kind "retention": each item names a kind of record; what of the run's workspace is older than that kind's
/// age is deleted in batches. The result says the cutoff and how many rows went.
/// </summary>
public sealed class RetentionExecutor(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, Retention.IPartitionStore partitions, TimeProvider clock)
    : IItemExecutor
{
    public string Kind => HandlerKinds.Retention;

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        var named = work.Payload.TryGetProperty("kind", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        if (RetentionKinds.Named(named) is not { } kind)
            return ItemOutcome.Failure($"The item names no kind of record to delete: {string.Join(", ", RetentionKinds.All.Select(RetentionKinds.Name))}.", retryable: false);
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
            return ItemOutcome.Success(JsonSerializer.Serialize(new { kind = RetentionKinds.Name(kind), kept = true }));

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var workspaceId = await db.Runs.AsNoTracking().Where(r => r.Id == work.RunId).Select(r => r.WorkspaceId).FirstAsync(ct);
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days.Value);
        var deleted = await new RetentionSweep(db, settings, partitions.Partitioned).DeleteAsync(kind, workspaceId, cutoff, ct);
        return ItemOutcome.Success(JsonSerializer.Serialize(new { kind = RetentionKinds.Name(kind), cutoff, deleted }));
    }

}
