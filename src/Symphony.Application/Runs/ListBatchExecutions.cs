using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

/// <summary>
/// One batch of a run: its status (processing until none of its items is left to do; then failed when any item failed,
/// cancelled when any was cancelled, completed otherwise), when it started and finished, and its items counted by
/// status. <c>batch</c> is the batch's name when it is still stored.
/// </summary>
public sealed record BatchExecutionDto(
    Guid Id, Guid RunId, Guid BatchId, string? Batch, ExecutionStatus Status, DateTime? StartedAt, DateTime? FinishedAt, long? DurationMs,
    RunCounters Counters);

public sealed class ListBatchExecutionsHandler(IApplicationDbContext db, WorkspaceLookup lookup, TimeProvider clock)
{
    public static ListDefinition<BatchExecution> Definition { get; } = new ListDefinition<BatchExecution>()
        .Filter("status", v =>
        {
            var status = FilterValues.Enum<ExecutionStatus>(v);
            return new(b => b.Status == status);
        })
        .Sort("created_at", b => b.CreatedAt, isDefault: true)
        .Sort("started_at", b => b.StartedAt)
        .Sort("finished_at", b => b.FinishedAt);

    public async Task<PagedResult<BatchExecutionDto>> HandleAsync(string workspace, Guid runId, ListRequest request, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.BatchExecutions, request, b => b, ct, new Specification<BatchExecution>(b => b.RunId == run.Id));
        var ids = page.Items.Select(b => b.Id).ToList();
        var batchIds = page.Items.Select(b => b.BatchId).ToList();
        var counts = await db.ItemExecutions.Where(i => i.RunId == run.Id && ids.Contains(i.BatchExecutionId))
            .GroupBy(i => new { i.BatchExecutionId, i.Status }).Select(g => new { g.Key.BatchExecutionId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var names = await db.Batches.IgnoreQueryFilters().AsNoTracking().Where(b => batchIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new PagedResult<BatchExecutionDto>(page.Items.Select(b => new BatchExecutionDto(b.Id, b.RunId, b.BatchId, names.GetValueOrDefault(b.BatchId),
                b.Status, b.StartedAt, b.FinishedAt, RunDto.Elapsed(b.StartedAt, b.FinishedAt, now),
                RunCounters.From(counts.Where(c => c.BatchExecutionId == b.Id).Select(c => (c.Status, c.Count)).ToList()))).ToList(),
            page.Total, page.Page, page.Pages, page.Limit);
    }
}
