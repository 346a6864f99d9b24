using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Symphony.Application.Alerts;
using Symphony.Domain.Alerts;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Alerts;

/// <summary>New alert events saved: the dispatcher on every node looks at once instead of at its next minute.</summary>
internal sealed class AlertEventNotice : ISaveNotice
{
    public bool AtOnce => false;

    public IEnumerable<NodeNotice> NoticesOf(IEnumerable<EntityEntry> changes, IEnumerable<Entity> inserted) =>
        changes.Any(entry => entry.State == EntityState.Added && entry.Entity is AlertEvent) || inserted.Any(row => row is AlertEvent)
            ? [new NodeNotice(AlertOptions.Topic, "events")]
            : [];
}
