using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

/// <summary>An account in a classification, with the rule version and run that put it there.</summary>
public sealed record ClassifiedAccountDto(AccountDto Account, int RuleVersion, Guid? RunId, DateTime AssignedAt);

/// <summary>The active accounts of active instances a classification holds now, newest first; filter <c>instance_id</c>.</summary>
public sealed class ListClassifiedAccountsHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public static ListDefinition<AccountClassification> Definition { get; } = new ListDefinition<AccountClassification>()
        .Filter("instance_id", v =>
        {
            var instance = FilterValues.Id(v);
            return new(a => a.InstanceId == instance);
        })
        .Sort("assigned_at", a => a.AssignedAt, isDefault: true, defaultOrder: SortOrder.Desc);

    public async Task<PagedResult<ClassifiedAccountDto>> HandleAsync(string workspace, Guid classificationId, ListRequest request, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, classificationId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.AccountClassifications, request, a => a, ct,
            new Specification<AccountClassification>(a => a.ClassificationId == classification.Id
                && db.Accounts.Any(x => x.Id == a.AccountId) && db.Instances.Any(i => i.Id == a.InstanceId)));
        var ids = page.Items.Select(a => a.AccountId).ToList();
        var accounts = await db.Accounts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return new PagedResult<ClassifiedAccountDto>(
            page.Items.Select(a => new ClassifiedAccountDto(AccountDto.From(accounts[a.AccountId]), a.RuleVersion, a.RunId, a.AssignedAt)).ToList(),
            page.Total, page.Page, page.Pages, page.Limit);
    }
}
