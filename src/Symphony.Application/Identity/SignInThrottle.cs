using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>
/// Growing waits after failed sign-ins (wrong password, unknown user, wrong current password on a password
/// change), counted in the platform database for three keys: the account from one address, the address over all
/// usernames (password spraying), and the account from every address (a distributed guess). Every attempt is
/// counted before its password is checked, in one atomic statement per key that also sets the wait before the
/// next attempt, so concurrent attempts cannot slip past a wait; a success gives its count back. Past a key's free
/// attempts each next one must wait 1 s, 2 s, 4 s... up to the key's cap; an attempt during a wait is refused with
/// 429. Unknown usernames are counted like real ones. An address from which the account signed in within the last
/// 30 days is held only to the account-and-address key, so nobody can keep a user out from elsewhere. IPv6
/// addresses count by their /64 network.
/// </summary>
public sealed class SignInThrottle(ISignInFailureStore store, IApplicationDbContext db, IOptions<AuthOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan KnownAddressAge = TimeSpan.FromDays(30);

    /// <summary>
    /// Counts an attempt of <paramref name="normalizedUsername"/> from <paramref name="ip"/>, or refuses it with 429
    /// RATE_LIMIT_EXCEEDED while one of its keys waits. <paramref name="userId"/> is the account's, if it exists.
    /// </summary>
    public async Task CountAttemptAsync(string normalizedUsername, Guid? userId, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Asked whether the user exists or not, so that the answer takes the same time either way.
        var since = now - KnownAddressAge;
        var known = ip is not null && await db.AuthSessions.AnyAsync(s => s.UserId == (userId ?? Guid.Empty) && s.IpAddress == ip && s.CreatedAt > since, ct);
        await store.ForgetBeforeAsync(now - options.Value.SignInFailureMemory, ct);
        DateTime? waitUntil = null;
        foreach (var (key, free, cap, _) in Keys(normalizedUsername, ip).Where(k => !known || k.AlwaysApplies))
        {
            if (await store.TryCountAsync(key, free, cap, now, options.Value.SignInFailureMemory, ct) is { } until && until > (waitUntil ?? now))
                waitUntil = until;
        }
        if (waitUntil is { } end)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((end - now).TotalSeconds));
            throw new DomainException(MessageCodes.RateLimitExceeded, $"Too many failed sign-ins; wait {seconds} s and retry.")
            { RetryAfter = TimeSpan.FromSeconds(seconds) };
        }
    }

    /// <summary>A success forgets the account's failures and gives back its count on the address.</summary>
    public async Task RecordSuccessAsync(string normalizedUsername, string? ip, CancellationToken ct)
    {
        await store.ClearAsync([AccountKey(normalizedUsername), PairKey(normalizedUsername, ip)], [], ct);
        await store.UncountAsync(AddressKey(ip), options.Value.FreeFailuresPerAddress, ct);
    }

    /// <summary>An administrator lifts every wait of an account, from all addresses.</summary>
    public Task UnlockAsync(string normalizedUsername, CancellationToken ct) =>
        store.ClearAsync([AccountKey(normalizedUsername)], [PairPrefix(normalizedUsername)], ct);

    /// <summary>The wait after the given count of attempts: none while free, then 1 s doubling up to the cap.</summary>
    public static TimeSpan? Delay(int attempts, int free, TimeSpan cap)
    {
        if (attempts <= free) return null;
        var exponent = Math.Min(attempts - free - 1, 30);
        var delay = TimeSpan.FromSeconds(Math.Pow(2, exponent));
        return delay < cap ? delay : cap;
    }

    /// <summary>The address as counted: an IPv6 address by its /64 network, which one subscriber usually holds whole.</summary>
    public static string CountedAddress(string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var address)) return ip ?? "unknown";
        address = NetworkList.Normalize(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"{new IPNetwork(address, 64).BaseAddress}/64" : address.ToString();
    }

    private IEnumerable<(string Key, int Free, TimeSpan Cap, bool AlwaysApplies)> Keys(string user, string? ip)
    {
        var o = options.Value;
        yield return (PairKey(user, ip), o.FreeFailuresPerAccountAndAddress, o.MaxSignInDelay, true);
        yield return (AddressKey(ip), o.FreeFailuresPerAddress, o.MaxSignInDelay, false);
        yield return (AccountKey(user), o.FreeFailuresPerAccount, o.MaxAccountSignInDelay, false);
    }

    private static string AccountKey(string user) => $"account:{user}";
    private static string PairPrefix(string user) => $"account-address:{user}|";
    private static string PairKey(string user, string? ip) => PairPrefix(user) + CountedAddress(ip);
    private static string AddressKey(string? ip) => $"address:{CountedAddress(ip)}";
}
