using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>Signs short-lived access tokens that name the user and the session.</summary>
public interface IAccessTokenIssuer
{
    (string Token, DateTime ExpiresAt) Issue(User user, Guid sessionId);
}
