using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Automations;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> b)
    {
        b.ToTable("runs");
        b.Property(x => x.Trigger).HasConversion(ModelConventions.LowerCase<RunTrigger>()).HasMaxLength(20);
        b.Property(x => x.Status).HasConversion(ModelConventions.LowerCase<ExecutionStatus>()).HasMaxLength(20);
        b.Property(x => x.CorrelationId).HasMaxLength(100);
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.IdempotencyScope).HasMaxLength(64);
        b.Property(x => x.CancellationReason).HasMaxLength(500);
        b.HasOne<Automation>().WithMany().HasForeignKey(x => x.AutomationId);
        b.HasIndex(x => new { x.AutomationId, x.Status });
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.IdempotencyKey }).IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.CorrelationId });
        b.HasIndex(x => new { x.Status, x.FinishedAt });
    }
}
