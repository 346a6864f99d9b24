using System.Collections.Concurrent;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// The items this node's worker holds, from their claim until their outcome is recorded or they are put back, each
/// with the token that stops it. Only the claim loop adds; whatever lets an item go wakes the claim loop.
/// </summary>
internal sealed class RunningItems(QueueSignal signal)
{
    private readonly ConcurrentDictionary<Guid, (ClaimedItem Item, CancellationTokenSource Stop)> _items = new();

    public int Count => _items.Count;
    public bool IsEmpty => _items.IsEmpty;
    public IReadOnlyCollection<Guid> Ids => [.. _items.Keys];
    public IEnumerable<(ClaimedItem Item, CancellationTokenSource Stop)> All => _items.Values;

    public void Add(ClaimedItem item, CancellationTokenSource stop) => _items[item.Id] = (item, stop);

    /// <summary>The worker no longer holds the item: its slot is free.</summary>
    public void Release(Guid itemId)
    {
        if (_items.TryRemove(itemId, out var running)) running.Stop.Dispose();
        signal.Wake();
    }
}
