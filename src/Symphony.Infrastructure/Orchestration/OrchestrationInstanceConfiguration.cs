using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Orchestration;

internal sealed class OrchestrationInstanceConfiguration : IEntityTypeConfiguration<OrchestrationInstance>
{
    public void Configure(EntityTypeBuilder<OrchestrationInstance> b)
    {
        b.ToTable("orchestration_instances");
        b.Property(x => x.ExternalId).HasMaxLength(200);
        b.Property(x => x.Status).HasConversion(ModelConventions.LowerCase<ExecutionStatus>()).HasMaxLength(20);
        b.Property(x => x.CallbackTokenHash).HasMaxLength(64);
        b.Property(x => x.Metadata).IsJson();
        b.HasOne<Engine>().WithMany().HasForeignKey(x => x.EngineId);
        b.HasIndex(x => new { x.WorkspaceId, x.Status, x.StartedAt });
        b.HasIndex(x => new { x.EngineId, x.ExternalId }).IsUnique();
    }
}
