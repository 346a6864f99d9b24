using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>One of the caller's tokens, without the token itself.</summary>
public sealed class GetApiTokenHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public async Task<ApiTokenDto> HandleAsync(Guid id, CancellationToken ct)
    {
        caller.DemandSignedInPerson("read tokens");
        var userId = caller.RequireUserId();
        var row = await db.ApiTokens.AsNoTracking().Where(t => t.Id == id && t.UserId == userId).Select(ApiTokenRow.Of(db.AuthSessions)).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound($"Token '{id}'");
        return ApiTokenDto.From(row.Token, row.RevokedAt);
    }
}
