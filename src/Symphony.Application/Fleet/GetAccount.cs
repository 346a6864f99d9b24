using Microsoft.EntityFrameworkCore;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Fleet;

/// <summary>One account with its snapshot and facts, deactivated ones included.</summary>
public sealed class GetAccountHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<AccountDetailDto> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var account = await db.Accounts.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.WorkspaceId == scope.Id, ct)
            ?? throw DomainException.NotFound($"Account {id}");
        return new AccountDetailDto(AccountDto.From(account), Payloads.Parse(account.Snapshot), Payloads.Parse(account.Facts));
    }
}
