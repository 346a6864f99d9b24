using System.CommandLine;
using Spectre.Console;
using Symphony.Client.Models;

namespace Symphony.Cli;

/// <summary><c>symphony runs list|show|cancel|retry</c>.</summary>
public static class RunsCommands
{
    public static Command Build()
    {
        var command = new Command("runs", "Runs: every batch of work with a record per item");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Cancel());
        command.Subcommands.Add(Retry());
        return command;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "processing, completed, failed, cancelled, ..." };
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1 to 200)", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List runs, newest first") { status, limit };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var page = await workspace.Runs.GetAsync(c =>
            {
                c.QueryParameters.Status = parse.GetValue(status);
                c.QueryParameters.Limit = parse.GetValue(limit);
            }, ct);
            await output.WriteAsync(page!, p =>
            {
                var table = Output.Table("id", "status", "trigger", "items", "completed", "failed", "created");
                foreach (var r in p.Items ?? [])
                    table.AddRow(Output.Text(r.Id), Output.Text(r.Status?.ToString().ToLowerInvariant()), Output.Text(r.Trigger?.ToString().ToLowerInvariant()),
                        Output.Text(r.Counters?.Total), Output.Text(r.Counters?.Completed), Output.Text(r.Counters?.Failed), Output.Text(r.CreatedAt));
                return table.Caption($"{p.Total} run(s)");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<Guid> RunId() => new("id") { Description = "The run's id" };

    private static Command Show()
    {
        var id = RunId();
        var command = new Command("show", "A run and its items") { id };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var run = workspace.Runs[parse.GetValue(id)];
            var found = await run.GetAsync(cancellationToken: ct);
            if (output.Json)
            {
                await output.WriteAsync(found!, _ => Output.Table());
                return ExitCodes.Ok;
            }
            var items = await run.Items.GetAsync(c => c.QueryParameters.Limit = 200, ct);
            var c = found!.Counters;
            output.Say($"Run {found.Id} [bold]{Output.Text(found.Status?.ToString().ToLowerInvariant())}[/] ({Output.Text(found.Trigger?.ToString().ToLowerInvariant())}): "
                + $"{c?.Completed} completed, {c?.Failed} failed, {c?.Processing + c?.Retrying} running, {c?.Pending} pending of {c?.Total}.");
            var table = Output.Table("#", "target", "status", "attempts", "ms", "error");
            foreach (var i in items?.Items ?? [])
                table.AddRow(Output.Text(i.SequenceNumber), Output.Text(i.Instance ?? i.ItemId?.ToString()), Output.Text(i.Status?.ToString().ToLowerInvariant()),
                    Output.Text(i.AttemptCount), Output.Text(i.DurationMs), Output.Text(i.Error));
            Spectre.Console.AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel()
    {
        var id = RunId();
        var reason = new Option<string?>("--reason") { Description = "Why, for the run's record" };
        var command = new Command("cancel", "Cancel a run: items not started are cancelled, running ones stopped") { id, reason };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var run = await workspace.Runs[parse.GetValue(id)].Actions.Cancel.PostAsync(new CancelRunCommand { Reason = parse.GetValue(reason) }, cancellationToken: ct);
            await output.WriteAsync(run!, r => Output.Table("id", "status").AddRow(Output.Text(r.Id), Output.Text(r.Status?.ToString().ToLowerInvariant())));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Retry()
    {
        var id = RunId();
        var wait = new Option<bool>("--wait") { Description = "Follow the run until it finishes" };
        var command = new Command("retry", "Queue a run's failed items again") { id, wait };
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var run = await workspace.Runs[parse.GetValue(id)].Actions.RetryFailed.PostAsync(cancellationToken: ct);
            output.Say($"Retrying the failed items of run {run!.Id}.");
            return parse.GetValue(wait) ? await RunWatcher.WaitAsync(workspace, run, output, ct) : ExitCodes.Ok;
        });
        return command;
    }
}
