namespace Symphony.Application.Identity;

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
