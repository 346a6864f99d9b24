using Microsoft.Extensions.Options;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>
/// Growing delays after failed sign-ins (wrong password, unknown user, wrong current password on a password
/// change), counted in the platform database for three keys: the account from one address, the address over all
/// usernames (password spraying), and the account from every address (a distributed guess). Past a key's free
/// failures each next attempt must wait 1 s, 2 s, 4 s... up to its cap; an attempt during a wait is refused with
/// 429 before the password is checked. Unknown usernames are counted like real ones, so the answers never tell
/// them apart, and nothing locks an account: the account-wide wait is capped at a minute.
/// </summary>
public sealed class SignInThrottle(ISignInFailureStore store, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>Refuses the attempt with 429 RATE_LIMIT_EXCEEDED while any of its keys must wait.</summary>
    public async Task EnsureAllowedAsync(string normalizedUsername, string? ip, CancellationToken ct)
    {
        var until = await store.BlockedUntilAsync(Keys(normalizedUsername, ip).Select(k => k.Key).ToList(), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (until is { } end && end > now)
        {
            var seconds = (int)Math.Ceiling((end - now).TotalSeconds);
            throw new DomainException(MessageCodes.RateLimitExceeded, $"Too many failed sign-ins; wait {seconds} s and retry.");
        }
    }

    public async Task RecordFailureAsync(string normalizedUsername, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (key, free, cap) in Keys(normalizedUsername, ip))
        {
            var failures = await store.RecordFailureAsync(key, now, options.Value.SignInFailureMemory, ct);
            if (Delay(failures, free, cap) is { } delay)
                await store.BlockAsync(key, now + delay, ct);
        }
    }

    /// <summary>A successful sign-in forgets the account's failures (the address's stay: a sprayer may own an account).</summary>
    public Task RecordSuccessAsync(string normalizedUsername, string? ip, CancellationToken ct) =>
        store.ClearAsync([AccountKey(normalizedUsername), PairKey(normalizedUsername, ip)], [], ct);

    /// <summary>An administrator lifts every wait of an account, from all addresses.</summary>
    public Task UnlockAsync(string normalizedUsername, CancellationToken ct) =>
        store.ClearAsync([AccountKey(normalizedUsername)], [PairPrefix(normalizedUsername)], ct);

    /// <summary>The wait after the given count of failures: none while free, then 1 s doubling up to the cap.</summary>
    public static TimeSpan? Delay(int failures, int free, TimeSpan cap)
    {
        if (failures <= free) return null;
        var exponent = Math.Min(failures - free - 1, 30);
        var delay = TimeSpan.FromSeconds(Math.Pow(2, exponent));
        return delay < cap ? delay : cap;
    }

    private IEnumerable<(string Key, int Free, TimeSpan Cap)> Keys(string user, string? ip)
    {
        var o = options.Value;
        yield return (PairKey(user, ip), o.FreeFailuresPerAccountAndAddress, o.MaxSignInDelay);
        yield return (AddressKey(ip), o.FreeFailuresPerAddress, o.MaxSignInDelay);
        yield return (AccountKey(user), o.FreeFailuresPerAccount, o.MaxAccountSignInDelay);
    }

    private static string AccountKey(string user) => $"account:{user}";
    private static string PairPrefix(string user) => $"account-address:{user}|";
    private static string PairKey(string user, string? ip) => PairPrefix(user) + (ip ?? "unknown");
    private static string AddressKey(string? ip) => $"address:{ip ?? "unknown"}";
}
