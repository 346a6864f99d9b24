using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Fleet;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> b)
    {
        b.ToTable("instances");
        b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
        b.Property(x => x.DbType).HasMaxLength(20);
        b.Property(x => x.Host).HasMaxLength(253);
        b.Property(x => x.DatabaseName).HasMaxLength(128);
        b.Property(x => x.Environment).HasMaxLength(20);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.ServerVersion).HasMaxLength(300);
        b.Property(x => x.LastConnectionState).HasConversion(ModelConventions.LowerCase<ConnectionState>()).HasMaxLength(20);
        b.Property(x => x.LastConnectionError).HasMaxLength(1000);
        b.Property(x => x.TlsMode).HasConversion(ModelConventions.SnakeCase<TlsMode>()).HasMaxLength(20);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasIndex(x => new { x.WorkspaceId, x.DbType });
        b.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
    }
}
