using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

public sealed class GetUserHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public async Task<UserDto> HandleAsync(Guid id, CancellationToken ct)
    {
        caller.Demand(Permission.ManageUsers);
        return await db.Users.Where(u => u.Id == id).Select(UserDto.Projection).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound($"User {id}");
    }
}
