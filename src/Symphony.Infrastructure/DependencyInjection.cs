using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Infrastructure.Identity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SymphonyOptions>(configuration.GetSection(SymphonyOptions.Section));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));

        services.AddDbContext<SymphonyDbContext>((provider, options) =>
            Configure(options, provider.GetRequiredService<IOptions<DatabaseOptions>>().Value,
                provider.GetRequiredService<IOptions<SymphonyOptions>>().Value));
        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<SymphonyDbContext>());
        services.AddScoped<DatabaseInitializer>();

        services.AddSingleton<IPasswordHasher>(new Pbkdf2PasswordHasher(
            configuration.GetValue("Symphony:Auth:PasswordIterations", Pbkdf2PasswordHasher.DefaultIterations)));
        services.AddSingleton(provider => SigningKey.From(
            provider.GetRequiredService<IOptions<AuthOptions>>().Value,
            provider.GetRequiredService<IOptions<SymphonyOptions>>().Value.DataDirectory));
        services.AddSingleton<JwtAccessTokens>();
        services.AddSingleton<IAccessTokenIssuer>(provider => provider.GetRequiredService<JwtAccessTokens>());
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database, SymphonyOptions symphony)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(database.ConnectionString
                    ?? throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL."));
                break;
            default:
                var connection = database.ConnectionString;
                if (string.IsNullOrEmpty(connection))
                {
                    Directory.CreateDirectory(symphony.DataDirectory);
                    connection = $"Data Source={Path.Combine(symphony.DataDirectory, "symphony.db")}";
                }
                options.UseSqlite(connection);
                break;
        }
        // Migrations are written by hand (the EF design-time package does not restore here), so
        // there is no model snapshot to compare with; a test compares the migrated schema with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}
