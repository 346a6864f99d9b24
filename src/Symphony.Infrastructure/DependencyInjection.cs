using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Identity;
using Symphony.Application.Orchestration;
using Symphony.Application.Runs;
using Symphony.Application.Vaults;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Identity;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Vaults;

namespace Symphony.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // Every section's rules are checked when the server starts (Common/SettingRules.cs).
        services.AddCheckedSettings<SymphonyOptions>(configuration, SymphonyOptions.Section, (o, r) =>
        {
            r.Require(!string.IsNullOrWhiteSpace(o.DataDirectory), nameof(o.DataDirectory), "is empty (a folder, such as ./data).");
            r.HttpUrl(o.PublicUrl, nameof(o.PublicUrl));
        });
        services.AddCheckedSettings<DatabaseOptions>(configuration, DatabaseOptions.Section, (o, r) =>
            r.Require(o.Provider != DatabaseProvider.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString), nameof(o.ConnectionString),
                "is required with Provider PostgreSql (an Npgsql connection string, such as Host=db;Database=symphony;Username=symphony;Password=...)."));
        services.AddCheckedSettings<AuthOptions>(configuration, AuthOptions.Section, (o, r) =>
        {
            r.Positive(o.AccessTokenLifetime, nameof(o.AccessTokenLifetime));
            r.Positive(o.RefreshTokenLifetime, nameof(o.RefreshTokenLifetime));
            r.Positive(o.WebSessionLifetime, nameof(o.WebSessionLifetime));
            r.AtLeast(o.FreeFailuresPerAccountAndAddress, 1, nameof(o.FreeFailuresPerAccountAndAddress));
            r.AtLeast(o.FreeFailuresPerAddress, 1, nameof(o.FreeFailuresPerAddress));
            r.AtLeast(o.FreeFailuresPerAccount, 1, nameof(o.FreeFailuresPerAccount));
            r.Positive(o.MaxSignInDelay, nameof(o.MaxSignInDelay));
            r.Positive(o.MaxAccountSignInDelay, nameof(o.MaxAccountSignInDelay));
            r.Positive(o.SignInFailureMemory, nameof(o.SignInFailureMemory));
            r.Base64Key(o.SigningKey, 32, nameof(o.SigningKey));
        });

        // Options are built once (singleton) and PostgreSQL connections come from one data source:
        // rebuilding either per request cost about 0.6 ms a query (bench/api-load.sh).
        services.AddSingleton(provider => DataSourceFor(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddDbContext<SymphonyDbContext>((provider, options) =>
            Configure(options, provider.GetRequiredService<IOptions<DatabaseOptions>>().Value,
                provider.GetRequiredService<IOptions<SymphonyOptions>>().Value,
                provider.GetRequiredService<PostgresDataSource>().Value),
            contextLifetime: ServiceLifetime.Scoped, optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<SymphonyDbContext>());
        services.AddScoped<DatabaseInitializer>();

        services.AddSingleton<IPasswordHasher>(new Pbkdf2PasswordHasher(
            configuration.GetValue("Symphony:Auth:PasswordIterations", Pbkdf2PasswordHasher.DefaultIterations)));
        services.AddSingleton(provider => SigningKey.From(
            provider.GetRequiredService<IOptions<AuthOptions>>().Value,
            provider.GetRequiredService<IOptions<SymphonyOptions>>().Value.DataDirectory));
        services.AddSingleton<JwtAccessTokens>();
        services.AddScoped<ISignInFailureStore, SignInFailureStore>();
        services.AddCheckedSettings<SecretsOptions>(configuration, SecretsOptions.Section, (o, r) =>
        {
            foreach (var (id, key) in o.MasterKeys) r.Base64Key(key, MasterKeyRing.KeyLength, $"{nameof(o.MasterKeys)}:{id}", optional: false);
            r.Require(o.MasterKeys.Count == 0 || o.ActiveKeyId is { } active && o.MasterKeys.ContainsKey(active), nameof(o.ActiveKeyId),
                $"'{o.ActiveKeyId}' is not one of the MasterKeys ({string.Join(", ", o.MasterKeys.Keys)}).");
        });
        services.AddSingleton(provider => MasterKeyRing.From(
            provider.GetRequiredService<IOptions<SecretsOptions>>().Value,
            provider.GetRequiredService<IOptions<SymphonyOptions>>().Value.DataDirectory));
        services.AddSingleton<ISecretProtector, EnvelopeEncryption>();
        services.AddCheckedSettings<TargetOptions>(configuration, TargetOptions.Section, (o, r) =>
        {
            r.AtLeast(o.MaxConcurrentTargets, 1, nameof(o.MaxConcurrentTargets));
            r.AtLeast(o.MaxConnectionsPerTarget, 1, nameof(o.MaxConnectionsPerTarget));
            r.Between(o.Retries, 0, 10, nameof(o.Retries));
            r.Positive(o.RetryDelay, nameof(o.RetryDelay));
            // The circuit breaker counts at least two calls and breaks for half a second at least.
            r.AtLeast(o.FailuresToBreak, 2, nameof(o.FailuresToBreak));
            r.Require(o.BreakDuration >= TimeSpan.FromMilliseconds(500), nameof(o.BreakDuration), $"'{o.BreakDuration}' is under half a second (a time span such as 00:00:30).");
            r.Networks(o.AllowedNetworks, nameof(o.AllowedNetworks));
            r.PemCertificates(o.CaBundle, nameof(o.CaBundle));
        });
        services.AddCheckedSettings<Application.Classifications.ClassificationOptions>(configuration, Application.Classifications.ClassificationOptions.Section, (o, r) =>
        {
            r.Positive(o.PreviewBudget, nameof(o.PreviewBudget));
            r.Positive(o.PassBudget, nameof(o.PassBudget));
            r.AtLeast(o.PreviewsPerMinute, 1, nameof(o.PreviewsPerMinute));
            r.AtLeast(o.ConcurrentPreviews, 1, nameof(o.ConcurrentPreviews));
        });
        services.AddCheckedSettings<Application.Workspaces.WorkspaceOptions>(configuration, Application.Workspaces.WorkspaceOptions.Section, (o, r) =>
            r.AtLeast(o.MaxCreatedPerUser, 1, nameof(o.MaxCreatedPerUser)));
        services.AddCheckedSettings<Application.Retention.RetentionOptions>(configuration, Application.Retention.RetentionOptions.Section, (o, r) =>
        {
            r.AtLeast(o.RunsDays, 1, nameof(o.RunsDays));
            r.AtLeast(o.FiringsDays, 1, nameof(o.FiringsDays));
            r.AtLeast(o.CapacityDays, 1, nameof(o.CapacityDays));
            r.AtLeast(o.AuditDays, 1, nameof(o.AuditDays));
            r.AtLeast(o.OrchestrationDays, 1, nameof(o.OrchestrationDays));
            if (o.AccountChangesDays is { } days) r.AtLeast(days, 1, nameof(o.AccountChangesDays));
            r.AtLeast(o.BatchSize, 1, nameof(o.BatchSize));
            r.Require(o.PauseBetweenBatches >= TimeSpan.Zero, nameof(o.PauseBetweenBatches), $"'{o.PauseBetweenBatches}' is negative (a time span such as 00:00:00.020).");
        });
        // One bound on targets at once for the node, whatever their engines (the container disposes it).
        services.AddKeyedSingleton(NodeTargetsKey, (provider, _) => new SemaphoreSlim(provider.GetRequiredService<IOptions<TargetOptions>>().Value.MaxConcurrentTargets));
        // One TLS rule for every engine: the trusted authorities, and who may be sent the password itself.
        services.AddSingleton(provider => Fleet.TargetTls.From(provider.GetRequiredService<IOptions<TargetOptions>>().Value));
        services.AddSingleton<IDatabaseDriver>(provider => Resilient(provider, tls => new Fleet.PostgresDriver(tls)));
        services.AddSingleton<IDatabaseDriver>(provider => Resilient(provider, tls => new Fleet.MySqlDriver(tls)));

        services.AddCheckedSettings<Runs.WorkerOptions>(configuration, Runs.WorkerOptions.Section, (o, r) =>
        {
            r.AtLeast(o.Parallelism, 1, nameof(o.Parallelism));
            r.AtLeast(o.BatchSize, 1, nameof(o.BatchSize));
            r.Positive(o.Lease, nameof(o.Lease));
            r.Require(o.ShutdownGrace >= TimeSpan.Zero, nameof(o.ShutdownGrace), $"'{o.ShutdownGrace}' is negative (a time span such as 00:00:10).");
            r.Positive(o.PollInterval, nameof(o.PollInterval));
            r.Require(o.IdlePollInterval >= o.PollInterval, nameof(o.IdlePollInterval), $"'{o.IdlePollInterval}' is shorter than PollInterval '{o.PollInterval}' (a time span such as 00:00:05).");
            r.Positive(o.ReapInterval, nameof(o.ReapInterval));
        });
        services.AddSingleton<IRunQueue>(provider => new Runs.RunQueue(provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            isSingleNode: provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite));
        // The host waits for the worker's shutdown grace, and a little more for it to release and record what is left.
        services.AddOptions<Microsoft.Extensions.Hosting.HostOptions>().Configure<IOptions<Runs.WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.ShutdownGrace + TimeSpan.FromSeconds(15));
        // Messages between nodes (sessions revoked, work queued): LISTEN/NOTIFY on PostgreSQL.
        services.AddSingleton<NodeMessages>();
        services.AddSingleton<INodeMessages>(provider => provider.GetRequiredService<NodeMessages>());
        services.AddHostedService<PostgresNodeListener>();
        services.AddSingleton<Runs.QueueSignal>();
        services.AddSingleton<IQueueSignal>(provider => provider.GetRequiredService<Runs.QueueSignal>());
        services.AddHostedService<Runs.RunWorker>();
        // One client for every outgoing call (items, engines), through the egress policy.
        services.AddCheckedSettings<EgressOptions>(configuration, EgressOptions.Section, (o, r) =>
        {
            r.Require(o.AllowedHosts.All(h => !string.IsNullOrWhiteSpace(h)), nameof(o.AllowedHosts), "holds an empty entry (host names, such as hooks.example.com).");
            r.Networks(o.AllowedNetworks, nameof(o.AllowedNetworks));
        });
        services.AddSingleton<Application.Capacity.ICapacityAggregator, Capacity.CapacityAggregator>();
        services.AddSingleton<EgressPolicy>();
        services.AddSingleton(provider => Http.EgressHttpClient.Create(provider.GetRequiredService<EgressPolicy>()));
        services.AddSingleton<IItemExecutor, Automations.HttpExecutor>();
        services.AddSingleton<Orchestration.EngineHttp>();
        services.AddSingleton<IEngineAdapter, Orchestration.HttpEngineAdapter>();
        services.AddSingleton<IEngineAdapter, Orchestration.JenkinsAdapter>();
        services.AddSingleton<IEngineAdapter, Orchestration.ArgoAdapter>();
        services.AddSingleton<IItemExecutor, Orchestration.EngineExecutor>();
        // Alerts: events to webhooks, delivered as runs of each workspace's built-in delivery automation.
        services.AddCheckedSettings<Application.Alerts.AlertOptions>(configuration, Application.Alerts.AlertOptions.Section, (o, r) =>
        {
            r.Positive(o.DispatchInterval, nameof(o.DispatchInterval));
            r.Between(o.MaxAttempts, 1, 20, nameof(o.MaxAttempts));
            r.AtLeast(o.RetryDelaySeconds, 0, nameof(o.RetryDelaySeconds));
        });
        services.AddSingleton<IItemExecutor>(provider => new Alerts.WebhookExecutor(provider.GetRequiredService<IServiceScopeFactory>(),
            Http.EgressHttpClient.Create(provider.GetRequiredService<EgressPolicy>(), followRedirects: false), provider.GetRequiredService<ISecretProtector>()));
        services.AddHostedService<Alerts.AlertDispatcherHost>();
        services.AddSingleton<IAccessTokenIssuer>(provider => provider.GetRequiredService<JwtAccessTokens>());

        // Monthly partitions of the largest tables on PostgreSQL; plain tables on SQLite.
        services.AddSingleton<Application.Retention.IPartitionStore>(provider =>
            provider.GetRequiredService<PostgresDataSource>().Value is { } source ? new Retention.PostgresPartitionStore(source) : new Retention.PlainTables());
        services.AddHealthChecks().AddCheck<Retention.PartitionHealthCheck>("partitions", tags: ["ready"]);

        // The scheduler: Quartz.NET's job store in the platform database, the built-in jobs of the scheduler file.
        services.AddCheckedSettings<Scheduler.SchedulerOptions>(configuration, Scheduler.SchedulerOptions.Section, (o, r) =>
        {
            r.Require(!string.IsNullOrWhiteSpace(o.File), nameof(o.File), "is empty (a YAML file, such as config/scheduler.yaml).");
            r.Require(!string.IsNullOrWhiteSpace(o.Name), nameof(o.Name), "is empty (the cluster's name, such as symphony).");
            r.AtLeast(o.Threads, 1, nameof(o.Threads));
            r.Positive(o.CheckinInterval, nameof(o.CheckinInterval));
            r.Positive(o.MisfireThreshold, nameof(o.MisfireThreshold));
            r.Positive(o.SyncInterval, nameof(o.SyncInterval));
            r.Positive(o.IdleWait, nameof(o.IdleWait));
        });
        services.AddCheckedSettings<Application.Scheduler.JobLimitOptions>(configuration, Application.Scheduler.JobLimitOptions.Section, (o, r) =>
        {
            r.Positive(o.MinimumFleetInterval, nameof(o.MinimumFleetInterval));
            r.Positive(o.MinimumHousekeepingInterval, nameof(o.MinimumHousekeepingInterval));
            r.Positive(o.MinimumCustomInterval, nameof(o.MinimumCustomInterval));
            r.AtLeast(o.MaxJobsPerWorkspace, 10, nameof(o.MaxJobsPerWorkspace));
        });
        services.AddSingleton<Scheduler.SchedulerRuntime>();
        services.AddSingleton<Scheduler.SchedulerFailures>();
        services.AddSingleton<Application.Scheduler.IJobStore, Scheduler.QuartzJobStore>();
        services.AddSingleton(provider => Scheduler.SchedulerFile.Load(Scheduler.SchedulerHost.FilePath(
            provider.GetRequiredService<IOptions<Scheduler.SchedulerOptions>>().Value,
            provider.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().ContentRootPath)));
        services.AddHostedService<Scheduler.SchedulerHost>();
        return services;
    }

    /// <summary>One NpgsqlDataSource (pool, type mapping) per process; none with SQLite.</summary>
    private const string NodeTargetsKey = "symphony.node-targets";

    /// <summary>A driver behind this node's resilience, with the settings checked by then.</summary>
    private static Fleet.ResilientDriver Resilient(IServiceProvider provider, Func<Fleet.TargetTls, IDatabaseDriver> driver)
    {
        var targets = provider.GetRequiredService<IOptions<TargetOptions>>().Value;
        return new Fleet.ResilientDriver(driver(provider.GetRequiredService<Fleet.TargetTls>()), targets,
            provider.GetRequiredKeyedService<SemaphoreSlim>(NodeTargetsKey));
    }

    /// <summary>
    /// With several hosts (a primary and its standbys), what each one is (primary, standby, down) is asked again a
    /// second after it was last known instead of Npgsql's ten, so a promoted standby is taken as the primary at once;
    /// unless the connection string sets Host Recheck Seconds itself.
    /// </summary>
    public static string WithFailoverDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.Host?.Contains(',') != true || given.ContainsKey("Host Recheck Seconds") || given.ContainsKey("HostRecheckSeconds"))
            return connectionString;
        builder.HostRecheckSeconds = 1;
        return builder.ConnectionString;
    }

    public static PostgresDataSource DataSourceFor(DatabaseOptions database)
    {
        if (database.Provider != DatabaseProvider.PostgreSql) return new PostgresDataSource(null);
        var builder = new NpgsqlDataSourceBuilder(WithFailoverDefaults(database.ConnectionString
            ?? throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL.")));
        // Prepared statements for the hot queries, unless the connection string says otherwise.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;

        return new PostgresDataSource(builder.Build());
    }

    /// <summary>The platform database's connection string; with SQLite and none set, a file symphony.db in the data directory.</summary>
    public static string ConnectionStringFor(DatabaseOptions database, SymphonyOptions symphony)
    {
        if (!string.IsNullOrEmpty(database.ConnectionString))
            return database.Provider == DatabaseProvider.PostgreSql ? WithFailoverDefaults(database.ConnectionString) : database.ConnectionString;
        if (database.Provider == DatabaseProvider.PostgreSql)
            throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL.");
        Directory.CreateDirectory(symphony.DataDirectory);
        return $"Data Source={Path.Combine(symphony.DataDirectory, "symphony.db")}";
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database, SymphonyOptions symphony, NpgsqlDataSource? dataSource = null)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                if (dataSource is not null)
                    options.UseNpgsql(dataSource);
                else
                    options.UseNpgsql(database.ConnectionString
                        ?? throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL."));
                break;
            default:
                options.UseSqlite(ConnectionStringFor(database, symphony)).AddInterceptors(SqlitePragmas.Instance);
                break;
        }
        // Migrations are written by hand (the EF design-time package does not restore here), so
        // there is no model snapshot to compare with; a test compares the migrated schema with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)
            // A failed command is the caller's to judge: a unique violation of a lost race, the migrations history
            // table that does not exist yet on a first start, a store that is out. Unexpected ones are logged where
            // they are handled (the problem handler, the worker's loops), once.
            .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (RelationalEventId.ConnectionError, LogLevel.Debug), (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
    }
}

/// <summary>The process's PostgreSQL data source, disposed with the host; null on SQLite.</summary>
public sealed class PostgresDataSource(NpgsqlDataSource? value) : IDisposable
{
    public NpgsqlDataSource? Value { get; } = value;

    public void Dispose() => Value?.Dispose();
}
