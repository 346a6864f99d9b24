using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>
/// Authenticates a personal access token. Its hash names the token, which this node remembers (a token's user, session
/// and scope never change); its session is then checked like any session (live, not expired, user enabled), from the
/// session cache when that holds it, so a revocation refuses the token on every node at once. The last use is
/// written at most once a minute per token and node.
/// </summary>
public sealed class ApiTokenCheck(IApplicationDbContext db, SessionCheck sessions, ApiTokenDirectory directory, TimeProvider clock)
{
    public async Task<(SessionPrincipal? Principal, TokenScope? Scope, MessageCode? Failure)> CheckAsync(string token, CancellationToken ct)
    {
        var hash = RefreshTokens.HashOf(token);
        var known = directory.Find(hash);
        if (known is null)
        {
            var row = await db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash)
                .Select(t => new { t.Id, t.SessionId, t.UserId, t.Role, t.WorkspaceIds }).FirstOrDefaultAsync(ct);
            if (row is null) return (null, null, MessageCodes.AuthenticationRequired);
            var workspaces = ApiToken.ParseWorkspaces(row.WorkspaceIds)?.ToHashSet();
            known = directory.Keep(hash, new KnownToken(row.SessionId, row.UserId, new TokenScope(row.Id, row.Role, workspaces)));
        }

        var (principal, failure) = await sessions.CheckAsync(known.SessionId, known.UserId, ct);
        if (principal is null) return (null, null, failure);
        var now = clock.GetUtcNow().UtcDateTime;
        if (directory.ShouldRecordUse(known.Scope.TokenId, now))
            await db.ApiTokens.Where(t => t.Id == known.Scope.TokenId).ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), ct);
        return (principal with { Role = known.Scope.Limit(principal.Role) }, known.Scope, null);
    }
}

public sealed record KnownToken(Guid SessionId, Guid UserId, TokenScope Scope);

/// <summary>The tokens this node has seen, by hash, and when it last recorded each one's use.</summary>
public sealed class ApiTokenDirectory
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan UseInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, KnownToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTime> _recordedUse = new();

    public KnownToken? Find(string hash) => _tokens.TryGetValue(hash, out var known) ? known : null;

    public KnownToken Keep(string hash, KnownToken known)
    {
        // A bound, not an eviction policy: past it the node starts afresh and reads tokens again.
        if (_tokens.Count >= Capacity) _tokens.Clear();
        return _tokens.GetOrAdd(hash, known);
    }

    public bool ShouldRecordUse(Guid tokenId, DateTime now)
    {
        if (_recordedUse.TryGetValue(tokenId, out var last) && now - last < UseInterval) return false;
        if (_recordedUse.Count >= Capacity) _recordedUse.Clear();
        _recordedUse[tokenId] = now;
        return true;
    }
}
