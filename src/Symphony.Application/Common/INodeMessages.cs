namespace Symphony.Application.Common;

/// <summary>
/// Short messages to every node of the cluster, this one included (delivered here at once): a session revoked, work
/// queued. On PostgreSQL they travel by LISTEN/NOTIFY; on SQLite one node runs and they stay in the process.
/// </summary>
public interface INodeMessages
{
    /// <summary>
    /// False while this node may miss messages (its listener lost the store, or has not started yet): nothing may be
    /// kept on the promise that a change will be told.
    /// </summary>
    bool Live { get; }

    void Publish(string topic, string payload);

    /// <summary>
    /// The handler gets each message's payload, and null when messages may have been missed (the listener lost the
    /// store, or heard again after losing it): then it must forget whatever a message could have changed.
    /// </summary>
    void Subscribe(string topic, Action<string?> handler);
}
