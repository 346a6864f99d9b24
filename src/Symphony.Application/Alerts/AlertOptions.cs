namespace Symphony.Application.Alerts;

/// <summary>How alert events become webhook deliveries (<c>Symphony:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Symphony:Alerts";

    /// <summary>Whether this node dispatches alert events to webhooks (any node may; each event is dispatched once).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>The message to every node that events wait (<see cref="Common.INodeMessages"/>): the dispatchers look at once.</summary>
    public const string Topic = "alerts";
    /// <summary>How often waiting events are looked for while this node cannot hear the others; hearing them, it looks when told and once a minute.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Attempts of one delivery, and the pause between them (doubling), for a workspace's delivery automation when first made.</summary>
    public int MaxAttempts { get; set; } = 6;
    public int RetryDelaySeconds { get; set; } = 30;
}
