using Symphony.Application.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>The caller's personal access tokens, live and revoked, newest first, with their last use.</summary>
public sealed class ListApiTokensHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public static ListDefinition<ApiToken> Definition { get; } = new ListDefinition<ApiToken>()
        .Sort("created_at", t => t.CreatedAt, isDefault: true, defaultOrder: SortOrder.Desc)
        .Sort("name", t => t.Name)
        .Sort("expires_at", t => t.ExpiresAt)
        .Sort("last_used_at", t => t.LastUsedAt);

    public async Task<PagedResult<ApiTokenDto>> HandleAsync(ListRequest request, CancellationToken ct)
    {
        caller.DemandSignedInPerson("list tokens");
        var userId = caller.RequireUserId();
        var page = await Definition.ToPageAsync(db.ApiTokens, request, ApiTokenRow.Of(db.AuthSessions), ct,
            new Specification<ApiToken>(t => t.UserId == userId));
        return new PagedResult<ApiTokenDto>([.. page.Items.Select(r => ApiTokenDto.From(r.Token, r.RevokedAt))], page.Total, page.Page, page.Pages, page.Limit);
    }
}
