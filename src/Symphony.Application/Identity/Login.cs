using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

public sealed record LoginCommand(string Username, string Password);

/// <summary>What a successful login hands out. <see cref="RefreshToken"/> is null for console (web) sessions.</summary>
public sealed record LoginResult(User User, Guid SessionId, string AccessToken, DateTime AccessTokenExpiresAt,
    string? RefreshToken, DateTime SessionExpiresAt);

public sealed class LoginValidator : AbstractValidator<LoginCommand>
{
    public LoginValidator()
    {
        RuleFor(c => c.Username).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(c => c.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxLength);
    }
}

public sealed class LoginHandler(
    IApplicationDbContext db, IPasswordHasher hasher, IAccessTokenIssuer tokens, SignInThrottle throttle,
    AuditLog audit, ICurrentUser caller, TimeProvider clock, IOptions<AuthOptions> options, LoginValidator validator)
{
    // Verified when the user does not exist, so an unknown name costs the same time as a wrong password.
    private static string? _dummyHash;

    public async Task<LoginResult> HandleAsync(LoginCommand command, AuthSessionKind kind, CancellationToken ct)
    {
        await validator.EnsureValidAsync(command, ct);
        var normalized = User.Normalize(command.Username);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUsername == normalized, ct);
        try
        {
            await throttle.CountAttemptAsync(normalized, user?.Id, caller.IpAddress, ct);
        }
        catch (DomainException)
        {
            await FailAsync(null, normalized, "delayed", ct);
            throw;
        }
        var now = clock.GetUtcNow().UtcDateTime;

        // An unknown user costs the same time and gets the same answer as a wrong password, and counts the same.
        _dummyHash ??= hasher.Hash(Guid.NewGuid().ToString());
        var check = hasher.Verify(user?.PasswordHash ?? _dummyHash, command.Password);
        if (user is null || check == PasswordCheck.Failed)
        {
            await FailAsync(user, normalized, user is null ? "unknown_user" : "wrong_password", ct);
            throw new DomainException(MessageCodes.InvalidCredentials, "The username or password is wrong.");
        }
        if (user.IsDisabled)
        {
            await FailAsync(user, normalized, "disabled", ct);
            throw new DomainException(MessageCodes.AccountDisabled, "The account is disabled.");
        }

        if (check == PasswordCheck.SuccessRehashNeeded)
            user.PasswordHash = hasher.Hash(command.Password);
        user.RecordSuccessfulLogin(now);
        await throttle.RecordSuccessAsync(normalized, caller.IpAddress, ct);

        var o = options.Value;
        var session = new AuthSession
        {
            UserId = user.Id,
            Kind = kind,
            ExpiresAt = now + (kind == AuthSessionKind.Api ? o.RefreshTokenLifetime : o.WebSessionLifetime),
            IpAddress = caller.IpAddress,
            UserAgent = Truncate(caller.UserAgent, 300),
        };
        db.AuthSessions.Add(session);

        string? refreshToken = null;
        if (kind == AuthSessionKind.Api)
        {
            refreshToken = RefreshTokens.Create();
            db.RefreshTokens.Add(new RefreshToken
            {
                SessionId = session.Id,
                TokenHash = RefreshTokens.HashOf(refreshToken),
                ExpiresAt = session.ExpiresAt,
            });
        }

        audit.Record(AuditActions.LoginSucceeded, "user", user.Id, details: new { kind = kind.ToString().ToLowerInvariant() },
            actorId: user.Id, actorName: user.Username);
        await db.SaveChangesAsync(ct);

        var (accessToken, accessExpires) = tokens.Issue(user, session.Id);
        return new LoginResult(user, session.Id, accessToken, accessExpires, refreshToken, session.ExpiresAt);
    }

    private async Task FailAsync(User? user, string username, string reason, CancellationToken ct)
    {
        audit.Record(AuditActions.LoginFailed, "user", user?.Id, details: new { username, reason },
            actorId: user?.Id, actorName: username);
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
