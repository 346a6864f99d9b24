using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

public sealed class ListMembersHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    /// <summary>Members joined with their users, so filters and sorts can use both.</summary>
    public sealed class Row
    {
        public required WorkspaceMember Member { get; init; }
        public required User User { get; init; }
    }

    public static ListDefinition<Row> Definition { get; } = new ListDefinition<Row>()
        .Filter("role", v =>
        {
            var role = FilterValues.Enum<WorkspaceRole>(v);
            return new(r => r.Member.Role == role);
        })
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(r => r.User.NormalizedUsername.Contains(term) || r.User.DisplayName.ToLower().Contains(term));
        })
        .Sort("username", r => r.User.NormalizedUsername, isDefault: true)
        .Sort("role", r => r.Member.Role)
        .Sort("created_at", r => r.Member.CreatedAt);

    public async Task<PagedResult<MemberDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var rows =
            from m in db.WorkspaceMembers
            join u in db.Users on m.UserId equals u.Id
            where m.WorkspaceId == scope.Id
            select new Row { Member = m, User = u };
        return await Definition.ToPageAsync(rows, request,
            r => new MemberDto(r.User.Id, r.User.Username, r.User.DisplayName, r.Member.Role, r.Member.CreatedAt), ct);
    }
}
