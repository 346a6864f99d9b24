using Symphony.Domain.Alerts;
using Symphony.Domain.Runs;

namespace Symphony.Application.Alerts;

/// <summary>
/// A webhook as the API shows it: never its secret, only when it was last set; its full URL only to the workspace's
/// owners (for Slack-like receivers the URL is the credential), its origin (scheme, host, port) to everyone.
/// </summary>
public sealed record WebhookDto(
    Guid Id, Guid WorkspaceId, string Name, string? Url, string Origin, IReadOnlyList<string> Events, int MinRiskLevel, bool IsEnabled,
    DateTime SecretUpdatedAt, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static WebhookDto From(Webhook w, bool showUrl) =>
        new(w.Id, w.WorkspaceId, w.Name, showUrl ? w.Url : null, w.Origin, w.EventList, w.MinRiskLevel, w.IsEnabled, w.SecretUpdatedAt,
            w.CreatedAt, w.UpdatedAt, w.Version);
}

/// <summary>
/// One delivery and how it went: the state of its item in the delivery run, with attempts, the HTTP status the
/// receiver answered the last attempt with (null: no answer yet, or none came), and the last error.
/// </summary>
public sealed record WebhookDeliveryDto(
    Guid Id, Guid AlertEventId, string Event, Guid? RunId, ExecutionStatus? Status, int Attempts, int? ResponseStatus, string? Error,
    DateTime CreatedAt, DateTime? FinishedAt);
