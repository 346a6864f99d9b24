using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// The change log of the workspace's accounts, newest first: the workspace's "what changed" feed, filtered by
/// instance, instance tag, account, kind, time range and the account's highest classification risk; filtered by
/// account it is one account's history.
/// </summary>
public sealed class ListAccountChangesHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    /// <summary>
    /// The filters and sort. <c>tag</c> and <c>min_risk</c> look into other tables, which a filter of the definition
    /// cannot reach: here they are checked and named (for the OpenAPI document and the refusal of unknown filters),
    /// and <see cref="HandleAsync"/> applies them.
    /// </summary>
    public static ListDefinition<AccountChange> Definition { get; } = new ListDefinition<AccountChange>()
        .Filter("account_id", v =>
        {
            var account = FilterValues.Id(v);
            return new(c => c.AccountId == account);
        })
        .Filter("instance_id", v =>
        {
            var instance = FilterValues.Id(v);
            return new(c => c.InstanceId == instance);
        })
        .Filter("kind", v =>
        {
            var kind = FilterValues.Enum<AccountChangeKind>(v);
            return new(c => c.Kind == kind);
        })
        .Filter("since", v =>
        {
            var since = FilterValues.Time(v);
            return new(c => c.OccurredAt >= since);
        })
        .Filter("until", v =>
        {
            var until = FilterValues.Time(v);
            return new(c => c.OccurredAt < until);
        })
        .Filter("tag", v =>
        {
            FilterValues.Text(v, 100);
            return new(c => true);
        })
        .Filter("min_risk", v =>
        {
            MinRisk(v);
            return new(c => true);
        })
        .Sort("occurred_at", c => c.OccurredAt, isDefault: true, defaultOrder: SortOrder.Desc);

    public async Task<PagedResult<AccountChangeDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var changes = db.AccountChanges.Where(c => c.WorkspaceId == scope.Id);
        if (request.Parameters.GetValueOrDefault("tag") is { } code)
            changes = changes.Where(c => db.InstanceTags.Any(l => l.InstanceId == c.InstanceId && l.Tag!.Code == code));
        if (request.Parameters.GetValueOrDefault("min_risk") is { } minimum)
        {
            var risk = MinRisk(minimum);
            changes = changes.Where(c => db.AccountClassifications.Join(db.Classifications, a => a.ClassificationId, k => k.Id, (a, k) => new { a.AccountId, k.RiskLevel })
                .Any(a => a.AccountId == c.AccountId && a.RiskLevel >= risk));
        }
        var page = await Definition.ToPageAsync(changes, request, c => c, ct);
        return new PagedResult<AccountChangeDto>(page.Items.Select(AccountChangeDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }

    private static int MinRisk(string value) => int.TryParse(value, out var level) && level is >= 1 and <= 6
        ? level
        : throw DomainException.Validation("min_risk", "min_risk is a risk level from 1 to 6.");
}
