using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Workspaces;

internal sealed class WorkspaceMemberConfiguration : IEntityTypeConfiguration<WorkspaceMember>
{
    public void Configure(EntityTypeBuilder<WorkspaceMember> b)
    {
        b.ToTable("workspace_members");
        b.Property(x => x.Role).HasConversion(ModelConventions.LowerCase<WorkspaceRole>()).HasMaxLength(20);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId);
        b.HasIndex(x => new { x.WorkspaceId, x.UserId }).IsUnique();
    }
}
