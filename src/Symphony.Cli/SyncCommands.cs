using System.CommandLine;
using Symphony.Client.Models;

namespace Symphony.Cli;

/// <summary><c>symphony sync accounts|capacity [--all | --instance NAME | --tag TAG] [--wait]</c>.</summary>
public static class SyncCommands
{
    public static Command Build()
    {
        var command = new Command("sync", "Sync instances: one run with an item per instance");
        command.Subcommands.Add(Sync("accounts", "Read every account and its privileges into the ledger"));
        command.Subcommands.Add(Sync("capacity", "Measure every database's size"));
        return command;
    }

    private static Command Sync(string what, string description)
    {
        var all = new Option<bool>("--all") { Description = "Every instance of the workspace" };
        var instance = new Option<string[]>("--instance", "-i") { Description = "An instance by name (repeatable)", AllowMultipleArgumentsPerToken = false };
        var tag = new Option<string[]>("--tag", "-t") { Description = "Instances with this tag (repeatable)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run with a progress bar until it finishes; the exit code says whether it completed" };
        var command = new Command(what, description) { all, instance, tag, wait };
        command.Validators.Add(result =>
        {
            var scopes = (result.GetValue(all) ? 1 : 0) + (result.GetValue(instance) is { Length: > 0 } ? 1 : 0) + (result.GetValue(tag) is { Length: > 0 } ? 1 : 0);
            if (scopes != 1) result.AddError("Choose one scope: --all, --instance NAME or --tag TAG.");
        });
        command.Does(async (parse, ct) =>
        {
            var (_, workspace, output) = await Cli.OpenAsync(parse, ct);
            var scope = new FleetSyncCommand();
            if (parse.GetValue(instance) is { Length: > 0 } names)
                scope.InstanceIds = [.. (await InstancesCommands.IdsAsync(workspace, names, ct)).Cast<Guid?>()];
            if (parse.GetValue(tag) is { Length: > 0 } tags) scope.Tags = [.. tags];
            var actions = workspace.Instances.Actions;
            var run = what == "accounts"
                ? await actions.SyncAccounts.PostAsync(scope, cancellationToken: ct)
                : await actions.SyncCapacity.PostAsync(scope, cancellationToken: ct);
            output.Say($"Started run {run!.Id} with {run.Counters?.Total ?? 0} instance(s).");
            if (parse.GetValue(wait)) return await RunWatcher.WaitAsync(workspace, run, output, ct);
            if (output.Json) await Output.PrintJsonAsync(run);
            return ExitCodes.Ok;
        });
        return command;
    }
}
