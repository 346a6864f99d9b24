using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Alerts;

/// <summary>What a webhook can be told of.</summary>
public static class AlertEvents
{
    /// <summary>An account entered classifications; the event's risk level is the highest of them.</summary>
    public const string AccountClassified = "account.classified";
    /// <summary>An accounts sync found an account's privileges changed: the lines added and removed.</summary>
    public const string AccountPrivilegesChanged = "account.privileges_changed";
    /// <summary>A run finished failed (webhook deliveries' own runs excepted).</summary>
    public const string RunFailed = "run.failed";

    public static IReadOnlyList<string> All { get; } = [AccountClassified, AccountPrivilegesChanged, RunFailed];

    /// <summary>A test event an owner sends to one webhook (enabled or not) to see it arrive; no webhook subscribes to it.</summary>
    public const string Test = "webhook.test";
}

/// <summary>
/// A workspace's subscription: the events to send to a URL, each delivery signed with HMAC-SHA256 under the
/// webhook's secret. The secret is stored only encrypted (an envelope, as credentials are) and never returned.
/// </summary>
public sealed class Webhook : VersionedEntity, IWorkspaceOwned
{
    public const int MaxPerWorkspace = 20;
    public const int MinSecretLength = 16, MaxSecretLength = 256;

    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    /// <summary>The events, comma-separated in their order in <see cref="AlertEvents.All"/>.</summary>
    public required string Events { get; set; }
    /// <summary>For <c>account.classified</c>: the lowest risk level sent (1 to 6).</summary>
    public int MinRiskLevel { get; set; } = 1;
    public bool IsEnabled { get; set; } = true;
    public required string KeyId { get; set; }
    public required byte[] WrappedKey { get; set; }
    public required byte[] SecretCiphertext { get; set; }
    public DateTime SecretUpdatedAt { get; set; }

    public string AssociatedData => $"symphony:webhook:{Id}";

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether an event goes to this webhook.</summary>
    public bool Wants(AlertEvent e) =>
        IsEnabled && EventList.Contains(e.Event) && (e.Event != AlertEvents.AccountClassified || (e.RiskLevel ?? 0) >= MinRiskLevel);

    public static string JoinEvents(IEnumerable<string> events) => string.Join(",", AlertEvents.All.Where(events.Contains));

    /// <summary>
    /// Scheme, host and port of the URL: all that is shown beyond the webhook's owners, and all that goes into errors
    /// and the audit trail, since for Slack-like receivers the rest of the URL is the credential.
    /// </summary>
    public string Origin => OriginOf(Url);

    public static string OriginOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "(not a URL)";
}

/// <summary>
/// Something a webhook may be told of, written where it happens (in the same transaction) and dispatched to the
/// workspace's webhooks shortly after. <see cref="SourceKey"/> makes an event once per cause.
/// </summary>
public sealed class AlertEvent : Entity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public required string Event { get; set; }
    /// <summary>What caused it, unique per workspace and event: "run:{id}", "change:{id}".</summary>
    public required string SourceKey { get; set; }
    /// <summary>JSON: the event's data as deliveries carry it.</summary>
    public required string Payload { get; set; }
    public int? RiskLevel { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>When deliveries were made for it; null while waiting.</summary>
    public DateTime? DispatchedAt { get; set; }
}

/// <summary>One event to one webhook: an item of the workspace's webhook-delivery automation, which records every attempt.</summary>
public sealed class WebhookDelivery : Entity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid WebhookId { get; set; }
    public Guid AlertEventId { get; set; }
    public required string Event { get; set; }
    public Guid ItemId { get; set; }
    public Guid? RunId { get; set; }
    /// <summary>The HTTP status the receiver answered the last attempt with; null until one answers (a timeout, a refused connection).</summary>
    public int? ResponseStatus { get; set; }
}
