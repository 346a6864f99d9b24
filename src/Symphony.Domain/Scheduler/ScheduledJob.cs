using System.Text.RegularExpressions;

namespace Symphony.Domain.Scheduler;

/// <summary>What a job does when a firing comes: misses (nodes down at the time) are run once on recovery or skipped.</summary>
public enum MisfirePolicy
{
    FireOnce,
    Skip,
}

/// <summary>A job's state in the job store: waiting for its next firing, paused, or without a future firing.</summary>
public enum JobState
{
    Normal,
    Paused,
    Complete,
    Error,
}

/// <summary>When a job fires: a Quartz cron expression in a time zone, or a fixed interval.</summary>
public sealed record JobSchedule(string? Cron = null, string? TimeZone = null, int? IntervalSeconds = null)
{
    public const int MaxIntervalSeconds = 366 * 24 * 3600;

    public static JobSchedule FromCron(string cron, string? timeZone = null) => new(cron, timeZone ?? "UTC", null);

    public static JobSchedule Every(int seconds) => new(null, null, seconds);
}

/// <summary>
/// The targets of a firing. For a fleet automation (accounts sync, capacity sync): the instances named, or every
/// active instance filtered by db type, environment and tags (any of them, by code). For any other automation: the
/// batches named, or all.
/// </summary>
public sealed record JobScope(
    IReadOnlyList<Guid>? InstanceIds = null, string? DbType = null, string? Environment = null, IReadOnlyList<Guid>? BatchIds = null,
    IReadOnlyList<string>? Tags = null)
{
    public static JobScope All { get; } = new();
}

/// <summary>
/// A job of a workspace: a schedule that starts runs of one automation. Built-in jobs come from the scheduler
/// file and keep their id; custom jobs are made through the API. <see cref="Automation"/> is a built-in
/// automation's name or an automation's id.
/// </summary>
public sealed partial record ScheduledJob(
    Guid WorkspaceId,
    string Id,
    string Name,
    string Automation,
    JobSchedule Schedule,
    JobScope Scope,
    MisfirePolicy Misfire,
    bool BuiltIn)
{
    public const int MaxIdLength = 100, MaxNameLength = 200;

    /// <summary>Ids are lower-case words joined by dashes, so they read well in URLs and in the job store.</summary>
    public static bool IsValidId(string id) => id.Length <= MaxIdLength && IdPattern().IsMatch(id);

    /// <summary>What the scheduler's correlation ids and idempotency keys begin with; a client's may not.</summary>
    public const string ReservedPrefix = Runs.Run.SchedulerPrefix;

    /// <summary>Runs a job starts carry this correlation id: the overlap rule finds the job's active run by it.</summary>
    public static string CorrelationIdOf(string jobId) => ReservedPrefix + jobId;

    /// <summary>A scheduled firing's idempotency key: the job and its due time.</summary>
    public static string KeyOf(string jobId, DateTime due) => $"{ReservedPrefix}{jobId}:{due:yyyyMMddTHHmmss.fffffffZ}";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IdPattern();
}
