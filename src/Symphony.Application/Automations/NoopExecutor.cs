using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

/// <summary>Does nothing and succeeds: for measuring the engine itself.</summary>
public sealed class NoopExecutor : IItemExecutor
{
    public string Kind => HandlerKinds.Noop;

    public Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct) => Task.FromResult(ItemOutcome.Success());
}
