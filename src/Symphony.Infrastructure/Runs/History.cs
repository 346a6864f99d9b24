using Symphony.Domain.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>One history row to write with a status change.</summary>
internal sealed record History(Guid ItemExecutionId, Guid RunId, ExecutionStatus From, ExecutionStatus To, int Attempt, string? Reason, string? Worker);
