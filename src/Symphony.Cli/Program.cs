using Spectre.Console;
using Symphony.Cli;

// Piped or captured output is not wrapped at 80 columns: tables stay one line per row for grep and logs.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;
return await Cli.Build().Parse(args).InvokeAsync();
