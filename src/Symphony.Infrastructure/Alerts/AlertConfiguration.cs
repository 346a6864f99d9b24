using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Alerts;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Alerts;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("webhooks");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.Events).HasMaxLength(200);
        b.Property(x => x.KeyId).HasMaxLength(100);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
    }
}

internal sealed class AlertEventConfiguration : IEntityTypeConfiguration<AlertEvent>
{
    public void Configure(EntityTypeBuilder<AlertEvent> b)
    {
        b.ToTable("alert_events");
        b.Property(x => x.Event).HasMaxLength(50);
        b.Property(x => x.SourceKey).HasMaxLength(100);
        b.Property(x => x.Payload).IsJson();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        // Dispatching marks an event; a second node marking it too finds it changed and leaves it.
        b.Property(x => x.DispatchedAt).IsConcurrencyToken();
        b.HasIndex(x => new { x.WorkspaceId, x.Event, x.SourceKey }).IsUnique();
        b.HasIndex(x => new { x.DispatchedAt, x.OccurredAt });
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("webhook_deliveries");
        b.Property(x => x.Event).HasMaxLength(50);
        b.HasOne<Webhook>().WithMany().HasForeignKey(x => x.WebhookId);
        b.HasIndex(x => new { x.WebhookId, x.CreatedAt });
        b.HasIndex(x => x.ItemId);
    }
}
