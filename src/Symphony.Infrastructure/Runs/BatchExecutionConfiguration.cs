using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Runs;

namespace Symphony.Infrastructure.Runs;

internal sealed class BatchExecutionConfiguration : IEntityTypeConfiguration<BatchExecution>
{
    public void Configure(EntityTypeBuilder<BatchExecution> b)
    {
        b.ToTable("batch_executions");
        b.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId);
        b.HasIndex(x => new { x.RunId, x.BatchId }).IsUnique();
    }
}
