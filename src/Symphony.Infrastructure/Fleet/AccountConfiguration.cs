using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Fleet;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Fleet;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.SnapshotHash).HasMaxLength(64);
        b.Property(x => x.SignInState).HasMaxLength(30);
        b.Property(x => x.FactsHash).HasMaxLength(64);
        b.Property(x => x.Snapshot).IsJson();
        b.Property(x => x.Facts).IsJson();
        b.HasOne<Instance>().WithMany().HasForeignKey(x => x.InstanceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Name });
        b.HasIndex(x => new { x.InstanceId, x.Name }).IsUnique();
    }
}
