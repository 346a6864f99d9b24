using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Automations;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> b)
    {
        b.ToTable("batches");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Payload).IsJson();
        b.HasOne<Automation>().WithMany().HasForeignKey(x => x.AutomationId);
        b.HasIndex(x => new { x.AutomationId, x.Name }).IsUnique();
    }
}
