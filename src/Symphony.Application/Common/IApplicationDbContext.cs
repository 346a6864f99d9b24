using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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

namespace Symphony.Application.Common;

/// <summary>The platform database as the use cases see it. Implemented by EF Core on SQLite and PostgreSQL.</summary>
public interface IApplicationDbContext
{
    /// <summary>The rows of any entity of the model, for code written once over several (lookups).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "DbContext.Set<TEntity>() implements it; the name is EF Core's.")]
    DbSet<TEntity> Set<TEntity>() where TEntity : class;

    DbSet<User> Users { get; }
    DbSet<AuthSession> AuthSessions { get; }
    DbSet<RefreshToken> RefreshTokens { get; }
    DbSet<ApiToken> ApiTokens { get; }
    DbSet<Workspace> Workspaces { get; }
    DbSet<WorkspaceMember> WorkspaceMembers { get; }
    DbSet<Repo> Repos { get; }
    DbSet<Vault> Vaults { get; }
    DbSet<Credential> Credentials { get; }
    DbSet<Instance> Instances { get; }
    DbSet<Tag> Tags { get; }
    DbSet<InstanceTag> InstanceTags { get; }
    DbSet<Classification> Classifications { get; }
    DbSet<ClassificationRule> ClassificationRules { get; }
    DbSet<AccountClassification> AccountClassifications { get; }
    DbSet<Webhook> Webhooks { get; }
    DbSet<AlertEvent> AlertEvents { get; }
    DbSet<WebhookDelivery> WebhookDeliveries { get; }
    DbSet<Account> Accounts { get; }
    DbSet<AccountChange> AccountChanges { get; }
    DbSet<InstanceDatabase> InstanceDatabases { get; }
    DbSet<DatabaseSizeStat> DatabaseSizeStats { get; }
    DbSet<InstanceSizeStat> InstanceSizeStats { get; }
    DbSet<DatabaseSizeAggregate> DatabaseSizeAggregates { get; }
    DbSet<InstanceSizeAggregate> InstanceSizeAggregates { get; }
    DbSet<TableSizeStat> TableSizeStats { get; }
    DbSet<AuditEvent> AuditEvents { get; }
    DbSet<Automation> Automations { get; }
    DbSet<Batch> Batches { get; }
    DbSet<Item> Items { get; }
    DbSet<Run> Runs { get; }
    DbSet<BatchExecution> BatchExecutions { get; }
    DbSet<ItemExecution> ItemExecutions { get; }
    DbSet<Engine> Engines { get; }
    DbSet<OrchestrationInstance> OrchestrationInstances { get; }
    DbSet<RunOrchestration> RunOrchestrations { get; }
    DbSet<ItemStateHistory> ItemStateHistory { get; }
    DbSet<Firing> Firings { get; }

    EntityEntry<TEntity> Entry<TEntity>(TEntity entity) where TEntity : class;
    ChangeTracker ChangeTracker { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the pending changes, inserts the given new rows (each list of one entity type) and runs
    /// <paramref name="alsoInTransaction"/>, all in one transaction; the rows go by the provider's fastest means
    /// (COPY on PostgreSQL). For writes of thousands of rows: a run's item executions, an instance's accounts.
    /// </summary>
    Task SaveChangesInBulkAsync(IReadOnlyList<IReadOnlyList<Entity>> inserts, Func<CancellationToken, Task>? alsoInTransaction, CancellationToken ct);
}
