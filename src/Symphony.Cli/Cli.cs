using System.CommandLine;
using Symphony.Client.Api.V1.Workspaces.Item;

namespace Symphony.Cli;

/// <summary>The command tree and the options every command shares.</summary>
public static class Cli
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "The server, such as https://symphony.example (with SYMPHONY_TOKEN: default SYMPHONY_SERVER; otherwise the one signed in to)",
        Recursive = true,
    };

    public static readonly Option<string> Workspace = new("--workspace", "-w")
    {
        Description = "The workspace's slug or id",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SYMPHONY_WORKSPACE") ?? "default",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the API's JSON instead of tables",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Symphony from the command line: instances, syncs, runs and automations.");
        root.Options.Add(Server);
        root.Options.Add(Workspace);
        root.Options.Add(Json);
        root.Subcommands.Add(LoginCommands.Login());
        root.Subcommands.Add(LoginCommands.Logout());
        root.Subcommands.Add(InstancesCommands.Build());
        root.Subcommands.Add(SyncCommands.Build());
        root.Subcommands.Add(RunsCommands.Build());
        root.Subcommands.Add(AutomationsCommands.Build());
        return root;
    }

    /// <summary>The connection and workspace a command works in, and how it prints.</summary>
    public static async Task<(Connection Connection, WithWorkspaceItemRequestBuilder Workspace, Output Output)> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var connection = await Connection.OpenAsync(parse.GetValue(Server), ct);
        return (connection, connection.Client.Api.V1.Workspaces[parse.GetValue(Workspace)!], new Output(parse.GetValue(Json)));
    }
}
