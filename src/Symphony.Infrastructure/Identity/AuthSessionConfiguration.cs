using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Identity;

internal sealed class AuthSessionConfiguration : IEntityTypeConfiguration<AuthSession>
{
    public void Configure(EntityTypeBuilder<AuthSession> b)
    {
        b.ToTable("auth_sessions");
        b.Property(x => x.Kind).HasConversion(ModelConventions.LowerCase<AuthSessionKind>()).HasMaxLength(20);
        b.Property(x => x.RevokedReason).HasMaxLength(50);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.Property(x => x.UserAgent).HasMaxLength(300);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId);
    }
}
