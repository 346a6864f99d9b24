using Microsoft.Extensions.Options;
using Symphony.Application.Identity;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Identity;

namespace Symphony.Infrastructure.Tests;

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
