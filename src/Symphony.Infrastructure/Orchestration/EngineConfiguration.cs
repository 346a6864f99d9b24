using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Common;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Orchestration;

internal sealed class EngineConfiguration : IEntityTypeConfiguration<Engine>
{
    public void Configure(EntityTypeBuilder<Engine> b)
    {
        b.ToTable("engines");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Type).HasMaxLength(20);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.BaseUrl).HasMaxLength(2000);
        b.Property(x => x.Config).IsJson();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
    }
}
