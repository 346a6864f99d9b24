using Symphony.Application.Scheduler;
using Symphony.Domain.Automations;
using Symphony.Domain.Scheduler;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>The scheduler file cannot be used; the message names the file and the line.</summary>
public sealed class SchedulerFileException(string message) : Exception(message);

/// <summary>
/// Reads the built-in jobs from the scheduler file (YAML): a list <c>jobs</c> of id, name, automation (a built-in
/// automation's name), cron with time_zone or interval_seconds, scope (db_type, environment), misfire and
/// enabled. Anything unknown or invalid is refused with its line, so a typo stops start-up instead of a job.
/// </summary>
public static class SchedulerFile
{
    private static readonly string[] Keys = ["id", "name", "automation", "cron", "time_zone", "interval_seconds", "scope", "misfire", "enabled"];

    public static BuiltInJobs Load(string path)
    {
        if (!File.Exists(path)) throw new SchedulerFileException($"{path}: the scheduler file does not exist (Symphony:Scheduler:File).");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static BuiltInJobs Parse(TextReader text, string path)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(text);
        }
        catch (YamlException e)
        {
            throw new SchedulerFileException($"{path} line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        if (yaml.Documents.Count == 0) return new BuiltInJobs([]);
        var root = yaml.Documents[0].RootNode as YamlMappingNode ?? throw Error(path, yaml.Documents[0].RootNode, "the file is a mapping with a 'jobs' list.");
        foreach (var key in root.Children.Keys.Where(k => ((YamlScalarNode)k).Value != "jobs"))
            throw Error(path, key, $"unknown key '{key}'; the file has one key, 'jobs'.");
        if (!root.Children.TryGetValue("jobs", out var list)) return new BuiltInJobs([]);
        if (list is not YamlSequenceNode jobs) throw Error(path, list, "'jobs' is a list.");

        var result = new List<BuiltInJob>();
        foreach (var node in jobs)
        {
            var job = node as YamlMappingNode ?? throw Error(path, node, "each job is a mapping of id, name, automation, cron or interval_seconds...");
            var builtIn = Read(path, job);
            if (result.Any(j => j.Job.Id == builtIn.Job.Id)) throw Error(path, job, $"the id '{builtIn.Job.Id}' is used twice.");
            result.Add(builtIn);
        }
        return new BuiltInJobs(result);
    }

    private static BuiltInJob Read(string path, YamlMappingNode job)
    {
        foreach (var key in job.Children.Keys)
            if (!Keys.Contains(((YamlScalarNode)key).Value))
                throw Error(path, key, $"unknown key '{key}'; a job has {string.Join(", ", Keys)}.");
        string? Text(string key) => job.Children.TryGetValue(key, out var value)
            ? (value as YamlScalarNode ?? throw Error(path, value, $"'{key}' is a single value.")).Value
            : null;
        string Required(string key) => Text(key) is { Length: > 0 } value ? value : throw Error(path, job, $"'{key}' is required.");
        YamlNode At(string key) => job.Children.TryGetValue(key, out var value) ? value : job;

        var id = Required("id");
        if (!ScheduledJob.IsValidId(id)) throw Error(path, At("id"), $"the id '{id}' is not lower-case words joined by '-'.");
        var automation = Required("automation");
        if (!BuiltIns.SchedulableNames.Contains(automation))
            throw Error(path, At("automation"), $"'{automation}' is not a built-in automation ({string.Join(", ", BuiltIns.SchedulableNames)}).");

        var interval = Text("interval_seconds");
        JobSchedule schedule;
        if (interval is not null)
        {
            if (Text("cron") is not null) throw Error(path, At("cron"), "give cron or interval_seconds, not both.");
            if (!int.TryParse(interval, out var seconds) || seconds < 1 || seconds > JobSchedule.MaxIntervalSeconds)
                throw Error(path, At("interval_seconds"), $"interval_seconds is a whole number from 1 to {JobSchedule.MaxIntervalSeconds}.");
            schedule = JobSchedule.Every(seconds);
        }
        else schedule = JobSchedule.FromCron(Required("cron"), Text("time_zone"));
        if (Schedules.Problem(schedule) is { } problem)
            throw Error(path, At(problem.Field), problem.Message);

        var misfire = Text("misfire") switch
        {
            null or "fire_once" => MisfirePolicy.FireOnce,
            "skip" => MisfirePolicy.Skip,
            var other => throw Error(path, At("misfire"), $"misfire is 'fire_once' or 'skip', not '{other}'."),
        };
        var enabled = Text("enabled") switch
        {
            null or "true" => true,
            "false" => false,
            var other => throw Error(path, At("enabled"), $"enabled is true or false, not '{other}'."),
        };
        var scope = job.Children.TryGetValue("scope", out var scopeNode) ? scopeNode : null;
        if (scope is not null && BuiltIns.Named(automation)?.Scope == BuiltInScope.FixedItems)
            throw Error(path, scope, $"'{automation}' covers the whole workspace: its job has no scope.");
        return new BuiltInJob(new ScheduledJob(Guid.Empty, id, Required("name"), automation, schedule, ReadScope(path, scope), misfire, BuiltIn: true), enabled);
    }

    /// <summary>A built-in job's scope narrows every workspace's instances by db type and environment.</summary>
    private static JobScope ReadScope(string path, YamlNode? node)
    {
        if (node is null) return JobScope.All;
        var scope = node as YamlMappingNode ?? throw Error(path, node, "scope is a mapping of db_type and environment.");
        string? dbType = null, environment = null;
        foreach (var (key, value) in scope.Children)
        {
            var text = (value as YamlScalarNode)?.Value ?? throw Error(path, value, $"'{key}' is a single value.");
            switch (((YamlScalarNode)key).Value)
            {
                case "db_type" when Domain.Fleet.DbTypes.Known.Contains(text):
                    dbType = text;
                    break;
                case "db_type":
                    throw Error(path, value, $"unknown db_type '{text}'.");
                case "environment":
                    environment = text;
                    break;
                default:
                    throw Error(path, key, $"a built-in job's scope has db_type and environment, not '{key}'.");
            }
        }
        return new JobScope(DbType: dbType, Environment: environment);
    }

    private static SchedulerFileException Error(string path, YamlNode node, string message) =>
        new($"{path} line {node.Start.Line}: {message}");
}
