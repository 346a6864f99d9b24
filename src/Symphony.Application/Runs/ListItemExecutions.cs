using System.Text.Json;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Identity;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

public sealed record ItemExecutionDto(
    Guid Id, Guid RunId, Guid ItemId, ExecutionStatus Status, int AttemptCount, int MaxAttempts, DateTime NextAttemptAt,
    DateTime? StartedAt, DateTime? FinishedAt, long? DurationMs, JsonElement? Result, string? Error, string? LeaseOwner)
{
    public static ItemExecutionDto From(ItemExecution i) => new(
        i.Id, i.RunId, i.ItemId, i.Status, i.AttemptCount, i.MaxAttempts, i.NextAttemptAt, i.StartedAt, i.FinishedAt,
        i.DurationMs, Payloads.ParseOrNull(i.ResultPayload), i.Error, i.LeaseOwner);
}

public sealed class ListItemExecutionsHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public static ListDefinition<ItemExecution> Definition { get; } = new ListDefinition<ItemExecution>()
        .Filter("status", v =>
        {
            var status = FilterValues.Enum<ExecutionStatus>(v);
            return new(i => i.Status == status);
        })
        .Sort("created_at", i => i.CreatedAt, isDefault: true)
        .Sort("started_at", i => i.StartedAt)
        .Sort("finished_at", i => i.FinishedAt)
        .Sort("attempt_count", i => i.AttemptCount);

    public async Task<PagedResult<ItemExecutionDto>> HandleAsync(string workspace, Guid runId, ListRequest request, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.ItemExecutions, request, i => i, ct, new Specification<ItemExecution>(i => i.RunId == run.Id));
        return new PagedResult<ItemExecutionDto>(page.Items.Select(ItemExecutionDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
