using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Classifications;
using Symphony.Domain.Fleet;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Classifications;

internal sealed class ClassificationConfiguration : IEntityTypeConfiguration<Classification>
{
    public void Configure(EntityTypeBuilder<Classification> b)
    {
        b.ToTable("classifications");
        b.Property(x => x.Code).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Colour).HasMaxLength(7);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Code }).IsUnique();
    }
}

internal sealed class ClassificationRuleConfiguration : IEntityTypeConfiguration<ClassificationRule>
{
    public void Configure(EntityTypeBuilder<ClassificationRule> b)
    {
        b.ToTable("classification_rules");
        b.Property(x => x.DbType).HasMaxLength(20);
        b.Property(x => x.Expression).IsJson();
        b.HasOne<Classification>().WithMany().HasForeignKey(x => x.ClassificationId);
        b.HasIndex(x => new { x.ClassificationId, x.DbType, x.RuleVersion }).IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.DbType });
    }
}

internal sealed class AccountClassificationConfiguration : IEntityTypeConfiguration<AccountClassification>
{
    public void Configure(EntityTypeBuilder<AccountClassification> b)
    {
        b.ToTable("account_classifications");
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId);
        b.HasIndex(x => new { x.AccountId, x.ClassificationId }).IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.ClassificationId });
        b.HasIndex(x => x.InstanceId);
    }
}
