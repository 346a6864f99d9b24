using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Identity;

namespace Symphony.Infrastructure.Identity;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> b)
    {
        b.ToTable("refresh_tokens");
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasOne<AuthSession>().WithMany().HasForeignKey(x => x.SessionId);
        b.HasIndex(x => x.TokenHash).IsUnique();
    }
}
