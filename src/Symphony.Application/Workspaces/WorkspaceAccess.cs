using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>
/// Resolves a workspace, named by id or slug as in the <c>{workspace}</c> route value, for the caller and checks a
/// permission in it.
/// A workspace the caller cannot see is reported as not found, so its existence does not leak.
/// </summary>
public sealed class WorkspaceAccess(IApplicationDbContext db, ICurrentUser caller)
{
    public async Task<Workspace> RequireAsync(string workspace, Permission permission, CancellationToken ct) =>
        (await RequireAsync(workspace, permission, permission, ct)).Workspace;

    /// <summary>
    /// As <see cref="RequireAsync(string, Permission, CancellationToken)"/>, and whether the caller's role there also
    /// allows <paramref name="also"/> (what an answer may show: a webhook's full URL to its owners only).
    /// </summary>
    public async Task<(Workspace Workspace, bool AlsoAllowed)> RequireAsync(string workspace, Permission permission, Permission also, CancellationToken ct)
    {
        var userId = caller.RequireUserId();
        // One round trip: the workspace and the caller's role in it.
        var found = await Matching(workspace)
            .Select(w => new
            {
                Workspace = w,
                Role = db.WorkspaceMembers.Where(m => m.WorkspaceId == w.Id && m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        var membership = caller.Token is { } token ? token.Limit(found?.Role) : found?.Role;

        if (found is null || caller.Token?.Covers(found.Workspace.Id) == false || !AccessPolicy.CanSee(caller.Role, membership))
            throw DomainException.NotFound($"Workspace '{workspace}'");
        if (!AccessPolicy.Allows(caller.Role, membership, permission))
            throw new DomainException(MessageCodes.PermissionDenied,
                $"Your role in workspace '{found.Workspace.Slug}' does not allow {permission}.");
        return (found.Workspace, AccessPolicy.Allows(caller.Role, membership, also));
    }

    private IQueryable<Workspace> Matching(string workspace) =>
        Guid.TryParse(workspace, out var id)
            ? db.Workspaces.Where(w => w.Id == id)
            : db.Workspaces.Where(w => w.Slug == workspace);
}
