using System.CommandLine;
using Spectre.Console;
using Symphony.Client.Api.V1.Workspaces.Item;
using Symphony.Client.Models;

namespace Symphony.Cli;

/// <summary><c>symphony instances list|add|import|export|test</c>.</summary>
public static class InstancesCommands
{
    public static Command Build()
    {
        var command = new Command("instances", "The workspace's database instances");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Test());
        return command;
    }

    private static Command List()
    {
        var search = new Option<string?>("--search") { Description = "Name, host or description containing this" };
        var tag = new Option<string?>("--tag") { Description = "Only instances with this tag" };
        var limit = new Option<int>("--limit") { Description = "How many (1 to 200)", DefaultValueFactory = _ => 200 };
        var command = new Command("list", "List the instances") { search, tag, limit };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var page = await workspace.Instances.GetAsync(c =>
            {
                c.QueryParameters.Search = parse.GetValue(search);
                c.QueryParameters.Tag = parse.GetValue(tag);
                c.QueryParameters.Limit = parse.GetValue(limit);
            }, ct);
            await output.WriteAsync(page!, p =>
            {
                var table = Output.Table("name", "type", "address", "environment", "health", "tags", "accounts synced");
                foreach (var i in p.Items ?? [])
                    table.AddRow(Output.Text(i.Name), Output.Text(i.DbType), Output.Text($"{i.Host}:{i.Port}"), Output.Text(i.Environment),
                        Output.Text(i.Health?.ToString().ToLowerInvariant()), Output.Text(i.Tags), Output.Text(i.AccountsSyncedAt));
                table.Caption($"{p.Total} instance(s)");
                return table;
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The instance's name in the workspace" };
        var type = new Option<string>("--type") { Description = "postgresql or mysql (MySQL and MariaDB)", Required = true };
        var host = new Option<string>("--host") { Description = "Host name or address", Required = true };
        var port = new Option<int?>("--port") { Description = "Port (default: the type's)" };
        var database = new Option<string?>("--database") { Description = "Database to connect to" };
        var credential = new Option<Guid?>("--credential") { Description = "Id of the credential the syncs use" };
        var environment = new Option<string?>("--environment") { Description = "production, staging, ..." };
        var command = new Command("add", "Add an instance") { name, type, host, port, database, credential, environment };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var created = await workspace.Instances.PostAsync(new CreateInstanceCommand
            {
                Name = parse.GetValue(name), DbType = parse.GetValue(type), Host = parse.GetValue(host), Port = parse.GetValue(port),
                DatabaseName = parse.GetValue(database), CredentialId = parse.GetValue(credential), Environment = parse.GetValue(environment),
            }, cancellationToken: ct);
            await output.WriteAsync(created!, i => Output.Table("id", "name", "address").AddRow(Output.Text(i.Id), Output.Text(i.Name), Output.Text($"{i.Host}:{i.Port}")));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV file in the columns export writes" };
        var command = new Command("import", "Create instances from a CSV file") { file };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliException($"No file {path.FullName}.", ExitCodes.Usage);
            await using var csv = path.OpenRead();
            var result = await workspace.Instances.Actions.Import.PostAsync(csv, cancellationToken: ct);
            await output.WriteAsync(result!, r =>
            {
                var table = Output.Table("line", "field", "error");
                foreach (var e in r.Errors ?? []) table.AddRow(Output.Text(e.Line), Output.Text(e.Field), Output.Text($"{e.Message} ({e.MessageCode})"));
                return table.Caption($"{r.Created} created, {r.Failed} refused");
            });
            return result!.Failed is > 0 ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export()
    {
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write the CSV here instead of to standard output" };
        var search = new Option<string?>("--search") { Description = "Name, host or description containing this" };
        var tag = new Option<string?>("--tag") { Description = "Only instances with this tag" };
        var environment = new Option<string?>("--environment") { Description = "Only instances of this environment (none: without one)" };
        var command = new Command("export", "Write the active instances as CSV (all, or those the filters match)") { file, search, tag, environment };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, _) = await Cli.OpenAsync(parse, ct);
            await using var csv = (await workspace.Instances.Actions.Export.GetAsync(c =>
            {
                c.QueryParameters.Search = parse.GetValue(search);
                c.QueryParameters.Tag = parse.GetValue(tag);
                c.QueryParameters.Environment = parse.GetValue(environment);
            }, ct))!;
            if (parse.GetValue(file) is { } path)
            {
                await using var target = path.Create();
                await csv.CopyToAsync(target, ct);
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await csv.CopyToAsync(stdout, ct);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Test()
    {
        var names = new Argument<string[]>("names") { Description = "Instances to test (default: every instance)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("test", "Test connections to instances") { names };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var ids = await IdsAsync(workspace, parse.GetValue(names) ?? [], ct);
            var results = await workspace.Instances.Actions.TestConnection.PostAsync(new TestConnectionsCommand { InstanceIds = [.. ids.Cast<Guid?>()] }, cancellationToken: ct);
            await output.WriteAsync(results!, r =>
            {
                var table = Output.Table("name", "ok", "version", "ms", "error");
                foreach (var t in r.Results ?? [])
                    table.AddRow(Output.Text(t.Name), t.Ok == true ? "[green]yes[/]" : "[red]no[/]", Output.Text(t.ServerVersion), Output.Text(t.DurationMs),
                        Output.Text(t.Ok == true ? null : $"{t.Reason}: {t.Message}"));
                return table;
            });
            return results!.Results?.All(r => r.Ok == true) == true ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    /// <summary>The ids of instances named exactly, or of every instance (at most 50, the test's limit) when none is named.</summary>
    public static async Task<List<Guid>> IdsAsync(WithWorkspaceItemRequestBuilder workspace, IReadOnlyList<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
            return [.. ((await workspace.Instances.GetAsync(c => c.QueryParameters.Limit = 50, ct))?.Items ?? []).Select(i => i.Id!.Value)];
        var ids = new List<Guid>();
        foreach (var name in names) ids.Add(await IdOfAsync(workspace, name, ct));
        return ids;
    }

    public static async Task<Guid> IdOfAsync(WithWorkspaceItemRequestBuilder workspace, string name, CancellationToken ct)
    {
        var found = await workspace.Instances.GetAsync(c => { c.QueryParameters.Search = name; c.QueryParameters.Limit = 200; }, ct);
        return found?.Items?.FirstOrDefault(i => i.Name == name)?.Id
            ?? throw new CliException($"No instance named '{name}' in this workspace.", ExitCodes.Refused);
    }
}
