using Spectre.Console;
using Symphony.Cli;

// Piped or captured output is not wrapped at 80 columns: tables stay one line per row for grep and logs.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;
var parse = Cli.Build().Parse(args);
if (parse.Errors.Count == 0) return await parse.InvokeAsync();
// A wrong command line is said in one line per mistake, with its own exit code (1 says a run did not complete).
foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
Console.Error.WriteLine("See `symphony --help`.");
return ExitCodes.Usage;
