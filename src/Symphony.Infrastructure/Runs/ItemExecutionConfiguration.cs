using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

internal sealed class ItemExecutionConfiguration : IEntityTypeConfiguration<ItemExecution>
{
    public void Configure(EntityTypeBuilder<ItemExecution> b)
    {
        b.ToTable("item_executions");
        b.Property(x => x.Status).HasConversion(ModelConventions.LowerCase<ExecutionStatus>()).HasMaxLength(20);
        b.Property(x => x.LeaseOwner).HasMaxLength(100);
        b.Property(x => x.Payload).IsJson();
        b.Property(x => x.ResultPayload).IsJson();
        b.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId);
        b.HasIndex(x => x.LeaseOwner);
        b.HasIndex(x => new { x.NextAttemptAt, x.Id });
        b.HasIndex(x => new { x.RunId, x.Status });
    }
}
