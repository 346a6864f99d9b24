using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Retention;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Retention;

/// <summary>Retention's ages and pace, and the monthly partitions of the largest tables (PostgreSQL; plain tables on SQLite).</summary>
public static class RetentionServices
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<RetentionOptions>(configuration, RetentionOptions.Section, (o, r) =>
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
        services.AddSingleton<IPartitionStore>(provider =>
            provider.GetRequiredService<PostgresDataSource>().Value is { } source ? new PostgresPartitionStore(source) : new PlainTables());
        services.AddHealthChecks().AddCheck<PartitionHealthCheck>("partitions", tags: ["ready"]);
        return services;
    }

    /// <summary>The partition warnings as a gauge, read from the store (when metrics are exported).</summary>
    public static IServiceCollection AddPartitionGauges(this IServiceCollection services) => services.AddHostedService<PartitionGauges>();
}
