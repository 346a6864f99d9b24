using Microsoft.EntityFrameworkCore;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;
using Symphony.Domain.Repos;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

/// <summary>The hand-written migrations and the EF conventions, proven on each provider.</summary>
public abstract class PersistenceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await using var db = _database.NewContext();
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task A_soft_deleted_name_can_be_used_again_but_two_active_rows_cannot_share_it()
    {
        var workspace = await AddWorkspaceAsync();
        await using (var db = _database.NewContext())
        {
            db.Repos.Add(new Repo { WorkspaceId = workspace, Name = "scripts", LocalPath = "/srv/a" });
            await db.SaveChangesAsync();
            db.Repos.Remove(await db.Repos.SingleAsync());
            await db.SaveChangesAsync();
            db.Repos.Add(new Repo { WorkspaceId = workspace, Name = "scripts", LocalPath = "/srv/b" });
            await db.SaveChangesAsync();
        }
        await using (var db = _database.NewContext())
        {
            Assert.Single(await db.Repos.ToListAsync());
            Assert.Equal(2, await db.Repos.IgnoreQueryFilters().CountAsync());
            db.Repos.Add(new Repo { WorkspaceId = workspace, Name = "scripts", LocalPath = "/srv/c" });
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(DatabaseErrors.IsUniqueViolation(error));
        }
    }

    [Fact]
    public async Task An_update_based_on_a_stale_version_is_refused_by_the_database()
    {
        var workspace = await AddWorkspaceAsync();
        await using var first = _database.NewContext();
        await using var second = _database.NewContext();
        var a = await first.Workspaces.SingleAsync(w => w.Id == workspace);
        var b = await second.Workspaces.SingleAsync(w => w.Id == workspace);

        a.Name = "first";
        await first.SaveChangesAsync();
        Assert.Equal(2, a.Version);

        b.Name = "second";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = _database.NewContext();
        Assert.Equal("first", (await check.Workspaces.SingleAsync(w => w.Id == workspace)).Name);
    }

    [Fact]
    public async Task Audit_fields_come_from_the_caller_and_times_come_back_as_utc()
    {
        var caller = Guid.NewGuid();
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero));
        Guid id;
        await using (var db = _database.NewContext(new FixedCaller(caller), clock))
        {
            var workspace = new Workspace { Slug = "audit-" + Guid.NewGuid().ToString("N")[..8], Name = "Audit" };
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
            id = workspace.Id;
        }
        await using (var db = _database.NewContext())
        {
            var stored = await db.Workspaces.SingleAsync(w => w.Id == id);
            Assert.Equal(caller, stored.CreatedBy);
            Assert.Equal(clock.Now.UtcDateTime, stored.CreatedAt);
            Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
            Assert.Equal(1, stored.Version);
        }
    }

    [Fact]
    public async Task Deleting_an_aggregate_keeps_the_row_and_stamps_deleted_at()
    {
        var workspace = await AddWorkspaceAsync();
        await using (var db = _database.NewContext())
        {
            db.Workspaces.Remove(await db.Workspaces.SingleAsync(w => w.Id == workspace));
            await db.SaveChangesAsync();
        }
        await using (var db = _database.NewContext())
        {
            Assert.False(await db.Workspaces.AnyAsync(w => w.Id == workspace));
            var row = await db.Workspaces.IgnoreQueryFilters().SingleAsync(w => w.Id == workspace);
            Assert.False(row.IsActive);
            Assert.NotNull(row.DeletedAt);
            Assert.Equal(2, row.Version);
        }
    }

    [Fact]
    public async Task First_start_seeds_one_admin_and_the_default_workspace_once()
    {
        await using var db = _database.NewContext();
        var initializer = new DatabaseInitializer(db, new Identity.Pbkdf2PasswordHasher(1000), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseInitializer>.Instance);
        var first = await initializer.SeedAsync("admin", null, CancellationToken.None);
        var second = await initializer.SeedAsync("admin", null, CancellationToken.None);

        Assert.Equal("admin", first.CreatedAdmin);
        Assert.Empty(PasswordPolicy.Check(first.GeneratedPassword));
        Assert.Null(second.CreatedAdmin);
        var admin = await db.Users.SingleAsync(u => u.Role == UserRole.Admin);
        Assert.NotEqual(first.GeneratedPassword, admin.PasswordHash);
        var workspace = await db.Workspaces.SingleAsync(w => w.Slug == Workspace.DefaultSlug);
        Assert.Equal(WorkspaceRole.Owner, (await db.WorkspaceMembers.SingleAsync(m => m.WorkspaceId == workspace.Id)).Role);
    }

    private async Task<Guid> AddWorkspaceAsync()
    {
        await using var db = _database.NewContext();
        var workspace = new Workspace { Slug = "ws-" + Guid.NewGuid().ToString("N")[..8], Name = "Test" };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }
}

public sealed class SqlitePersistenceTests() : PersistenceTests(DatabaseProvider.Sqlite);

public sealed class PostgresPersistenceTests() : PersistenceTests(DatabaseProvider.PostgreSql);

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
