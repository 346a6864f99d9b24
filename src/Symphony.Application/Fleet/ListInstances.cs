using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

public sealed class ListInstancesHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public const string NoEnvironment = "none";

    /// <summary>The list's shape, for the API document; a request is served by <see cref="DefinitionAt"/> its own time.</summary>
    public static ListDefinition<Instance> Definition { get; } = DefinitionAt(DateTime.UnixEpoch);

    /// <summary>The list at <paramref name="now"/>: an instance's health depends on how long ago it last connected.</summary>
    public static ListDefinition<Instance> DefinitionAt(DateTime now) => new ListDefinition<Instance>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(i => i.Name.ToLower().Contains(term) || i.Host.ToLower().Contains(term) || (i.Description != null && i.Description.ToLower().Contains(term)));
        })
        .Filter("db_type", v =>
        {
            var type = FilterValues.Text(v);
            return new(i => i.DbType == type);
        })
        .Filter("credential_id", v =>
        {
            var credential = FilterValues.Id(v);
            return new(i => i.CredentialId == credential);
        })
        .Filter("environment", v =>
        {
            // "none" (never an environment's name) lists the instances without one.
            var environment = FilterValues.Text(v);
            return environment == NoEnvironment ? new(i => i.Environment == null) : new(i => i.Environment == environment);
        })
        .Filter("status", v =>
        {
            var health = FilterValues.Enum<InstanceHealth>(v);
            return new(Instance.HasHealth(health, now));
        })
        .FilterAnyOf("tag", codes => codes.FirstOrDefault(c => !Names.Code().IsMatch(c)) is { } bad
            ? throw new FormatException($"'{(bad.Length <= 50 ? bad : bad[..50] + "...")}' is not a tag code.")
            : new(i => i.Tags.Any(l => codes.Contains(l.Tag!.Code))))
        .AllowIncludeDeleted()
        .Sort("name", i => i.Name, isDefault: true)
        .Sort("created_at", i => i.CreatedAt)
        .Sort("last_connected_at", i => i.LastConnectedAt);

    public async Task<PagedResult<InstanceDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var page = await DefinitionAt(now).ToPageAsync(db.Instances.Include(i => i.Tags).ThenInclude(l => l.Tag), request, i => i, ct, new Specification<Instance>(i => i.WorkspaceId == scope.Id));
        return new PagedResult<InstanceDto>(page.Items.Select(i => InstanceDto.From(i, now)).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
