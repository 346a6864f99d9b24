using Symphony.Domain.Common;

namespace Symphony.Application.Common;

public static class Concurrency
{
    /// <summary>
    /// Refuses a stale update at once, and makes the UPDATE itself conditional on the version the
    /// caller read, so a change landing between this check and the save is refused too.
    /// </summary>
    public static void ExpectVersion<T>(this IApplicationDbContext db, T entity, int expected) where T : VersionedEntity
    {
        if (entity.Version != expected)
            throw new DomainException(MessageCodes.ConcurrentModification,
                $"Version {expected} is stale; the current version is {entity.Version}.");
        db.Entry(entity).Property(e => e.Version).OriginalValue = expected;
    }
}
