using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
/// migrations, and a test holds the two together. What a save must tell every node is each feature's
/// (<see cref="ISaveNotice"/>, registered with the feature).
/// </summary>
public sealed class SymphonyDbContext(DbContextOptions<SymphonyDbContext> options, ICurrentUser caller, TimeProvider clock,
    INodeMessages? nodes = null, IEnumerable<ISaveNotice>? notices = null)
    : DbContext(options), IApplicationDbContext
{
    private readonly IReadOnlyList<ISaveNotice> _notices = nodes is null ? [] : [.. notices ?? []];

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
        var news = NoticesOf(ChangeTracker.Entries(), []);
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        Tell(news);
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var news = NoticesOf(ChangeTracker.Entries(), []);
        if (news.AtOnce.Count > 0 && nodes is NodeMessages { IsClustered: true } cluster && Database.CurrentTransaction is null)
            return await SaveAndTellAtOnceAsync(cluster, news, acceptAllChangesOnSuccess, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        Tell(news);
        return saved;
    }

    /// <summary>How long a save whose notices go at once waits for every listening node to confirm them.</summary>
    private static readonly TimeSpan NoticeWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On PostgreSQL, the notices that go at once (a revoked session) are sent in the same transaction (pg_notify),
    /// so the save cannot commit without them, and the save returns once every node listening at the commit has
    /// confirmed that its handlers ran: a node that caches sessions refuses a revoked one from the moment the revoking
    /// request answers.
    /// </summary>
    private async Task<int> SaveAndTellAtOnceAsync(NodeMessages cluster, Notices news, bool acceptAll, CancellationToken ct)
    {
        var echoes = news.AtOnce.Select(notice => cluster.Expect(notice.Topic, notice.Payload)).ToList();
        try
        {
            int saved;
            await using (var transaction = await Database.BeginTransactionAsync(ct))
            {
                saved = await base.SaveChangesAsync(acceptAll, ct);
                var messages = echoes.Select(e => e.Message).ToArray();
                await Database.ExecuteSqlAsync($"SELECT pg_notify({NodeMessages.Channel}, m) FROM unnest({messages}) AS m", ct);
                var listening = await Database.SqlQuery<int>($"""
                    SELECT count(*)::int AS "Value" FROM pg_stat_activity
                    WHERE application_name = {NodeMessages.ListenerName} AND datname = current_database()
                    """).SingleAsync(ct);
                foreach (var echo in echoes) echo.Expecting(listening);
                await transaction.CommitAsync(ct);
            }
            await Task.WhenAll(echoes.Select(e => e.SentAsync(NoticeWait)));
            foreach (var notice in news.Later) cluster.Publish(notice.Topic, notice.Payload);
            return saved;
        }
        finally
        {
            foreach (var echo in echoes) echo.Dispose();
        }
    }

    /// <summary>A save's notices, read before it: those sent at once, and those told after the commit.</summary>
    private sealed record Notices(IReadOnlyList<NodeNotice> AtOnce, IReadOnlyList<NodeNotice> Later);

    private Notices NoticesOf(IEnumerable<EntityEntry> tracked, IEnumerable<Entity> inserted)
    {
        if (_notices.Count == 0) return new Notices([], []);
        var changes = tracked.ToList();
        var rows = inserted.ToList();
        return new Notices([.. _notices.Where(n => n.AtOnce).SelectMany(n => n.NoticesOf(changes, rows)).Distinct()],
            [.. _notices.Where(n => !n.AtOnce).SelectMany(n => n.NoticesOf(changes, rows)).Distinct()]);
    }

    /// <summary>Tells every node something saved outside the change tracker (raw SQL), once it is committed.</summary>
    internal void TellNodes(string topic, string payload) => nodes?.Publish(topic, payload);

    private void Tell(Notices news)
    {
        foreach (var notice in news.AtOnce.Concat(news.Later)) nodes!.Publish(notice.Topic, notice.Payload);
    }

    public async Task SaveChangesInBulkAsync(IReadOnlyList<IReadOnlyList<Entity>> inserts, Func<CancellationToken, Task>? alsoInTransaction, CancellationToken ct)
    {
        // The tracked changes tell their own notices as they are saved; these are the rows inserted in bulk.
        var news = NoticesOf([], inserts.SelectMany(rows => rows));
        await BulkWriter.SaveAsync(this, inserts, alsoInTransaction, ct);
        Tell(news);
    }

    /// <summary>The time and the caller that <see cref="AuditStamping"/> stamps on changed rows.</summary>
    internal DateTime Now => clock.GetUtcNow().UtcDateTime;

    internal Guid? CallerId => caller.UserId;
}
