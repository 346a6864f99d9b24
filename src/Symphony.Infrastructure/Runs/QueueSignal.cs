using Symphony.Application.Common;
using Symphony.Application.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// Wakes workers: every node's when work is queued (a message to all nodes, <see cref="Topic"/>), this node's when one
/// of its slots frees or its reaper puts items back.
/// </summary>
public sealed class QueueSignal : IQueueSignal, IDisposable
{
    public const string Topic = "work";

    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly INodeMessages _messages;

    public QueueSignal(INodeMessages messages)
    {
        _messages = messages;
        messages.Subscribe(Topic, _ => Wake());
    }

    /// <summary>True while queued work anywhere in the cluster wakes this node, so an idle worker may look less often.</summary>
    public bool HearsOtherNodes => _messages.Live;

    public void WorkQueued() => _messages.Publish(Topic, "queued");

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
