using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

public sealed record RefreshCommand(string RefreshToken);

public sealed class RefreshValidator : AbstractValidator<RefreshCommand>
{
    public RefreshValidator() => RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(200);
}

/// <summary>
/// Rotates a refresh token: the presented one is spent and a new one issued. A spent token
/// presented again means it was copied, so the whole session (token family) is revoked.
/// </summary>
public sealed class RefreshHandler(
    IApplicationDbContext db, IAccessTokenIssuer tokens, AuditLog audit, TimeProvider clock,
    IOptions<AuthOptions> options, RefreshValidator validator)
{
    public async Task<LoginResult> HandleAsync(RefreshCommand command, CancellationToken ct)
    {
        await validator.EnsureValidAsync(command, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = RefreshTokens.HashOf(command.RefreshToken);
        var token = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, ct)
            ?? throw new DomainException(MessageCodes.TokenRevoked, "The refresh token is not valid.");
        var session = await db.AuthSessions.FirstAsync(s => s.Id == token.SessionId, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == session.UserId, ct);

        if (!session.IsUsable(now))
            throw new DomainException(MessageCodes.TokenRevoked, "The session of this refresh token was revoked or has expired.");

        // Spend the token with a conditional update, so two concurrent uses cannot both succeed.
        var spent = token.UsedAt is null && await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct) == 1;
        if (!spent)
        {
            session.Revoke(now, "refresh_token_reused");
            audit.Record(AuditActions.TokenReuseDetected, "session", session.Id, details: new { token_id = token.Id },
                actorId: session.UserId, actorName: user?.Username);
            await db.SaveChangesAsync(ct);
            throw new DomainException(MessageCodes.TokenReused, "The refresh token was already used; the session is revoked. Sign in again.");
        }
        if (token.ExpiresAt <= now)
            throw new DomainException(MessageCodes.TokenRevoked, "The refresh token has expired.");
        if (user is null || user.IsDisabled)
        {
            session.Revoke(now, "account_disabled");
            await db.SaveChangesAsync(ct);
            throw new DomainException(MessageCodes.AccountDisabled, "The account is disabled.");
        }

        var next = RefreshTokens.Create();
        var successor = new RefreshToken
        {
            SessionId = session.Id,
            TokenHash = RefreshTokens.HashOf(next),
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        };
        db.RefreshTokens.Add(successor);
        token.UsedAt = now;
        token.ReplacedById = successor.Id;
        session.ExpiresAt = successor.ExpiresAt;
        await db.SaveChangesAsync(ct);

        var (accessToken, accessExpires) = tokens.Issue(user, session.Id);
        return new LoginResult(user, session.Id, accessToken, accessExpires, next, session.ExpiresAt);
    }
}
