using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;

namespace Symphony.Infrastructure.Orchestration;

internal sealed class RunOrchestrationConfiguration : IEntityTypeConfiguration<RunOrchestration>
{
    public void Configure(EntityTypeBuilder<RunOrchestration> b)
    {
        b.ToTable("run_orchestrations");
        b.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId);
        b.HasOne<OrchestrationInstance>().WithMany().HasForeignKey(x => x.OrchestrationInstanceId);
        b.HasIndex(x => new { x.RunId, x.OrchestrationInstanceId }).IsUnique();
    }
}
