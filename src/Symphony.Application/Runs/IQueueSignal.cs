namespace Symphony.Application.Runs;

/// <summary>Wakes this node's workers when work is queued, instead of waiting for their next poll.</summary>
public interface IQueueSignal
{
    void WorkQueued();
}
