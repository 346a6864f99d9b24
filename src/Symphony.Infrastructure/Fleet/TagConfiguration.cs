using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Fleet;
using Symphony.Domain.Workspaces;

namespace Symphony.Infrastructure.Fleet;

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.ToTable("tags");
        b.Property(x => x.Code).HasMaxLength(Tag.MaxCodeLength);
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.Category).HasMaxLength(50);
        b.Property(x => x.Colour).HasMaxLength(7);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Code }).IsUnique();
    }
}

internal sealed class InstanceTagConfiguration : IEntityTypeConfiguration<InstanceTag>
{
    public void Configure(EntityTypeBuilder<InstanceTag> b)
    {
        b.ToTable("instance_tags");
        b.HasOne<Instance>().WithMany(i => i.Tags).HasForeignKey(x => x.InstanceId);
        b.HasOne(x => x.Tag).WithMany().HasForeignKey(x => x.TagId);
        // Deleting a tag removes its links; the filter matches the tag's own, as EF Core asks of a required navigation.
        b.HasQueryFilter(x => x.Tag!.IsActive);
        b.HasIndex(x => new { x.InstanceId, x.TagId }).IsUnique();
        b.HasIndex(x => x.TagId);
    }
}
