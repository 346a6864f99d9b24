using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Fleet;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Fleet;

internal sealed class AccountChangeConfiguration : IEntityTypeConfiguration<AccountChange>
{
    public void Configure(EntityTypeBuilder<AccountChange> b)
    {
        b.ToTable("account_changes");
        b.Property(x => x.AccountName).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion(ModelConventions.LowerCase<AccountChangeKind>()).HasMaxLength(20);
        b.Property(x => x.Diff).IsJson();
        b.HasIndex(x => new { x.AccountId, x.OccurredAt });
        b.HasIndex(x => new { x.WorkspaceId, x.OccurredAt });
    }
}
