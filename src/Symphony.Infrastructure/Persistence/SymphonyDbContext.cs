using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;
using Symphony.Domain.Identity;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Workspaces;

using Symphony.Domain.Automations;
using Symphony.Domain.Runs;
using Symphony.Domain.Credentials;
using Symphony.Domain.Vaults;
using Symphony.Domain.Repos;
namespace Symphony.Infrastructure.Persistence;

/// <summary>
/// The platform database on SQLite or PostgreSQL. One model for both; the few differences
/// (how times come back from SQLite) are handled here. The schema comes from hand-written migrations.
/// </summary>
public sealed class SymphonyDbContext(DbContextOptions<SymphonyDbContext> options, ICurrentUser caller, TimeProvider clock)
    : DbContext(options), IApplicationDbContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<AuthSession> AuthSessions => Set<AuthSession>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<Repo> Repos => Set<Repo>();
    public DbSet<Vault> Vaults => Set<Vault>();
    public DbSet<Credential> Credentials => Set<Credential>();
    public DbSet<Instance> Instances => Set<Instance>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountChange> AccountChanges => Set<AccountChange>();
    public DbSet<InstanceDatabase> InstanceDatabases => Set<InstanceDatabase>();
    public DbSet<DatabaseSizeStat> DatabaseSizeStats => Set<DatabaseSizeStat>();
    public DbSet<InstanceSizeStat> InstanceSizeStats => Set<InstanceSizeStat>();
    public DbSet<TableSizeStat> TableSizeStats => Set<TableSizeStat>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Automation> Automations => Set<Automation>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<Item> Items => Set<Item>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<BatchExecution> BatchExecutions => Set<BatchExecution>();
    public DbSet<ItemExecution> ItemExecutions => Set<ItemExecution>();
    public DbSet<ItemStateHistory> ItemStateHistory => Set<ItemStateHistory>();
    public DbSet<Engine> Engines => Set<Engine>();
    public DbSet<OrchestrationInstance> OrchestrationInstances => Set<OrchestrationInstance>();
    public DbSet<RunOrchestration> RunOrchestrations => Set<RunOrchestration>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(b =>
        {
            b.ToTable("users");
            b.Property(x => x.Username).HasMaxLength(100);
            b.Property(x => x.NormalizedUsername).HasMaxLength(100);
            b.Property(x => x.Email).HasMaxLength(254);
            b.Property(x => x.DisplayName).HasMaxLength(200);
            b.Property(x => x.PasswordHash).HasMaxLength(300);
            b.Property(x => x.Role).HasConversion(LowerCase<UserRole>()).HasMaxLength(20);
        });
        modelBuilder.Entity<AuthSession>(b =>
        {
            b.ToTable("auth_sessions");
            b.Property(x => x.Kind).HasConversion(LowerCase<AuthSessionKind>()).HasMaxLength(20);
            b.Property(x => x.RevokedReason).HasMaxLength(50);
            b.Property(x => x.IpAddress).HasMaxLength(64);
            b.Property(x => x.UserAgent).HasMaxLength(300);
            b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId);
        });
        modelBuilder.Entity<RefreshToken>(b =>
        {
            b.ToTable("refresh_tokens");
            b.Property(x => x.TokenHash).HasMaxLength(64);
            b.HasOne<AuthSession>().WithMany().HasForeignKey(x => x.SessionId);
        });
        modelBuilder.Entity<Workspace>(b =>
        {
            b.ToTable("workspaces");
            b.Property(x => x.Slug).HasMaxLength(Names.MaxSlugLength);
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            b.Property(x => x.Description).HasMaxLength(2000);
            b.Property(x => x.Type).HasConversion(LowerCase<WorkspaceType>()).HasMaxLength(20);
        });
        modelBuilder.Entity<WorkspaceMember>(b =>
        {
            b.ToTable("workspace_members");
            b.Property(x => x.Role).HasConversion(LowerCase<WorkspaceRole>()).HasMaxLength(20);
            b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
            b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId);
        });
        modelBuilder.Entity<Repo>(b =>
        {
            b.ToTable("repos");
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            b.Property(x => x.Description).HasMaxLength(2000);
            b.Property(x => x.LocalPath).HasMaxLength(Repo.MaxLocationLength);
            b.Property(x => x.RemoteUrl).HasMaxLength(Repo.MaxLocationLength);
            b.Property(x => x.DefaultBranch).HasMaxLength(200);
            b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        });
        modelBuilder.Entity<Credential>(b =>
        {
            b.ToTable("credentials");
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            b.Property(x => x.Username).HasMaxLength(200);
            b.Property(x => x.Description).HasMaxLength(2000);
            b.Property(x => x.KeyId).HasMaxLength(50);
            b.Ignore(x => x.AssociatedData);
            b.HasOne<Vault>().WithMany().HasForeignKey(x => x.VaultId);
        });
        modelBuilder.Entity<Instance>(b =>
        {
            b.ToTable("instances");
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            b.Property(x => x.DbType).HasMaxLength(20);
            b.Property(x => x.Host).HasMaxLength(253);
            b.Property(x => x.DatabaseName).HasMaxLength(128);
            b.Property(x => x.Environment).HasMaxLength(20);
            b.Property(x => x.Description).HasMaxLength(2000);
            b.Property(x => x.ServerVersion).HasMaxLength(300);
            b.Property(x => x.LastConnectionState).HasConversion(LowerCase<ConnectionState>()).HasMaxLength(20);
            b.Property(x => x.LastConnectionError).HasMaxLength(1000);
        });
        modelBuilder.Entity<InstanceDatabase>(b =>
        {
            b.ToTable("instance_databases");
            b.Property(x => x.Name).HasMaxLength(200);
            b.Ignore(x => x.GoneAt);
            b.HasOne<Instance>().WithMany().HasForeignKey(x => x.InstanceId);
        });
        modelBuilder.Entity<DatabaseSizeStat>(b =>
        {
            b.ToTable("database_size_stats");
            b.HasOne<InstanceDatabase>().WithMany().HasForeignKey(x => x.DatabaseId);
        });
        modelBuilder.Entity<InstanceSizeStat>(b =>
        {
            b.ToTable("instance_size_stats");
            b.HasOne<Instance>().WithMany().HasForeignKey(x => x.InstanceId);
        });
        modelBuilder.Entity<TableSizeStat>(b =>
        {
            b.ToTable("table_size_stats");
            b.Property(x => x.SchemaName).HasMaxLength(200);
            b.Property(x => x.TableName).HasMaxLength(200);
            b.Property(x => x.Kind).HasMaxLength(30);
            b.HasOne<InstanceDatabase>().WithMany().HasForeignKey(x => x.DatabaseId);
        });
        modelBuilder.Entity<Account>(b =>
        {
            b.ToTable("accounts");
            b.Property(x => x.Name).HasMaxLength(200);
            b.Property(x => x.SnapshotHash).HasMaxLength(64);
            b.Property(x => x.FactsHash).HasMaxLength(64);
            Json(b.Property(x => x.Snapshot));
            Json(b.Property(x => x.Facts));
            b.HasOne<Instance>().WithMany().HasForeignKey(x => x.InstanceId);
        });
        modelBuilder.Entity<AccountChange>(b =>
        {
            b.ToTable("account_changes");
            b.Property(x => x.AccountName).HasMaxLength(200);
            b.Property(x => x.Kind).HasConversion(LowerCase<AccountChangeKind>()).HasMaxLength(20);
            Json(b.Property(x => x.Diff));
        });
        modelBuilder.Entity<Vault>(b =>
        {
            b.ToTable("vaults");
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            b.Property(x => x.Description).HasMaxLength(2000);
            b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        });
        modelBuilder.Entity<AuditEvent>(b =>
        {
            b.ToTable("audit_events");
            b.Property(x => x.Action).HasMaxLength(100);
            b.Property(x => x.ActorName).HasMaxLength(100);
            b.Property(x => x.TargetType).HasMaxLength(50);
            b.Property(x => x.TargetId).HasMaxLength(100);
            b.Property(x => x.IpAddress).HasMaxLength(64);
            b.Property(x => x.TraceId).HasMaxLength(64);
        });

        modelBuilder.Entity<Automation>(b =>
        {
            b.ToTable("automations");
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            b.Property(x => x.Description).HasMaxLength(2000);
            b.Property(x => x.HandlerKind).HasMaxLength(50);
            Json(b.Property(x => x.HandlerConfig));
            Json(b.Property(x => x.BatchSchema));
            Json(b.Property(x => x.ItemSchema));
            b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId);
        });
        modelBuilder.Entity<Batch>(b =>
        {
            b.ToTable("batches");
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            Json(b.Property(x => x.Payload));
            b.HasOne<Automation>().WithMany().HasForeignKey(x => x.AutomationId);
        });
        modelBuilder.Entity<Item>(b =>
        {
            b.ToTable("items");
            Json(b.Property(x => x.Payload));
            b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId);
        });

        modelBuilder.Entity<Run>(b =>
        {
            b.ToTable("runs");
            b.Property(x => x.Trigger).HasConversion(LowerCase<RunTrigger>()).HasMaxLength(20);
            b.Property(x => x.Status).HasConversion(LowerCase<ExecutionStatus>()).HasMaxLength(20);
            b.Property(x => x.CorrelationId).HasMaxLength(100);
            b.Property(x => x.IdempotencyKey).HasMaxLength(200);
            b.Property(x => x.CancellationReason).HasMaxLength(500);
            b.HasOne<Automation>().WithMany().HasForeignKey(x => x.AutomationId);
        });
        modelBuilder.Entity<BatchExecution>(b =>
        {
            b.ToTable("batch_executions");
            b.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId);
        });
        modelBuilder.Entity<ItemExecution>(b =>
        {
            b.ToTable("item_executions");
            b.Property(x => x.Status).HasConversion(LowerCase<ExecutionStatus>()).HasMaxLength(20);
            b.Property(x => x.LeaseOwner).HasMaxLength(100);
            Json(b.Property(x => x.Payload));
            Json(b.Property(x => x.ResultPayload));
            b.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId);
        });
        modelBuilder.Entity<ItemStateHistory>(b =>
        {
            b.ToTable("item_state_history");
            b.Property(x => x.FromStatus).HasConversion(LowerCase<ExecutionStatus>()).HasMaxLength(20);
            b.Property(x => x.ToStatus).HasConversion(LowerCase<ExecutionStatus>()).HasMaxLength(20);
            b.Property(x => x.Reason).HasMaxLength(2000);
            b.Property(x => x.Worker).HasMaxLength(100);
        });

        modelBuilder.Entity<Engine>(b =>
        {
            b.ToTable("engines");
            b.Property(x => x.Name).HasMaxLength(Names.MaxNameLength);
            b.Property(x => x.Type).HasMaxLength(20);
            b.Property(x => x.Description).HasMaxLength(2000);
            b.Property(x => x.BaseUrl).HasMaxLength(2000);
            Json(b.Property(x => x.Config));
        });
        modelBuilder.Entity<OrchestrationInstance>(b =>
        {
            b.ToTable("orchestration_instances");
            b.Property(x => x.ExternalId).HasMaxLength(200);
            b.Property(x => x.Status).HasConversion(LowerCase<ExecutionStatus>()).HasMaxLength(20);
            b.Property(x => x.CallbackTokenHash).HasMaxLength(64);
            Json(b.Property(x => x.Metadata));
            b.HasOne<Engine>().WithMany().HasForeignKey(x => x.EngineId);
        });
        modelBuilder.Entity<RunOrchestration>(b =>
        {
            b.ToTable("run_orchestrations");
            b.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId);
            b.HasOne<OrchestrationInstance>().WithMany().HasForeignKey(x => x.OrchestrationInstanceId);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
                if (IsSqlite && property.ClrType == typeof(DateTime))
                    property.SetValueConverter(UtcOnRead);
                if (IsSqlite && property.ClrType == typeof(DateTime?))
                    property.SetValueConverter(NullableUtcOnRead);
            }
            if (typeof(Aggregate).IsAssignableFrom(entity.ClrType))
            {
                entity.FindProperty(nameof(Aggregate.Version))!.IsConcurrencyToken = true;
                entity.SetQueryFilter(ActiveOnly(entity.ClrType));
            }
        }
    }

    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public async Task SaveChangesInBulkAsync(IReadOnlyList<IReadOnlyList<Entity>> inserts, Func<CancellationToken, Task>? alsoInTransaction, CancellationToken ct)
    {
        // A few rows go with the other changes in EF's one batch: fewer round trips than a transaction around a COPY.
        if (inserts.Sum(rows => rows.Count) <= 100 && alsoInTransaction is null)
        {
            foreach (var rows in inserts) AddRange(rows);
            await SaveChangesAsync(ct);
            return;
        }
        await using var transaction = await Database.BeginTransactionAsync(ct);
        await SaveChangesAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var rows in inserts.Where(r => r.Count > 0))
        {
            foreach (var row in rows)
            {
                row.CreatedAt = row.UpdatedAt = now;
                row.CreatedBy = row.UpdatedBy = caller.UserId;
            }
            var entity = Model.FindEntityType(rows[0].GetType()) ?? throw new InvalidOperationException($"{rows[0].GetType().Name} is not in the model.");
            var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(), Mapping: p.GetRelationalTypeMapping())).ToList();
            if (IsSqlite) await InsertOnSqliteAsync(entity.GetTableName()!, columns, rows, ct);
            else await CopyToPostgresAsync(entity.GetTableName()!, columns, rows, ct);
        }
        if (alsoInTransaction is not null) await alsoInTransaction(ct);
        await transaction.CommitAsync(ct);
    }

    private static object? ProviderValue(IProperty property, RelationalTypeMapping mapping, Entity row)
    {
        var value = property.PropertyInfo!.GetValue(row);
        var converter = property.GetValueConverter() ?? mapping.Converter;
        return value is null || converter is null ? value : converter.ConvertToProvider(value);
    }

    private async Task CopyToPostgresAsync(
        string table, List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, IReadOnlyList<Entity> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)Database.GetDbConnection();
        var types = columns.Select(c => CopyType(c.Mapping.StoreType)).ToArray();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Column))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = ProviderValue(columns[i].Property, columns[i].Mapping, row);
                if (value is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(value, types[i], ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static NpgsqlDbType CopyType(string storeType) => storeType switch
    {
        "uuid" => NpgsqlDbType.Uuid,
        "jsonb" => NpgsqlDbType.Jsonb,
        "boolean" => NpgsqlDbType.Boolean,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "bytea" => NpgsqlDbType.Bytea,
        "text" => NpgsqlDbType.Text,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        _ when storeType.StartsWith("character varying", StringComparison.Ordinal) => NpgsqlDbType.Varchar,
        _ => throw new InvalidOperationException($"No COPY type for the column type '{storeType}'."),
    };

    /// <summary>One prepared INSERT, executed per row in the transaction: SQLite runs in process, so rows cost no round trip.</summary>
    private async Task InsertOnSqliteAsync(
        string table, List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, IReadOnlyList<Entity> rows, CancellationToken ct)
    {
        await using var command = Database.GetDbConnection().CreateCommand();
        command.Transaction = Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
                parameters[i].Value = SqliteValues.Stored(ProviderValue(columns[i].Property, columns[i].Mapping, row)) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Fills audit fields from the caller, bumps versions, and turns deletes of aggregates into soft deletes.</summary>
    private void Stamp()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries<Entity>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.CreatedAt = entry.Entity.UpdatedAt = now;
                    entry.Entity.CreatedBy = entry.Entity.UpdatedBy = caller.UserId;
                    break;
                case EntityState.Deleted when entry.Entity is Aggregate aggregate:
                    entry.State = EntityState.Modified;
                    aggregate.IsActive = false;
                    aggregate.DeletedAt = now;
                    goto case EntityState.Modified;
                case EntityState.Modified:
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.UpdatedBy = caller.UserId;
                    if (entry.Entity is Aggregate versioned)
                        versioned.Version = (int)entry.Property(nameof(Aggregate.Version)).OriginalValue! + 1;
                    break;
            }
        }
    }

    /// <summary>JSON documents: jsonb on PostgreSQL (queryable, compact), text on SQLite.</summary>
    private void Json<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<T> property)
    {
        if (!IsSqlite) property.HasColumnType("jsonb");
    }

    private static LambdaExpression ActiveOnly(Type type)
    {
        var parameter = Expression.Parameter(type, "e");
        return Expression.Lambda(Expression.Property(parameter, nameof(Aggregate.IsActive)), parameter);
    }

    private static ValueConverter<TEnum, string> LowerCase<TEnum>() where TEnum : struct, Enum =>
        new(v => v.ToString().ToLowerInvariant(), v => Enum.Parse<TEnum>(v, true));

    // SQLite keeps no time zone: everything stored is UTC, so mark it UTC when read back.
    private static readonly ValueConverter<DateTime, DateTime> UtcOnRead =
        new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtcOnRead =
        new(v => v, v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
