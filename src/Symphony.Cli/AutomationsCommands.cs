using System.CommandLine;
using Spectre.Console;
using Symphony.Client.Models;

namespace Symphony.Cli;

/// <summary><c>symphony automations list</c> and <c>symphony automations run NAME [--wait]</c>.</summary>
public static class AutomationsCommands
{
    public static Command Build()
    {
        var command = new Command("automations", "Automations: batches of items run by a handler");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Run());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the automations");
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var page = await workspace.Automations.GetAsync(c => c.QueryParameters.Limit = 200, ct);
            await output.WriteAsync(page!, p =>
            {
                var table = Output.Table("name", "handler", "attempts", "concurrency", "id");
                foreach (var a in p.Items ?? [])
                    table.AddRow(Output.Text(a.Name), Output.Text(a.HandlerKind), Output.Text(a.MaxAttempts), Output.Text(a.MaxConcurrency), Output.Text(a.Id));
                return table.Caption($"{p.Total} automation(s)");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run()
    {
        var name = new Argument<string>("name") { Description = "The automation's name" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run with a progress bar until it finishes; the exit code says whether it completed" };
        var command = new Command("run", "Start a run of an automation's active items") { name, wait };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var wanted = parse.GetValue(name)!;
            var found = await workspace.Automations.GetAsync(c => { c.QueryParameters.Search = wanted; c.QueryParameters.Limit = 200; }, ct);
            var automation = found?.Items?.FirstOrDefault(a => a.Name == wanted)
                ?? throw new CliException($"No automation named '{wanted}' in this workspace.", ExitCodes.Refused);
            var run = await workspace.Automations[automation.Id!.Value].Runs.PostAsync(new StartRunCommand(), cancellationToken: ct);
            output.Say($"Started run {run!.Id} of {Output.Text(wanted)} with {run.Counters?.Total ?? 0} item(s).");
            if (parse.GetValue(wait)) return await RunWatcher.WaitAsync(workspace, run, output, ct);
            if (output.Json) await Output.PrintJsonAsync(run);
            return ExitCodes.Ok;
        });
        return command;
    }
}
