using System.Linq.Expressions;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>A personal access token as the API lists it: never the token itself, which is shown once when it is created.</summary>
public sealed record ApiTokenDto(
    Guid Id, string Name, string Hint, TokenRole Role, IReadOnlyList<Guid>? Workspaces, DateTime ExpiresAt, DateTime? LastUsedAt,
    DateTime CreatedAt, DateTime? RevokedAt)
{
    public static ApiTokenDto From(ApiToken token, DateTime? revokedAt) =>
        new(token.Id, token.Name, token.Hint, token.Role, token.Workspaces, token.ExpiresAt, token.LastUsedAt, token.CreatedAt, revokedAt);
}

/// <summary>A token just created: the only answer that carries <see cref="Token"/>. Keep it; Symphony stores only its hash.</summary>
public sealed record NewApiTokenDto(
    string Token, Guid Id, string Name, string Hint, TokenRole Role, IReadOnlyList<Guid>? Workspaces, DateTime ExpiresAt, DateTime CreatedAt);

/// <summary>The row of a token and its session's revocation, as lists read them.</summary>
public sealed record ApiTokenRow(ApiToken Token, DateTime? RevokedAt)
{
    public static Expression<Func<ApiToken, ApiTokenRow>> Of(IQueryable<AuthSession> sessions) =>
        t => new ApiTokenRow(t, sessions.Where(s => s.Id == t.SessionId).Select(s => s.RevokedAt).FirstOrDefault());
}
