using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Automations;
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
        // Nothing deletes an item or a batch execution its executions still name (retention deletes executions first);
        // checked at the end of a statement (no action), so a run deleted whole takes both its batches and its items.
        // The batch execution is named with its run, so it is one of the same run's, and so the (run, batch, status)
        // index serves this key's check as well as the run's.
        b.HasOne<Item>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<BatchExecution>().WithMany().HasForeignKey(x => new { x.RunId, x.BatchExecutionId })
            .HasPrincipalKey(e => new { e.RunId, e.Id }).OnDelete(DeleteBehavior.NoAction);
        // An item once per run; led by item_id, the same index finds an item's executions (and checks its key on delete).
        b.HasIndex(x => new { x.ItemId, x.RunId }).IsUnique();
        b.HasIndex(x => x.LeaseOwner);
        b.HasIndex(x => new { x.NextAttemptAt, x.Id });
        // A run's and a batch's items by status: counters, the items left open when a batch may finish.
        b.HasIndex(x => new { x.RunId, x.BatchExecutionId, x.Status });
    }
}
