using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Automations;

internal sealed class AutomationConfiguration : IEntityTypeConfiguration<Automation>
{
    public void Configure(EntityTypeBuilder<Automation> b)
    {
        b.ToTable("automations");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.HandlerKind).HasMaxLength(50);
        b.Property(x => x.HandlerConfig).IsJson();
        b.Property(x => x.BatchSchema).IsJson();
        b.Property(x => x.ItemSchema).IsJson();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
    }
}
