using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;
using Symphony.Domain.Runs;

namespace Symphony.Application.Fleet;

/// <summary>
/// The instances to sync: the ones named, or every active instance of the workspace, narrowed to a db type, an
/// environment and instances carrying any of the tags, when given.
/// </summary>
public sealed record FleetSyncCommand(
    IReadOnlyList<Guid>? InstanceIds = null, string? DbType = null, string? Environment = null, IReadOnlyList<string>? Tags = null);

public sealed class FleetSyncValidator : AbstractValidator<FleetSyncCommand>
{
    public FleetSyncValidator()
    {
        RuleFor(c => c.InstanceIds!.Count).InclusiveBetween(1, 1000).When(c => c.InstanceIds is not null).WithName("instance_ids");
        RuleFor(c => c.DbType).KnownDbType();
        RuleFor(c => c.Environment).MaximumLength(50).PlainText();
        RuleFor(c => c.Tags).TagCodes();
    }
}

/// <summary>
/// Starts a fleet sync (a built-in automation of <see cref="BuiltInScope.Instances"/>) as a run: a batch with one item
/// per instance in scope, run by the engine with retries and history like any other. The same Idempotency-Key
/// returns the same run.
/// </summary>
public sealed class StartFleetSyncHandler(
    IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, FleetSyncValidator validator, BuiltInRuns start)
{
    private const string NothingInScope = "No active instance is in scope.";
    /// <summary>Why an auto-classify item of an instance never synced is skipped.</summary>
    public const string NoFactsYet = "no accounts synced yet: nothing to classify until an accounts sync has run";

    public async Task<RunDto> HandleAsync(
        string workspace, BuiltIn sync, FleetSyncCommand command, string? idempotencyKey, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? itemOptions = null)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        StartRunHandler.EnsureClientKeys(idempotencyKey);
        var idempotency = IdempotencyKey.Of(idempotencyKey, sync.Name, command, itemOptions);
        return (await StartAsync(scope.Id, sync, command, new StartRunCommand(RunTrigger.Api), idempotency, ct, itemOptions)).Run;
    }

    /// <summary>
    /// Starts the sync in a workspace the caller was already allowed to write to (or the scheduler fires); each item
    /// carries <paramref name="itemOptions"/> beside its instance. No instance in scope is 400 NOTHING_IN_SCOPE.
    /// </summary>
    public async Task<(RunDto Run, bool Created)> StartAsync(
        Guid workspaceId, BuiltIn sync, FleetSyncCommand command, StartRunCommand run, IdempotencyKey? idempotency, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? itemOptions = null)
    {
        await validator.EnsureValidAsync(command, ct);
        // A repeated request finds its run before anything is made for it.
        if (idempotency is not null && await start.ExistingAsync(workspaceId, sync, idempotency, ct) is { } repeated)
            return (repeated, false);

        var instances = command.InstanceIds is { } ids
            ? await lookup.AllInAsync<Instance>(workspaceId, ids, "instance_ids", ct)
            : await db.Instances.AsNoTracking().Where(i => i.WorkspaceId == workspaceId).ToListAsync(ct);
        var tagged = command.Tags is { } codes ? await TaggedAsync(workspaceId, codes, ct) : null;
        var scoped = instances
            .Where(i => (command.DbType is null || i.DbType == command.DbType) && (command.Environment is null || i.Environment == command.Environment)
                && (tagged is null || tagged.Contains(i.Id)))
            .OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        if (scoped.Count == 0)
            throw new DomainException(MessageCodes.NothingInScope, NothingInScope, [new FieldError("instance_ids", NothingInScope, MessageCodes.NothingInScope.Code)]);

        var items = scoped.Select(instance => new BuiltInItem(
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>(itemOptions ?? new Dictionary<string, object?>())
            {
                ["instance_id"] = instance.Id,
                ["instance"] = instance.Name,
            }),
            // Classification reads the ledger: an instance never synced has no facts to classify, which is no failure.
            sync == BuiltIns.AutoClassify && instance.AccountsSyncedAt is null ? NoFactsYet : null)).ToList();
        return await start.StartAsync(workspaceId, sync, run, idempotency, ct, items);
    }
    /// <summary>The instances that carry any of the tags; a code the workspace does not have is a 400 on <c>tags</c>.</summary>
    private async Task<HashSet<Guid>> TaggedAsync(Guid workspaceId, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var tagIds = (await TagRules.ResolveAsync(db, workspaceId, codes.Distinct().ToList(), "tags", ct)).Select(t => t.Id).ToList();
        return [.. await db.InstanceTags.Where(l => tagIds.Contains(l.TagId)).Select(l => l.InstanceId).ToListAsync(ct)];
    }
}
