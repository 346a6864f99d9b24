using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Symphony.Application.Identity;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Identity;

/// <summary>
/// A change to sessions or users (a logout, a revocation, a role taken away, a user disabled or deleted): every node
/// drops the user's cached sessions (<see cref="SessionCache"/>) before the revoking request answers.
/// </summary>
internal sealed class SessionNotice : ISaveNotice
{
    public bool AtOnce => true;

    public IEnumerable<NodeNotice> NoticesOf(IEnumerable<EntityEntry> changes, IEnumerable<Entity> inserted) =>
        changes.Where(entry => entry.State is EntityState.Modified or EntityState.Deleted)
            .Select(entry => entry.Entity switch { AuthSession session => session.UserId, User user => user.Id, _ => (Guid?)null })
            .OfType<Guid>().Distinct().Select(user => new NodeNotice(SessionCache.Topic, SessionCache.UserChanged(user)));
}
