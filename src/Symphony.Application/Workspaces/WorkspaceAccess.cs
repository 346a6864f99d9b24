using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>
/// Resolves a workspace reference (id or slug) for the caller and checks a permission in it.
/// A workspace the caller cannot see is reported as not found, so its existence does not leak.
/// </summary>
public sealed class WorkspaceAccess(IApplicationDbContext db, ICurrentUser caller)
{
    public async Task<Workspace> RequireAsync(string reference, Permission permission, CancellationToken ct)
    {
        var userId = caller.RequireUserId();
        // One round trip: the workspace and the caller's role in it.
        var found = await Matching(reference)
            .Select(w => new
            {
                Workspace = w,
                Role = db.WorkspaceMembers.Where(m => m.WorkspaceId == w.Id && m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        var workspace = found?.Workspace;
        var membership = found?.Role;

        if (workspace is null || !AccessPolicy.CanSee(caller.Role, membership))
            throw DomainException.NotFound($"Workspace '{reference}'");
        if (!AccessPolicy.Allows(caller.Role, membership, permission))
            throw new DomainException(MessageCodes.PermissionDenied,
                $"Your role in workspace '{workspace.Slug}' does not allow {permission}.");
        return workspace;
    }

    private IQueryable<Workspace> Matching(string reference) =>
        Guid.TryParse(reference, out var id)
            ? db.Workspaces.Where(w => w.Id == id)
            : db.Workspaces.Where(w => w.Slug == reference);
}
