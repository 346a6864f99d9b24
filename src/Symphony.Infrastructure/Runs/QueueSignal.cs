using Symphony.Application.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>Wakes the worker of this node when work is queued or a slot frees.</summary>
public sealed class QueueSignal : IQueueSignal, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void WorkQueued()
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
