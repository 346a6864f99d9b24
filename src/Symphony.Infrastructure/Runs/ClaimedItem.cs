using Symphony.Application.Automations;

namespace Symphony.Infrastructure.Runs;

/// <summary>An item claimed by a worker, with what its executor needs.</summary>
public sealed record ClaimedItem(
    Guid Id, Guid RunId, int Attempt, int MaxAttempts, string Payload, string HandlerKind, string HandlerConfig, int RetryDelaySeconds);

/// <summary>One attempt's outcome, ready to be recorded.</summary>
public sealed record FinishedItem(ClaimedItem Item, ItemOutcome Outcome, long DurationMs);
