using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Persistence;

/// <summary>The platform database, and the messages between the nodes that share it.</summary>
public static class PersistenceServices
{
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<SymphonyOptions>(configuration, SymphonyOptions.Section, (o, r) =>
        {
            r.Require(!string.IsNullOrWhiteSpace(o.DataDirectory), nameof(o.DataDirectory), "is empty (a folder, such as ./data).");
            r.HttpUrl(o.PublicUrl, nameof(o.PublicUrl));
        });
        services.AddCheckedSettings<DatabaseOptions>(configuration, DatabaseOptions.Section, (o, r) =>
            r.Require(o.Provider != DatabaseProvider.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString), nameof(o.ConnectionString),
                "is required with Provider PostgreSql (an Npgsql connection string, such as Host=db;Database=symphony;Username=symphony;Password=...)."));

        // Options are built once (singleton) and PostgreSQL connections come from one data source:
        // rebuilding either per request cost about 0.6 ms a query (bench/api-load.sh).
        services.AddSingleton(provider => DatabaseSetup.DataSourceFor(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddDbContext<SymphonyDbContext>((provider, options) =>
            DatabaseSetup.Configure(options, provider.GetRequiredService<IOptions<DatabaseOptions>>().Value,
                provider.GetRequiredService<IOptions<SymphonyOptions>>().Value,
                provider.GetRequiredService<PostgresDataSource>().Value),
            contextLifetime: ServiceLifetime.Scoped, optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<SymphonyDbContext>());
        services.AddScoped<DatabaseInitializer>();

        // Messages between nodes (sessions revoked, work queued): LISTEN/NOTIFY on PostgreSQL.
        services.AddSingleton<NodeMessages>();
        services.AddSingleton<INodeMessages>(provider => provider.GetRequiredService<NodeMessages>());
        services.AddHostedService<PostgresNodeListener>();
        return services;
    }
}
