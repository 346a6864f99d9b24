using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Common;
using Symphony.Domain.Credentials;
using Symphony.Domain.Vaults;

namespace Symphony.Infrastructure.Credentials;

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> b)
    {
        b.ToTable("credentials");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Username).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.KeyId).HasMaxLength(50);
        b.Ignore(x => x.AssociatedData);
        b.HasOne<Vault>().WithMany().HasForeignKey(x => x.VaultId);
        b.HasIndex(x => x.KeyId);
        b.HasIndex(x => new { x.VaultId, x.Name }).IsUnique();
    }
}
