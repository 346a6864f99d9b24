using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// The account ledger of a workspace: filtered by where an account is (instance, the instance's tag or type), what it
/// is (superuser, sign-in state, gone) and how it is classified, sorted by any column of the console's ledger.
/// </summary>
public sealed class ListAccountsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Account> Definition { get; } = new ListDefinition<Account>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(a => a.Name.ToLower().Contains(term));
        })
        .Filter("instance_id", v =>
        {
            var instance = FilterValues.Id(v);
            return new(a => a.InstanceId == instance);
        })
        .Filter("superuser", v =>
        {
            var superuser = FilterValues.Bool(v);
            return new(a => a.IsSuperuser == superuser);
        })
        .Filter("locked", v =>
        {
            var locked = FilterValues.Bool(v);
            return new(a => a.IsLocked == locked);
        })
        .FilterAnyOf("sign_in_state", values =>
        {
            var states = values.Select(v => SignInStateNames.All.Contains(v)
                ? v
                : throw new FormatException($"sign_in_state is one of {string.Join(", ", SignInStateNames.All)}.")).ToList();
            return new(a => states.Contains(a.SignInState));
        })
        .Filter("first_seen_since", v =>
        {
            var since = FilterValues.Time(v);
            return new(a => a.FirstSeenAt >= since);
        })
        .Filter("gone", v =>
        {
            var gone = FilterValues.Bool(v);
            return new(a => a.IsActive != gone);
        })
        .Filter("tag", (v, db) =>
        {
            var code = FilterValues.Text(v, 100);
            return new(a => db.InstanceTags.Any(l => l.InstanceId == a.InstanceId && l.Tag!.Code == code));
        })
        .Filter("db_type", (v, db) =>
        {
            var type = FilterValues.Text(v, 50);
            // Not IgnoreQueryFilters: inside a query it would switch every filter of the query off (the accounts' too).
            return new(a => db.Instances.Any(i => i.Id == a.InstanceId && i.DbType == type));
        })
        .Filter("classification", (v, db) =>
        {
            var code = FilterValues.Text(v, 100);
            return new(a => db.AccountClassifications.Any(c => c.AccountId == a.Id && db.Classifications.Any(k => k.Id == c.ClassificationId && k.Code == code)));
        })
        .Filter("min_risk", (v, db) =>
        {
            var risky = ClassifiedAtLeast(db, MinRisk(v));
            return new(a => risky.Contains(a.Id));
        })
        .Filter("classified", (v, db) =>
        {
            var classified = FilterValues.Bool(v);
            return new(a => db.AccountClassifications.Any(c => c.AccountId == a.Id) == classified);
        })
        .AllowIncludeDeleted()
        .Sort("name", a => a.Name, isDefault: true)
        .Sort("sign_in_state", a => a.SignInState)
        .Sort("superuser", a => a.IsSuperuser)
        .Sort("password_expires_at", a => a.PasswordExpiresAt)
        .Sort("first_seen_at", a => a.FirstSeenAt)
        .Sort("last_seen_at", a => a.LastSeenAt)
        .Sort("last_changed_at", a => a.LastChangedAt);

    /// <summary>The accounts in a classification of <paramref name="risk"/> or more, as a subquery of the list that asks.</summary>
    public static IQueryable<Guid> ClassifiedAtLeast(IApplicationDbContext db, int risk) =>
        db.AccountClassifications.Where(c => db.Classifications.Any(k => k.Id == c.ClassificationId && k.RiskLevel >= risk)).Select(c => c.AccountId);

    /// <summary>A <c>min_risk</c> filter's level.</summary>
    public static int MinRisk(string value) => int.TryParse(value, out var level) && level is >= 1 and <= 6
        ? level
        : throw new FormatException("min_risk is a risk level from 1 to 6.");

    public async Task<PagedResult<AccountDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        // Gone accounts are deleted ones: asking for them lists them.
        if (request.Parameters.GetValueOrDefault("gone") == "true" && !request.Parameters.ContainsKey("include_deleted"))
            request = request with { Parameters = new Dictionary<string, string>(request.Parameters) { ["include_deleted"] = "true" } };
        var page = await Definition.ToPageAsync(db.Accounts, request, a => a, ct, new Specification<Account>(a => a.WorkspaceId == scope.Id), db);
        return new PagedResult<AccountDto>(page.Items.Select(AccountDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
