using Microsoft.Extensions.Options;
using Symphony.Application.Identity;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Identity;

namespace Symphony.Infrastructure.Tests;

public sealed class PasswordHasherTests
{
    private readonly Pbkdf2PasswordHasher _hasher = new(1000);

    [Fact]
    public void A_hash_verifies_its_password_and_no_other()
    {
        var hash = _hasher.Hash("Correct1Horse");
        Assert.Equal(PasswordCheck.Success, _hasher.Verify(hash, "Correct1Horse"));
        Assert.Equal(PasswordCheck.Failed, _hasher.Verify(hash, "correct1horse"));
        Assert.DoesNotContain("Correct1Horse", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(_hasher.Hash("Correct1Horse"), _hasher.Hash("Correct1Horse"));
    }

    [Fact]
    public void A_hash_with_fewer_iterations_verifies_and_asks_for_a_rehash()
    {
        var old = new Pbkdf2PasswordHasher(500).Hash("Correct1Horse");
        Assert.Equal(PasswordCheck.SuccessRehashNeeded, _hasher.Verify(old, "Correct1Horse"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha512$x$y$z")]
    [InlineData("pbkdf2-sha512$1000$not base64$AAAA")]
    public void Malformed_hashes_never_verify(string hash) =>
        Assert.Equal(PasswordCheck.Failed, _hasher.Verify(hash, "anything"));
}

public sealed class AccessTokenTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (JwtAccessTokens Tokens, Clock Clock) Create(byte[]? key = null)
    {
        var clock = new Clock(DateTimeOffset.UtcNow);
        var signing = new SigningKey(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(key ?? new byte[32]));
        return (new JwtAccessTokens(signing, Options.Create(new AuthOptions()), clock), clock);
    }

    [Fact]
    public async Task An_issued_token_names_its_user_and_session()
    {
        var (tokens, _) = Create();
        var user = new User { Username = "ann" };
        var session = Guid.NewGuid();
        var (token, _) = tokens.Issue(user, session);
        Assert.Equal((user.Id, session), await tokens.ValidateAsync(token));
    }

    [Fact]
    public async Task A_token_is_refused_after_it_expires()
    {
        var (tokens, clock) = Create();
        var (token, _) = tokens.Issue(new User { Username = "ann" }, Guid.NewGuid());
        clock.Now += TimeSpan.FromMinutes(16);
        Assert.Null(await tokens.ValidateAsync(token));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_altered_is_refused()
    {
        var (tokens, _) = Create();
        var (other, _) = Create(Enumerable.Repeat((byte)7, 32).ToArray());
        var (token, _) = other.Issue(new User { Username = "ann" }, Guid.NewGuid());
        Assert.Null(await tokens.ValidateAsync(token));

        var (own, _) = tokens.Issue(new User { Username = "ann" }, Guid.NewGuid());
        var parts = own.Split('.');
        var tampered = parts[0] + "." + parts[1].Replace(parts[1][5], parts[1][5] == 'A' ? 'B' : 'A') + "." + parts[2];
        Assert.Null(await tokens.ValidateAsync(tampered));
    }
}

public sealed class KeyFileTests
{
    [Fact]
    public void A_key_file_is_created_once_readable_by_the_owner_only_and_read_back()
    {
        var path = Path.Combine(Path.GetTempPath(), "symphony-tests", Guid.NewGuid().ToString("N"), "keys", "test.key");
        var first = KeyFiles.LoadOrCreate(path, 32);
        var second = KeyFiles.LoadOrCreate(path, 32);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, true);
    }
}
