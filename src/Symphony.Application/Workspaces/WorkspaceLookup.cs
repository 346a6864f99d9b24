using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>
/// The one way to find a row of a workspace: only through the workspace the caller may use, with the permission
/// the use case needs. A row of another workspace is 404, like one that does not exist, so nothing leaks. Rows
/// below such a row (a batch of an automation, a credential of a vault) are found through their parent.
/// </summary>
public sealed partial class WorkspaceLookup(IApplicationDbContext db, WorkspaceAccess access)
{
    /// <summary>The row <paramref name="id"/> of <paramref name="workspace"/> (id or slug); soft-deleted rows only when asked.</summary>
    public async Task<T> FindAsync<T>(string workspace, Guid id, Permission permission, CancellationToken ct, bool includeDeleted = false)
        where T : class, IWorkspaceOwned
    {
        var scope = await access.RequireAsync(workspace, permission, ct);
        return await FindInAsync<T>(scope.Id, id, ct, includeDeleted);
    }

    /// <summary>The same in a workspace the use case has already checked.</summary>
    public async Task<T> FindInAsync<T>(Guid workspaceId, Guid id, CancellationToken ct, bool includeDeleted = false)
        where T : class, IWorkspaceOwned
    {
        var rows = includeDeleted ? db.Set<T>().IgnoreQueryFilters() : db.Set<T>();
        return await rows.FirstOrDefaultAsync(r => r.Id == id && r.WorkspaceId == workspaceId, ct)
            ?? throw DomainException.NotFound($"{Noun<T>()} {id}");
    }

    /// <summary>The active rows named, all of the workspace; 400 VALIDATION_ERROR on <paramref name="field"/> naming the first id that is not.</summary>
    public async Task<List<T>> AllInAsync<T>(Guid workspaceId, IReadOnlyCollection<Guid> ids, string field, CancellationToken ct)
        where T : class, IWorkspaceOwned
    {
        var rows = await db.Set<T>().Where(r => r.WorkspaceId == workspaceId && ids.Contains(r.Id)).ToListAsync(ct);
        foreach (var missing in ids.Where(id => rows.All(r => r.Id != id)).Take(1))
            throw DomainException.Validation(field, $"No {Noun<T>().ToLowerInvariant()} {missing} in this workspace.");
        return rows;
    }

    /// <summary>"OrchestrationInstance" reads "Orchestration instance".</summary>
    private static string Noun<T>()
    {
        var words = WordStart().Replace(typeof(T).Name, " $1").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
