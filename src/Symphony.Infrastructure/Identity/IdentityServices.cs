using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Identity;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Identity;

/// <summary>Passwords, the token signing key, access tokens and the memory of failed sign-ins.</summary>
public static class IdentityServices
{
    public static IServiceCollection AddIdentity(this IServiceCollection services, IConfiguration configuration)
    {
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
        services.AddSingleton<IPasswordHasher>(new Pbkdf2PasswordHasher(
            configuration.GetValue("Symphony:Auth:PasswordIterations", Pbkdf2PasswordHasher.DefaultIterations)));
        services.AddSingleton(provider => SigningKey.From(
            provider.GetRequiredService<IOptions<AuthOptions>>().Value,
            provider.GetRequiredService<IOptions<SymphonyOptions>>().Value.DataDirectory));
        services.AddSingleton<JwtAccessTokens>();
        services.AddSingleton<IAccessTokenIssuer>(provider => provider.GetRequiredService<JwtAccessTokens>());
        services.AddScoped<ISignInFailureStore, SignInFailureStore>();
        // A session revoked or a user changed is told to every node before the save returns.
        services.AddSingleton<ISaveNotice, SessionNotice>();
        return services;
    }
}
