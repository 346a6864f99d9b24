using Microsoft.Extensions.Options;
using Symphony.Server.Hosting;

// Verbs: none (serve), "migrate" (apply migrations and exit), "rotate-keys [--resume]" (re-wrap every secret).
var verb = args.FirstOrDefault() is { } first && !first.StartsWith('-') ? first : null;
WebApplicationBuilder? builder = null;
try
{
    // Content (settings, pages) is read from the build output, whatever folder the server is started from;
    // the data directory stays relative to the working folder.
    builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = verb is null ? args : args[1..].Where(a => a != "--resume").ToArray(),
        ContentRootPath = AppContext.BaseDirectory,
    });
    builder.AddSymphony();
    var app = builder.Build();
    // Every setting is checked before anything is touched: a bad one stops start-up naming it.
    app.Services.GetService<IStartupValidator>()?.Validate();

    switch (verb)
    {
        case null:
            break;
        case "migrate":
            return await app.MigrateAndExitAsync();
        case "rotate-keys":
            return await app.RotateKeysAndExitAsync(resume: args.Contains("--resume", StringComparer.Ordinal));
        default:
            Console.Error.WriteLine($"Unknown command '{verb}'. Commands: migrate, rotate-keys.");
            return 2;
    }

    app.UseSymphony();
    if (!app.ReadSchedulerFile()) return 1;
    if (StartupFailure.PortTaken(app) is { } taken)
    {
        Console.Error.WriteLine(StartupFailure.Prefix + taken);
        return 1;
    }
    await app.PrepareDatabaseAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.Lines(e, builder?.Configuration) is { Count: > 0 } lines)
{
    foreach (var line in lines) Console.Error.WriteLine(StartupFailure.Prefix + line);
    return 1;
}

/// <summary>Visible to the test host.</summary>
public partial class Program;
