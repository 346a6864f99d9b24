using System.Diagnostics;
using Spectre.Console;
using Symphony.Client.Api.V1.Workspaces.Item;
using Symphony.Client.Models;

namespace Symphony.Cli;

/// <summary>
/// <c>--wait</c>: follows a run until it finishes, with a live progress bar at a terminal (items completed, failed,
/// running, the rate and the time left) and a line per change elsewhere; then its summary. The exit code says whether
/// the run completed.
/// </summary>
public static class RunWatcher
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static async Task<int> WaitAsync(WithWorkspaceItemRequestBuilder workspace, RunDto run, Output output, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        if (!output.Json && AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask(Describe(run, watch.Elapsed), maxValue: Math.Max(1, run.Counters?.Total ?? 1));
                    while (!IsFinished(run))
                    {
                        await Task.Delay(Poll, ct);
                        run = await ReadAsync(workspace, run, ct);
                        bar.MaxValue = Math.Max(1, run.Counters?.Total ?? 1);
                        bar.Value = Done(run);
                        bar.Description = Describe(run, watch.Elapsed);
                    }
                    bar.Value = bar.MaxValue;
                });
        }
        else
        {
            // A line when the counts change, and every 10 s while they do not: enough for a log, not a flood.
            var last = "";
            var lastWritten = TimeSpan.Zero;
            while (!IsFinished(run))
            {
                await Task.Delay(Poll, ct);
                run = await ReadAsync(workspace, run, ct);
                var counts = Counts(run);
                if (counts == last && watch.Elapsed - lastWritten < TimeSpan.FromSeconds(10)) continue;
                Console.Error.WriteLine(Describe(run, watch.Elapsed));
                (last, lastWritten) = (counts, watch.Elapsed);
            }
        }
        return await SummarizeAsync(workspace, run, output, ct);
    }

    private static async Task<RunDto> ReadAsync(WithWorkspaceItemRequestBuilder workspace, RunDto run, CancellationToken ct) =>
        await workspace.Runs[run.Id!.Value].GetAsync(cancellationToken: ct) ?? run;

    public static bool IsFinished(RunDto run) =>
        run.Status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Cancelled;

    private static int Done(RunDto run) =>
        (run.Counters?.Completed ?? 0) + (run.Counters?.Failed ?? 0) + (run.Counters?.Cancelled ?? 0) + (run.Counters?.Skipped ?? 0);

    private static string Counts(RunDto run)
    {
        var c = run.Counters;
        return $"{c?.Completed ?? 0} completed, {c?.Failed ?? 0} failed, {(c?.Processing ?? 0) + (c?.Retrying ?? 0)} running of {c?.Total ?? 0}";
    }

    private static string Describe(RunDto run, TimeSpan elapsed)
    {
        var done = Done(run);
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var left = rate > 0 && run.Counters?.Total is { } total ? TimeSpan.FromSeconds((total - done) / rate) : (TimeSpan?)null;
        return Counts(run) + $" · {rate:0.#} items/s" + (left is { } l && !IsFinished(run) ? $" · {l.TotalSeconds:0} s left" : "");
    }

    /// <summary>The run's outcome in one line and, when items failed, the first of them with their errors.</summary>
    public static async Task<int> SummarizeAsync(WithWorkspaceItemRequestBuilder workspace, RunDto run, Output output, CancellationToken ct)
    {
        var c = run.Counters;
        var seconds = (run.DurationMs ?? 0) / 1000.0;
        output.Say($"Run {run.Id} [bold]{Output.Text(run.Status?.ToString().ToLowerInvariant())}[/]: {c?.Completed ?? 0} completed, "
            + $"{c?.Failed ?? 0} failed, {c?.Cancelled ?? 0} cancelled of {c?.Total ?? 0} items in {seconds:0.0} s.");
        if ((c?.Failed ?? 0) > 0)
        {
            var failed = await workspace.Runs[run.Id!.Value].Items.GetAsync(r =>
            {
                r.QueryParameters.Status = "failed";
                r.QueryParameters.Limit = 10;
            }, ct);
            foreach (var item in failed?.Items ?? [])
                output.Say($"  failed: {Output.Text(item.Instance ?? item.ItemId?.ToString())} after {item.AttemptCount} attempt(s): {Output.Text(item.Error)}");
        }
        if (output.Json) await Output.PrintJsonAsync(run);
        return run.Status == ExecutionStatus.Completed ? ExitCodes.Ok : ExitCodes.RunNotCompleted;
    }
}
