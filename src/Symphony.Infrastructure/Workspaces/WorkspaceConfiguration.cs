using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Workspaces;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> b)
    {
        b.ToTable("workspaces");
        b.Property(x => x.Slug).HasMaxLength(Names.MaxSlugLength);
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Type).HasConversion(ModelConventions.LowerCase<WorkspaceType>()).HasMaxLength(20);
        b.HasIndex(x => x.Slug).IsUnique();
    }
}
