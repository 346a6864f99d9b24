using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Identity;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(x => x.Username).HasMaxLength(100);
        b.Property(x => x.NormalizedUsername).HasMaxLength(100);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.DisplayName).HasMaxLength(200);
        b.Property(x => x.PasswordHash).HasMaxLength(300);
        b.Property(x => x.Role).HasConversion(ModelConventions.LowerCase<UserRole>()).HasMaxLength(20);
        b.HasIndex(x => x.NormalizedUsername).IsUnique();
        b.Ignore(x => x.IsServiceAccount);
        b.HasIndex(x => x.ServiceWorkspaceId);
    }
}
