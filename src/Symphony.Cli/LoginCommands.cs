using System.CommandLine;
using Spectre.Console;

namespace Symphony.Cli;

/// <summary><c>symphony login</c> and <c>symphony logout</c>.</summary>
public static class LoginCommands
{
    public static Command Login()
    {
        var username = new Option<string>("--username", "-u") { Description = "Who signs in", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of asking" };
        var command = new Command("login", "Sign in and keep the session (refresh token) in the user's config folder, readable by its owner only")
        {
            username, passwordStdin,
        };
        command.Does(async (parse, ct) =>
        {
            var server = parse.GetValue(Cli.Server) ?? Environment.GetEnvironmentVariable("SYMPHONY_SERVER") ?? Credentials.Load()?.Server
                ?? throw new CliException("Give the server to sign in to: --server https://symphony.example.", ExitCodes.Usage);
            string password;
            if (parse.GetValue(passwordStdin)) password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            else if (!Console.IsInputRedirected) password = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
            else throw new CliException("No terminal to ask the password at: use --password-stdin.", ExitCodes.Usage);

            var credentials = await Connection.LoginAsync(server, parse.GetValue(username)!, password, ct);
            new Output(parse.GetValue(Cli.Json)).Say($"Signed in to {Output.Text(credentials.Server)} as {Output.Text(credentials.Username)}; "
                + $"the session is kept in {Output.Text(Credentials.Path)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout()
    {
        var command = new Command("logout", "End the kept session on the server and forget it here");
        command.Does(async (parse, ct) =>
        {
            // The kept session is ended, never SYMPHONY_TOKEN's token (a token is revoked, not signed out).
            if (Credentials.Load() is null) return ExitCodes.Ok;
            try
            {
                var connection = await Connection.OpenSavedAsync(parse.GetValue(Cli.Server), ct);
                await connection.Client.Api.V1.Auth.Logout.PostAsync(cancellationToken: ct);
            }
            finally
            {
                Credentials.Delete();
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
