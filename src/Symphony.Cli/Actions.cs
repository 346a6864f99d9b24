using System.CommandLine;
using Microsoft.Kiota.Abstractions;
using Symphony.Client.Models;

namespace Symphony.Cli;

/// <summary>
/// Runs a command's action and turns what can go wrong into one plain line on standard error and an exit code:
/// a problem's title, detail and message code, an unreachable server, an ended session. Never a stack trace.
/// </summary>
public static class Actions
{
    public static void Does(this Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await action(parse, ct);
            }
            catch (CliException e)
            {
                return Fail(e.Message, e.ExitCode);
            }
            catch (Problem problem)
            {
                var errors = problem.Errors is { Count: > 0 } fields
                    ? Environment.NewLine + string.Join(Environment.NewLine, fields.Select(f => $"  {f.Field}: {f.Message}"))
                    : "";
                var detail = problem.Detail is { Length: > 0 } d && d.TrimEnd('.') != problem.Title?.TrimEnd('.') ? $": {d}" : "";
                var line = $"{problem.Title}{detail} ({problem.MessageCode}){errors}";
                if (problem.ResponseStatusCode != 401) return Fail(line, ExitCodes.Refused);
                return problem.MessageCode is "INVALID_CREDENTIALS"
                    ? Fail(line, ExitCodes.Authentication)
                    : Fail($"{line}{Environment.NewLine}Sign in again with `symphony login`, or give a valid SYMPHONY_TOKEN.", ExitCodes.Authentication);
            }
            catch (ApiException e)
            {
                return Fail($"The server answered {e.ResponseStatusCode} without a problem document.", ExitCodes.Refused);
            }
            catch (HttpRequestException e)
            {
                return Fail($"Cannot reach the server: {e.Message}", ExitCodes.Unreachable);
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                return Fail("The server did not answer in time.", ExitCodes.Unreachable);
            }
        });

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
