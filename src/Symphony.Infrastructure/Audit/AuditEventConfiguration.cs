using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Audit;

namespace Symphony.Infrastructure.Audit;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable("audit_events");
        b.Property(x => x.Action).HasMaxLength(100);
        b.Property(x => x.ActorName).HasMaxLength(100);
        b.Property(x => x.TargetType).HasMaxLength(50);
        b.Property(x => x.TargetId).HasMaxLength(100);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.Property(x => x.TraceId).HasMaxLength(64);
        b.HasIndex(x => new { x.Action, x.OccurredAt });
        b.HasIndex(x => x.OccurredAt);
    }
}
