using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Http;

/// <summary>One client for every outgoing call (items, engines, webhooks), through the egress policy.</summary>
public static class EgressServices
{
    public static IServiceCollection AddEgress(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<EgressOptions>(configuration, EgressOptions.Section, (o, r) =>
        {
            r.Require(o.AllowedHosts.All(h => !string.IsNullOrWhiteSpace(h)), nameof(o.AllowedHosts), "holds an empty entry (host names, such as hooks.example.com).");
            r.Networks(o.AllowedNetworks, nameof(o.AllowedNetworks));
        });
        services.AddSingleton<EgressPolicy>();
        services.AddSingleton(provider => EgressHttpClient.Create(provider.GetRequiredService<EgressPolicy>()));
        return services;
    }
}
