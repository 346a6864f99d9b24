using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Capacity;

namespace Symphony.Infrastructure.Capacity;

/// <summary>The aggregation of daily sizes, in the store's own SQL.</summary>
public static class CapacityServices
{
    public static IServiceCollection AddCapacity(this IServiceCollection services) =>
        services.AddSingleton<ICapacityAggregator, CapacityAggregator>();
}
