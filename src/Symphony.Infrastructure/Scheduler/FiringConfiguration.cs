using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Scheduler;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Scheduler;

internal sealed class FiringConfiguration : IEntityTypeConfiguration<Firing>
{
    public void Configure(EntityTypeBuilder<Firing> b)
    {
        b.ToTable("scheduler_firings");
        b.Property(x => x.JobId).HasMaxLength(ScheduledJob.MaxIdLength);
        b.Property(x => x.Outcome).HasConversion(ModelConventions.LowerCase<FiringOutcome>()).HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(Firing.MaxReasonLength);
        b.Property(x => x.Node).HasMaxLength(200);
        b.HasIndex(x => new { x.WorkspaceId, x.JobId, x.ScheduledAt }).IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.FiredAt });
    }
}
