using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

public sealed record ItemStateChangeDto(ExecutionStatus FromStatus, ExecutionStatus ToStatus, int Attempt, DateTime OccurredAt, string? Reason, string? Worker);

public sealed record ItemHistoryDto(ItemExecutionDto Item, IReadOnlyList<ItemStateChangeDto> History);

/// <summary>One item execution with every status change it went through, oldest first.</summary>
public sealed class GetItemHistoryHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<ItemHistoryDto> HandleAsync(string workspace, Guid runId, Guid itemExecutionId, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.ReadWorkspace, ct);
        var item = await db.ItemExecutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemExecutionId && i.RunId == run.Id, ct)
            ?? throw DomainException.NotFound($"Item execution {itemExecutionId}");
        var history = await db.ItemStateHistory.AsNoTracking()
            .Where(h => h.ItemExecutionId == item.Id)
            .OrderBy(h => h.OccurredAt).ThenBy(h => h.Id)
            .Select(h => new ItemStateChangeDto(h.FromStatus, h.ToStatus, h.Attempt, h.OccurredAt, h.Reason, h.Worker))
            .ToListAsync(ct);
        var source = await db.Items.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(i => i.Id == item.ItemId, ct);
        return new ItemHistoryDto(ItemExecutionDto.From(item, source), history);
    }
}
