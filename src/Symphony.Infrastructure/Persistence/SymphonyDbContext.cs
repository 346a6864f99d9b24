using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Alerts;
using Symphony.Domain.Audit;
using Symphony.Domain.Automations;
using Symphony.Domain.Capacity;
using Symphony.Domain.Classifications;
using Symphony.Domain.Common;
using Symphony.Domain.Credentials;
using Symphony.Domain.Fleet;
using Symphony.Domain.Identity;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Repos;
using Symphony.Domain.Runs;
using Symphony.Domain.Scheduler;
using Symphony.Domain.Vaults;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Persistence;

/// <summary>
/// The platform database on SQLite or PostgreSQL. One model for both: entity mappings in each feature's
/// <c>*Configuration.cs</c>, shared rules in <see cref="ModelConventions"/>, audit stamping in
/// <see cref="AuditStamping"/>, bulk inserts in <see cref="BulkWriter"/>. The schema comes from hand-written
/// migrations, and a test holds the two together. A saved change to a session or a user is told to every node
/// (<see cref="Application.Identity.SessionCache"/>), and so are new alert events (their dispatcher wakes).
/// </summary>
public sealed class SymphonyDbContext(DbContextOptions<SymphonyDbContext> options, ICurrentUser caller, TimeProvider clock, INodeMessages? nodes = null)
    : DbContext(options), IApplicationDbContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<AuthSession> AuthSessions => Set<AuthSession>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<Repo> Repos => Set<Repo>();
    public DbSet<Vault> Vaults => Set<Vault>();
    public DbSet<Credential> Credentials => Set<Credential>();
    public DbSet<Instance> Instances => Set<Instance>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<InstanceTag> InstanceTags => Set<InstanceTag>();
    public DbSet<Classification> Classifications => Set<Classification>();
    public DbSet<ClassificationRule> ClassificationRules => Set<ClassificationRule>();
    public DbSet<AccountClassification> AccountClassifications => Set<AccountClassification>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<AlertEvent> AlertEvents => Set<AlertEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountChange> AccountChanges => Set<AccountChange>();
    public DbSet<InstanceDatabase> InstanceDatabases => Set<InstanceDatabase>();
    public DbSet<DatabaseSizeStat> DatabaseSizeStats => Set<DatabaseSizeStat>();
    public DbSet<InstanceSizeStat> InstanceSizeStats => Set<InstanceSizeStat>();
    public DbSet<DatabaseSizeAggregate> DatabaseSizeAggregates => Set<DatabaseSizeAggregate>();
    public DbSet<InstanceSizeAggregate> InstanceSizeAggregates => Set<InstanceSizeAggregate>();
    public DbSet<TableSizeStat> TableSizeStats => Set<TableSizeStat>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Automation> Automations => Set<Automation>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<Item> Items => Set<Item>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<BatchExecution> BatchExecutions => Set<BatchExecution>();
    public DbSet<ItemExecution> ItemExecutions => Set<ItemExecution>();
    public DbSet<ItemStateHistory> ItemStateHistory => Set<ItemStateHistory>();
    public DbSet<Firing> Firings => Set<Firing>();
    public DbSet<Engine> Engines => Set<Engine>();
    public DbSet<OrchestrationInstance> OrchestrationInstances => Set<OrchestrationInstance>();
    public DbSet<RunOrchestration> RunOrchestrations => Set<RunOrchestration>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(AuditStamping.Instance);

    /// <summary>Each entity's mapping is in its feature's folder (<c>*Configuration.cs</c>); the shared rules follow them.</summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SymphonyDbContext).Assembly);
        ModelConventions.Apply(modelBuilder, IsSqlite);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var news = NewsForNodes();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        TellNodes(news);
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var news = NewsForNodes();
        if (news.Users.Count > 0 && nodes is NodeMessages { IsClustered: true } cluster && Database.CurrentTransaction is null)
            return await SaveAndTellAtOnceAsync(cluster, news, acceptAllChangesOnSuccess, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        TellNodes(news);
        return saved;
    }

    /// <summary>How long a save that revokes sessions waits for its notice to come back from the store.</summary>
    private static readonly TimeSpan NoticeWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A change to sessions or users (a logout, a revocation, a role taken away) on PostgreSQL: the notice to the
    /// other nodes is sent in the same transaction (pg_notify), so it cannot be committed without it, and the save
    /// returns once the store has handed the notice back to this node, by when it has gone to every node: a node that
    /// caches sessions refuses a revoked one from the moment the revoking request answers.
    /// </summary>
    private async Task<int> SaveAndTellAtOnceAsync(NodeMessages cluster, (List<Guid> Users, bool Alerts) news, bool acceptAll, CancellationToken ct)
    {
        var echoes = news.Users.Distinct().Select(user => cluster.Expect(Application.Identity.SessionCache.Topic, Application.Identity.SessionCache.UserChanged(user))).ToList();
        try
        {
            int saved;
            await using (var transaction = await Database.BeginTransactionAsync(ct))
            {
                saved = await base.SaveChangesAsync(acceptAll, ct);
                var messages = echoes.Select(e => e.Message).ToArray();
                await Database.ExecuteSqlAsync($"SELECT pg_notify({NodeMessages.Channel}, m) FROM unnest({messages}) AS m", ct);
                await transaction.CommitAsync(ct);
            }
            await Task.WhenAll(echoes.Select(e => e.SentAsync(NoticeWait)));
            if (news.Alerts) cluster.Publish(Application.Alerts.AlertOptions.Topic, "events");
            return saved;
        }
        finally
        {
            foreach (var echo in echoes) echo.Dispose();
        }
    }

    /// <summary>
    /// What every node must hear of once this save commits: users whose cached sessions go (a session revoked or
    /// deleted, a user changed in any way: role, disabled, deleted), and alert events waiting for their dispatcher.
    /// </summary>
    private (List<Guid> Users, bool Alerts) NewsForNodes()
    {
        if (nodes is null) return ([], false);
        var users = new List<Guid>();
        var alerts = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added && entry.Entity is AlertEvent) alerts = true;
            if (entry.State is not (EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is AuthSession session) users.Add(session.UserId);
            else if (entry.Entity is User user) users.Add(user.Id);
        }
        return (users, alerts);
    }

    /// <summary>Tells every node something saved outside the change tracker (raw SQL), once it is committed.</summary>
    internal void TellNodes(string topic, string payload) => nodes?.Publish(topic, payload);

    private void TellNodes((List<Guid> Users, bool Alerts) news)
    {
        foreach (var user in news.Users.Distinct())
            nodes!.Publish(Application.Identity.SessionCache.Topic, Application.Identity.SessionCache.UserChanged(user));
        if (news.Alerts) nodes!.Publish(Application.Alerts.AlertOptions.Topic, "events");
    }

    public async Task SaveChangesInBulkAsync(IReadOnlyList<IReadOnlyList<Entity>> inserts, Func<CancellationToken, Task>? alsoInTransaction, CancellationToken ct)
    {
        await BulkWriter.SaveAsync(this, inserts, alsoInTransaction, ct);
        if (inserts.Any(rows => rows.Any(row => row is AlertEvent))) TellNodes(Application.Alerts.AlertOptions.Topic, "events");
    }

    /// <summary>The time and the caller that <see cref="AuditStamping"/> stamps on changed rows.</summary>
    internal DateTime Now => clock.GetUtcNow().UtcDateTime;

    internal Guid? CallerId => caller.UserId;
}
