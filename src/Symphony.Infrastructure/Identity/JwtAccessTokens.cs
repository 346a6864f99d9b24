using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Symphony.Application.Identity;
using Symphony.Domain.Identity;

namespace Symphony.Infrastructure.Identity;

/// <summary>
/// Access tokens are HS256 JWTs naming the user (sub) and session (sid). They say nothing about
/// roles: the role is read from the database on each request, so a change applies at once.
/// </summary>
public sealed class JwtAccessTokens(SigningKey key, IOptions<AuthOptions> options, TimeProvider clock) : IAccessTokenIssuer
{
    public const string Issuer = "symphony";
    public const string Audience = "symphony-api";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public (string Token, DateTime ExpiresAt) Issue(User user, Guid sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Sid] = sessionId.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Checks signature, issuer, audience and lifetime; returns (user id, session id) or null.</summary>
    public async Task<(Guid UserId, Guid SessionId)?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) =>
                expires is { } e && e.ToUniversalTime() + p.ClockSkew > clock.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid) return null;
        var claims = result.ClaimsIdentity;
        return Guid.TryParse(claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? claims.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)
            && Guid.TryParse(claims.FindFirst(JwtRegisteredClaimNames.Sid)?.Value ?? claims.FindFirst(ClaimTypes.Sid)?.Value, out var sessionId)
            ? (userId, sessionId)
            : null;
    }
}
