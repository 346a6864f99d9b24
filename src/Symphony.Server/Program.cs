using Symphony.Server.Hosting;

// Verbs: none (serve), "migrate" (apply migrations and exit).
var verb = args.FirstOrDefault() is { } first && !first.StartsWith('-') ? first : null;
// Content (settings, pages) is read from the build output, whatever folder the server is started from;
// the data directory stays relative to the working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = verb is null ? args : args[1..],
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddSymphony();
var app = builder.Build();

switch (verb)
{
    case null:
        break;
    case "migrate":
        return await app.MigrateAndExitAsync();
    default:
        Console.Error.WriteLine($"Unknown command '{verb}'. Commands: migrate.");
        return 2;
}

app.UseSymphony();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to the test host.</summary>
public partial class Program;
