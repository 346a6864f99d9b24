using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Domain.Identity;

/// <summary>
/// A personal access token: a long-lived credential for scripts and pipelines that acts as its user within a scope
/// (a role no higher than the user's, optionally in named workspaces only). Only its SHA-256 is stored. It has a
/// session of its own, which carries its expiry and revocation: revoking the token refuses it on every node at once,
/// as a logout does.
/// </summary>
public sealed class ApiToken : Entity
{
    /// <summary>Every token starts with this, so a leaked one is recognisable (and told apart from an access token).</summary>
    public const string Prefix = "sym_";
    public const int MaxWorkspaces = 50;

    public Guid SessionId { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>The token's first characters, to recognise it in a list without storing it.</summary>
    public required string Hint { get; set; }
    public TokenRole Role { get; set; }
    /// <summary>The workspace ids the token is limited to, comma-separated; null for every workspace of its user.</summary>
    public string? WorkspaceIds { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public IReadOnlyList<Guid>? Workspaces => ParseWorkspaces(WorkspaceIds);

    public static IReadOnlyList<Guid>? ParseWorkspaces(string? ids) =>
        ids is null ? null : [.. ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
}

/// <summary>The most a token may do: a workspace role, or everything its admin may (admins only).</summary>
public enum TokenRole
{
    Viewer = 0,
    Operator = 1,
    Owner = 2,
    Admin = 3,
}

/// <summary>What a request authenticated by a token may do, on top of what its user may.</summary>
public sealed record TokenScope(Guid TokenId, TokenRole Role, IReadOnlySet<Guid>? Workspaces)
{
    /// <summary>The platform role the request acts with: the user's, lowered to what the token allows.</summary>
    public UserRole Limit(UserRole user) => Role switch
    {
        TokenRole.Admin => user,
        TokenRole.Viewer => UserRole.Viewer,
        _ => user == UserRole.Admin ? UserRole.Operator : user,
    };

    /// <summary>Whether the token reaches the workspace at all; outside its workspaces the workspace does not exist for it.</summary>
    public bool Covers(Guid workspaceId) => Workspaces is null || Workspaces.Contains(workspaceId);

    /// <summary>The caller's role in a workspace through the token: at most the token's role.</summary>
    public WorkspaceRole? Limit(WorkspaceRole? membership) =>
        Role == TokenRole.Admin || membership is null ? membership : (WorkspaceRole)Math.Min((int)membership, (int)Role);
}
