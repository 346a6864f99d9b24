using Symphony.Domain.Alerts;
using Symphony.Domain.Runs;

namespace Symphony.Application.Alerts;

/// <summary>A webhook as the API shows it: never its secret, only when it was last set.</summary>
public sealed record WebhookDto(
    Guid Id, Guid WorkspaceId, string Name, string Url, IReadOnlyList<string> Events, int MinRiskLevel, bool IsEnabled, DateTime SecretUpdatedAt,
    DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static WebhookDto From(Webhook w) =>
        new(w.Id, w.WorkspaceId, w.Name, w.Url, w.EventList, w.MinRiskLevel, w.IsEnabled, w.SecretUpdatedAt, w.CreatedAt, w.UpdatedAt, w.Version);
}

/// <summary>One delivery and how it went: the state of its item in the delivery run, with attempts and the last error.</summary>
public sealed record WebhookDeliveryDto(
    Guid Id, Guid AlertEventId, string Event, Guid? RunId, ExecutionStatus? Status, int Attempts, string? Error, DateTime CreatedAt, DateTime? FinishedAt);
