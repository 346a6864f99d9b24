using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Identity;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.Hint).HasMaxLength(12);
        b.Property(x => x.Role).HasConversion(ModelConventions.LowerCase<TokenRole>()).HasMaxLength(20);
        b.Property(x => x.WorkspaceIds).HasMaxLength(ApiToken.MaxWorkspaces * 37);
        b.Ignore(x => x.Workspaces);
        b.HasOne<AuthSession>().WithMany().HasForeignKey(x => x.SessionId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasIndex(x => x.SessionId);
    }
}
