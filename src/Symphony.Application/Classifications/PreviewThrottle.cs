using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Symphony.Domain.Common;

namespace Symphony.Application.Classifications;

/// <summary>
/// Rule previews per caller: at most <see cref="ClassificationOptions.PreviewsPerMinute"/> a minute and
/// <see cref="ClassificationOptions.ConcurrentPreviews"/> at once on this node; past either, 429 with Retry-After.
/// </summary>
public sealed class PreviewThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter;

    public PreviewThrottle(IOptions<ClassificationOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<Guid, Guid>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.PreviewsPerMinute, TokensPerPeriod = o.PreviewsPerMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0,
            })),
            PartitionedRateLimiter.Create<Guid, Guid>(caller => RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = o.ConcurrentPreviews, QueueLimit = 0,
            })));
    }

    /// <summary>A permit for one preview, to dispose when it is done; 429 RATE_LIMIT_EXCEEDED when the caller has none left.</summary>
    public RateLimitLease Acquire(Guid caller)
    {
        var lease = _limiter.AttemptAcquire(caller);
        if (lease.IsAcquired) return lease;
        var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        lease.Dispose();
        throw new DomainException(MessageCodes.RateLimitExceeded,
            $"Too many rule previews at once or this minute; wait {Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))} s and retry.")
        { RetryAfter = after };
    }

    public void Dispose() => _limiter.Dispose();
}
