using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

/// <summary>
/// One item's execution in a run. <c>sequence_number</c> is the item's place in its batch; an item that works on an
/// instance (fleet syncs, auto-classify) names it in <c>instance_id</c> and <c>instance</c> (its name when the run started).
/// </summary>
public sealed record ItemExecutionDto(
    Guid Id, Guid RunId, Guid BatchExecutionId, Guid ItemId, int? SequenceNumber, Guid? InstanceId, string? Instance, ExecutionStatus Status, int AttemptCount, int MaxAttempts,
    DateTime NextAttemptAt, DateTime? StartedAt, DateTime? FinishedAt, long? DurationMs, JsonElement? Result, string? Error, string? LeaseOwner)
{
    public static ItemExecutionDto From(ItemExecution i, Item? item = null)
    {
        var payload = Payloads.ParseOrNull(item?.Payload);
        var instanceId = payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("instance_id", out var id) && id.TryGetGuid(out var guid) ? guid : (Guid?)null;
        var instance = instanceId is not null && payload!.Value.TryGetProperty("instance", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        return new(i.Id, i.RunId, i.BatchExecutionId, i.ItemId, item?.SequenceNumber, instanceId, instance, i.Status, i.AttemptCount, i.MaxAttempts, i.NextAttemptAt,
            i.StartedAt, i.FinishedAt, i.DurationMs, Payloads.ParseOrNull(i.ResultPayload), i.Error, i.LeaseOwner);
    }
}

public sealed class ListItemExecutionsHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public static ListDefinition<ItemExecution> Definition { get; } = new ListDefinition<ItemExecution>()
        .Filter("status", v =>
        {
            var status = FilterValues.Enum<ExecutionStatus>(v);
            return new(i => i.Status == status);
        })
        .Filter("batch_execution_id", v =>
        {
            var id = FilterValues.Id(v);
            return new(i => i.BatchExecutionId == id);
        })
        .Sort("created_at", i => i.CreatedAt, isDefault: true)
        .Sort("started_at", i => i.StartedAt)
        .Sort("finished_at", i => i.FinishedAt)
        .Sort("attempt_count", i => i.AttemptCount);

    public async Task<PagedResult<ItemExecutionDto>> HandleAsync(string workspace, Guid runId, ListRequest request, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.ItemExecutions, request, i => i, ct, new Specification<ItemExecution>(i => i.RunId == run.Id));
        var ids = page.Items.Select(i => i.ItemId).ToList();
        var items = await db.Items.IgnoreQueryFilters().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return new PagedResult<ItemExecutionDto>(page.Items.Select(i => ItemExecutionDto.From(i, items.GetValueOrDefault(i.ItemId))).ToList(),
            page.Total, page.Page, page.Pages, page.Limit);
    }
}
