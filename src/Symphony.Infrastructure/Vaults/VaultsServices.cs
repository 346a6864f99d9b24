using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Vaults;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Vaults;

/// <summary>The master keys and the envelope encryption of every stored secret.</summary>
public static class VaultsServices
{
    public static IServiceCollection AddVaults(this IServiceCollection services, IConfiguration configuration)
    {
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
        return services;
    }
}
