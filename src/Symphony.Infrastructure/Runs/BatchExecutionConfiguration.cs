using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

internal sealed class BatchExecutionConfiguration : IEntityTypeConfiguration<BatchExecution>
{
    public void Configure(EntityTypeBuilder<BatchExecution> b)
    {
        b.ToTable("batch_executions");
        b.Property(x => x.Status).HasConversion(ModelConventions.LowerCase<ExecutionStatus>()).HasMaxLength(20);
        b.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId);
        b.HasIndex(x => new { x.RunId, x.BatchId }).IsUnique();
        // Partial in the migration: only processing batches, the ones the queue looks for.
        b.HasIndex(x => x.Status);
    }
}
