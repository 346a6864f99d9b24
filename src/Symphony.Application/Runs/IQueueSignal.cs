namespace Symphony.Application.Runs;

/// <summary>Wakes this node's workers when work is queued, instead of waiting for their next poll.</summary>
public interface IQueueSignal
{
    void WorkQueued();
}

/// <summary>What Runs tells every node, for whichever feature listens.</summary>
public static class RunTopics
{
    /// <summary>A run failed (payload: its id): Alerts turns it into a run.failed event at once.</summary>
    public const string Failed = "runs.failed";
}
