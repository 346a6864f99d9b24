using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Common;
using Symphony.Domain.Vaults;
using Symphony.Domain.Workspaces;

namespace Symphony.Infrastructure.Vaults;

internal sealed class VaultConfiguration : IEntityTypeConfiguration<Vault>
{
    public void Configure(EntityTypeBuilder<Vault> b)
    {
        b.ToTable("vaults");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
    }
}
