using Microsoft.EntityFrameworkCore.ChangeTracking;
using Symphony.Domain.Common;

namespace Symphony.Infrastructure.Persistence;

/// <summary>A message to every node: its topic and payload.</summary>
public sealed record NodeNotice(string Topic, string Payload);

/// <summary>
/// What a feature tells every node when a save changes rows of its kind (a session revoked, an alert event waiting),
/// registered by the feature: the context reads it from each save and tells the notices once the save is committed.
/// </summary>
public interface ISaveNotice
{
    /// <summary>
    /// Sent in the save's own transaction (pg_notify) and waited for until the store hands it back, so the save
    /// cannot commit without it and returns once every node has it; otherwise told after the commit.
    /// </summary>
    bool AtOnce { get; }

    /// <summary>The notices for a save: the tracked changes (read before the save) and the rows inserted in bulk.</summary>
    IEnumerable<NodeNotice> NoticesOf(IEnumerable<EntityEntry> changes, IEnumerable<Entity> inserted);
}
