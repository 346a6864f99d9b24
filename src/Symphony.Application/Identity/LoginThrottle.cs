using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>
/// At most N login attempts per window for one (username, IP) pair. Kept in memory per node: a
/// guessing attacker spread over several nodes still meets the per-account lockout, which is stored.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginThrottle(IOptions<AuthOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = o.LoginAttemptsPerWindow,
                Window = o.LoginWindow,
                SegmentsPerWindow = 6,
                QueueLimit = 0,
            }));
    }

    public void Acquire(string normalizedUsername, string? ip)
    {
        using var lease = _limiter.AttemptAcquire($"{normalizedUsername}|{ip}");
        if (!lease.IsAcquired)
            throw new DomainException(MessageCodes.RateLimitExceeded, "Too many login attempts; wait a minute and retry.");
    }

    public void Dispose() => _limiter.Dispose();
}
