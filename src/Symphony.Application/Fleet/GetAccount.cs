using Symphony.Application.Automations;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>One account with its snapshot and facts, deactivated ones included.</summary>
public sealed class GetAccountHandler(WorkspaceLookup lookup)
{
    public async Task<AccountDetailDto> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var account = await lookup.FindAsync<Account>(workspace, id, Permission.ReadWorkspace, ct, includeDeleted: true);
        return new AccountDetailDto(AccountDto.From(account), Payloads.Parse(account.Snapshot), Payloads.Parse(account.Facts));
    }
}
