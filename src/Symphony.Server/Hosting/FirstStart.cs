using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Symphony.Application.Credentials;
using Symphony.Application.Scheduler;
using Symphony.Application.Vaults;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Scheduler;
using Symphony.Infrastructure.Vaults;

namespace Symphony.Server.Hosting;

/// <summary>Migrations at start-up, the first admin and workspace, and the banner that tells the user where to sign in.</summary>
public static class FirstStart
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
            await initializer.MigrateAsync(CancellationToken.None);

        var username = app.Configuration["Symphony:Admin:Username"] ?? "admin";
        var password = Environment.GetEnvironmentVariable(DatabaseInitializer.AdminPasswordVariable) ?? app.Configuration["Symphony:Admin:Password"];
        var result = await initializer.SeedAsync(username, password, CancellationToken.None);
        // The master key ring is made now (its key file created on first start), not at the first secret.
        app.Services.GetRequiredService<ISecretProtector>();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // The bound addresses, so a port chosen by the system (":0") is shown as the real one.
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? app.Urls.FirstOrDefault() ?? "http://localhost:5080";
            Console.WriteLine();
            Console.WriteLine($"  Symphony is running at {url}");
            Console.WriteLine($"  API docs: {url}/api/docs   Health: {url}/health/ready");
            if (result.CreatedAdmin is not null && result.GeneratedPassword is not null)
            {
                Console.WriteLine($"  First start: sign in as '{result.CreatedAdmin}' with password: {result.GeneratedPassword}");
                Console.WriteLine("  This password is shown once. Change it after signing in.");
            }
            else if (result.CreatedAdmin is not null)
                Console.WriteLine($"  First start: sign in as '{result.CreatedAdmin}' with the password from {DatabaseInitializer.AdminPasswordVariable}.");
            Console.WriteLine();
        });
    }

    /// <summary>Reads the scheduler file before anything starts: a mistake in it stops start-up with its line, not a job at 01:00.</summary>
    public static bool ReadSchedulerFile(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<BuiltInJobs>();
            return true;
        }
        catch (SchedulerFileException e)
        {
            Console.Error.WriteLine(StartupFailure.Prefix + e.Message);
            return false;
        }
    }

    /// <summary>The "migrate" verb: apply pending migrations and exit.</summary>
    public static async Task<int> MigrateAndExitAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        Console.WriteLine("Migrations applied.");
        return 0;
    }

    /// <summary>
    /// The "rotate-keys" verb: with key files, a new master key becomes active; then every secret's data key is
    /// re-wrapped with the active key. "--resume" re-wraps without making a new key (after an interruption, or
    /// after changing Symphony:Secrets:ActiveKeyId). Old keys stay: remove them only once this has finished.
    /// </summary>
    public static async Task<int> RotateKeysAndExitAsync(this WebApplication app, bool resume)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        var secrets = app.Services.GetRequiredService<IOptions<SecretsOptions>>().Value;
        if (!resume && secrets.MasterKeys.Count == 0)
        {
            var id = MasterKeyRing.AddKeyFile(app.Services.GetRequiredService<IOptions<SymphonyOptions>>().Value.DataDirectory);
            Console.WriteLine($"New master key {id} created.");
        }
        var protector = app.Services.GetRequiredService<ISecretProtector>();
        var count = await scope.ServiceProvider.GetRequiredService<RotateMasterKeysHandler>().HandleAsync(null, CancellationToken.None);
        Console.WriteLine($"{count} secret(s) re-wrapped with master key {protector.ActiveKeyId}.");
        return 0;
    }
}
