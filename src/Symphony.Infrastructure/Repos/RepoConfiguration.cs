using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Common;
using Symphony.Domain.Repos;
using Symphony.Domain.Workspaces;

namespace Symphony.Infrastructure.Repos;

internal sealed class RepoConfiguration : IEntityTypeConfiguration<Repo>
{
    public void Configure(EntityTypeBuilder<Repo> b)
    {
        b.ToTable("repos");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.LocalPath).HasMaxLength(Repo.MaxLocationLength);
        b.Property(x => x.RemoteUrl).HasMaxLength(Repo.MaxLocationLength);
        b.Property(x => x.DefaultBranch).HasMaxLength(200);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
    }
}
