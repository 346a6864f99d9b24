using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>Slow, salted password hashing.</summary>
public interface IPasswordHasher
{
    string Hash(string password);
    PasswordCheck Verify(string hash, string password);
}

public enum PasswordCheck { Failed, Success, SuccessRehashNeeded }

/// <summary>Signs short-lived access tokens that name the user and the session.</summary>
public interface IAccessTokenIssuer
{
    (string Token, DateTime ExpiresAt) Issue(User user, Guid sessionId);
}

public sealed class AuthOptions
{
    public const string Section = "Symphony:Auth";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan WebSessionLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>Failed sign-ins of one account from one address before each next attempt waits (1 s, 2 s, 4 s...).</summary>
    public int FreeFailuresPerAccountAndAddress { get; set; } = 3;
    /// <summary>Failed sign-ins from one address, over all usernames, before each next attempt waits: stops password spraying.</summary>
    public int FreeFailuresPerAddress { get; set; } = 10;
    /// <summary>Failed sign-ins of one account from all addresses before each next attempt waits: slows a distributed guess.</summary>
    public int FreeFailuresPerAccount { get; set; } = 20;
    /// <summary>The longest wait of the account-and-address and the address delays.</summary>
    public TimeSpan MaxSignInDelay { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>The longest wait of the account-wide delay: short, so nobody can keep an account out by failing on purpose.</summary>
    public TimeSpan MaxAccountSignInDelay { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Failures are forgotten when the last one is this old.</summary>
    public TimeSpan SignInFailureMemory { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Base64 HMAC key for access tokens. Unset: a key file in the data directory is created and used.</summary>
    public string? SigningKey { get; set; }
}

/// <summary>
/// Sign-in attempts counted by key in the platform database, so that every node sees the same counts. Counts whose
/// last attempt is older than the memory start again from one.
/// </summary>
public interface ISignInFailureStore
{
    /// <summary>
    /// Atomically, unless the key is waiting: counts one attempt and sets the wait before the next one (none while
    /// the count is within <paramref name="free"/>, then 1 s doubling up to <paramref name="cap"/>). Answers null
    /// when the attempt was counted, or the time the key waits until, when it was not.
    /// </summary>
    Task<DateTime?> TryCountAsync(string key, int free, TimeSpan cap, DateTime now, TimeSpan memory, CancellationToken ct);

    /// <summary>Deletes the keys whose last attempt is before <paramref name="cutoff"/>: forgotten anyway, kept small.</summary>
    Task ForgetBeforeAsync(DateTime cutoff, CancellationToken ct);

    /// <summary>Gives back one counted attempt (it turned out to be a success), lifting the wait it set.</summary>
    Task UncountAsync(string key, int free, CancellationToken ct);

    /// <summary>Forgets the keys, and every key starting with one of <paramref name="prefixes"/>.</summary>
    Task ClearAsync(IReadOnlyList<string> keys, IReadOnlyList<string> prefixes, CancellationToken ct);
}
