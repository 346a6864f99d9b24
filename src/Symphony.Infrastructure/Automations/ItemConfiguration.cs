using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Automations;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Automations;

internal sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> b)
    {
        b.ToTable("items");
        b.Property(x => x.Payload).IsJson();
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId);
        b.HasIndex(x => new { x.BatchId, x.SequenceNumber }).IsUnique();
    }
}
