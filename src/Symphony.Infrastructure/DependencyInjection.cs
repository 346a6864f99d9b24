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
using Symphony.Infrastructure.Identity;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Vaults;

namespace Symphony.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SymphonyOptions>(configuration.GetSection(SymphonyOptions.Section));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));

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
        services.Configure<SecretsOptions>(configuration.GetSection(SecretsOptions.Section));
        services.AddSingleton(provider => MasterKeyRing.From(
            provider.GetRequiredService<IOptions<SecretsOptions>>().Value,
            provider.GetRequiredService<IOptions<SymphonyOptions>>().Value.DataDirectory));
        services.AddSingleton<ISecretProtector, EnvelopeEncryption>();
        services.Configure<TargetOptions>(configuration.GetSection(TargetOptions.Section));
        services.AddOptions<Application.Retention.RetentionOptions>().Bind(configuration.GetSection(Application.Retention.RetentionOptions.Section))
            .Validate(r => new[] { r.RunsDays, r.FiringsDays, r.CapacityDays, r.AuditDays, r.OrchestrationDays, r.AccountChangesDays ?? 1 }.All(d => d >= 1) && r.BatchSize >= 1,
                "Symphony:Retention: every age is at least 1 day and BatchSize at least 1.")
            .ValidateOnStart();
        var targets = configuration.GetSection(TargetOptions.Section).Get<TargetOptions>() ?? new TargetOptions();
        // One bound on targets at once for the node, whatever their engines; it lives as long as the process.
        var nodeTargets = new SemaphoreSlim(targets.MaxConcurrentTargets);
        services.AddSingleton<IDatabaseDriver>(new Fleet.ResilientDriver(new Fleet.PostgresDriver(targets.AllowCleartextPassword), targets, nodeTargets));
        services.AddSingleton<IDatabaseDriver>(new Fleet.ResilientDriver(new Fleet.MySqlDriver(), targets, nodeTargets));

        services.Configure<Runs.WorkerOptions>(configuration.GetSection(Runs.WorkerOptions.Section));
        services.AddSingleton<IRunQueue>(provider => new Runs.RunQueue(provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            isSingleNode: provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite));
        // The host waits for the worker's shutdown grace, and a little more for it to release and record what is left.
        var grace = configuration.GetSection(Runs.WorkerOptions.Section).Get<Runs.WorkerOptions>()?.ShutdownGrace ?? new Runs.WorkerOptions().ShutdownGrace;
        services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = grace + TimeSpan.FromSeconds(15));
        services.AddSingleton<Runs.QueueSignal>();
        services.AddSingleton<IQueueSignal>(provider => provider.GetRequiredService<Runs.QueueSignal>());
        services.AddHostedService<Runs.RunWorker>();
        // One client for every outgoing call (items, engines), through the egress policy.
        services.Configure<EgressOptions>(configuration.GetSection(EgressOptions.Section));
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
        services.AddOptions<Application.Alerts.AlertOptions>().Bind(configuration.GetSection(Application.Alerts.AlertOptions.Section))
            .Validate(a => a.DispatchInterval > TimeSpan.Zero && a.MaxAttempts is >= 1 and <= 20 && a.RetryDelaySeconds >= 0,
                "Symphony:Alerts: DispatchInterval above zero, MaxAttempts 1 to 20, RetryDelaySeconds at least 0.")
            .ValidateOnStart();
        services.AddSingleton<IItemExecutor>(provider => new Alerts.WebhookExecutor(provider.GetRequiredService<IServiceScopeFactory>(),
            Http.EgressHttpClient.Create(provider.GetRequiredService<EgressPolicy>(), followRedirects: false), provider.GetRequiredService<ISecretProtector>()));
        services.AddHostedService<Alerts.AlertDispatcherHost>();
        services.AddSingleton<IAccessTokenIssuer>(provider => provider.GetRequiredService<JwtAccessTokens>());

        // Monthly partitions of the largest tables on PostgreSQL; plain tables on SQLite.
        services.AddSingleton<Application.Retention.IPartitionStore>(provider =>
            provider.GetRequiredService<PostgresDataSource>().Value is { } source ? new Retention.PostgresPartitionStore(source) : new Retention.PlainTables());
        services.AddHealthChecks().AddCheck<Retention.PartitionHealthCheck>("partitions", tags: ["ready"]);

        // The scheduler: Quartz.NET's job store in the platform database, the built-in jobs of the scheduler file.
        services.AddOptions<Scheduler.SchedulerOptions>().Bind(configuration.GetSection(Scheduler.SchedulerOptions.Section))
            .Validate(s => s.Threads >= 1 && s.CheckinInterval > TimeSpan.Zero && s.MisfireThreshold > TimeSpan.Zero && s.SyncInterval > TimeSpan.Zero
                && s.IdleWait > TimeSpan.Zero && !string.IsNullOrWhiteSpace(s.Name), "Symphony:Scheduler: Threads at least 1, every interval above zero, a Name.")
            .ValidateOnStart();
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
    public static PostgresDataSource DataSourceFor(DatabaseOptions database)
    {
        if (database.Provider != DatabaseProvider.PostgreSql) return new PostgresDataSource(null);
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString
            ?? throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL."));
        // Prepared statements for the hot queries, unless the connection string says otherwise.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        return new PostgresDataSource(builder.Build());
    }

    /// <summary>The platform database's connection string; with SQLite and none set, a file symphony.db in the data directory.</summary>
    public static string ConnectionStringFor(DatabaseOptions database, SymphonyOptions symphony)
    {
        if (!string.IsNullOrEmpty(database.ConnectionString)) return database.ConnectionString;
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
            .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
    }
}

/// <summary>The process's PostgreSQL data source, disposed with the host; null on SQLite.</summary>
public sealed class PostgresDataSource(NpgsqlDataSource? value) : IDisposable
{
    public NpgsqlDataSource? Value { get; } = value;

    public void Dispose() => Value?.Dispose();
}
