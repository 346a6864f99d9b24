using System.Globalization;
using System.Text.Json;
using Symphony.Application.Orchestration;
using Symphony.Domain.Orchestration;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Orchestration;

/// <summary>
/// Jenkins over its remote access API. A build request is queued (201 with the queue item in Location); the
/// queue item names the build once an executor takes it; the build reports <c>building</c> and <c>result</c>.
/// The instance's external id is <c>queue:N</c> until the build starts, then <c>job#number</c>.
/// The workflow is the job's full name ("folder/job" for jobs in folders).
/// </summary>
public sealed class JenkinsAdapter(EngineHttp http) : IEngineAdapter
{
    private const string QueuePrefix = "queue:";

    public string Type => EngineTypes.Jenkins;

    public JsonSchema ConfigSchema { get; } = JsonSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    public async Task<ExternalRun> StartAsync(EngineTarget engine, WorkflowRequest request, CancellationToken ct)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("SYMPHONY_RUN_ID", request.RunId.ToString()),
            new("SYMPHONY_ITEM_EXECUTION_ID", request.ItemExecutionId.ToString()),
        };
        if (request.Parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in request.Parameters.EnumerateObject())
                parameters.Add(new(parameter.Name, parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString()! : parameter.Value.GetRawText()));
        }
        var (response, _) = await http.SendAsync(HttpMethod.Post, engine.Url($"{JobPath(request.Workflow)}/buildWithParameters"),
            new FormUrlEncodedContent(parameters), ct);
        using (response)
        {
            var location = response.Headers.Location?.ToString().TrimEnd('/')
                ?? throw new EngineException("Jenkins queued the build but sent no Location header.", retryable: false);
            var queueId = location[(location.LastIndexOf('/') + 1)..];
            if (!long.TryParse(queueId, CultureInfo.InvariantCulture, out _))
                throw new EngineException($"Jenkins answered with an unexpected Location: {location}", retryable: false);
            return new ExternalRun($"{QueuePrefix}{queueId}", ExternalState.Pending, Url: null);
        }
    }

    public async Task<ExternalRun> GetAsync(EngineTarget engine, string externalId, CancellationToken ct)
    {
        if (!externalId.StartsWith(QueuePrefix, StringComparison.Ordinal))
        {
            var (job, number) = Build(externalId);
            return ReadBuild(job, await http.JsonAsync(HttpMethod.Get, engine.Url($"{JobPath(job)}/{number}/api/json"), null, ct));
        }
        var queueItem = await http.JsonAsync(HttpMethod.Get, engine.Url($"/queue/item/{externalId[QueuePrefix.Length..]}/api/json"), null, ct);
        if (queueItem.Property("cancelled") is { ValueKind: JsonValueKind.True })
            return new ExternalRun(externalId, ExternalState.Cancelled, Error: "the queued build was cancelled in Jenkins");
        if (queueItem.Property("executable") is not { } executable)
            return new ExternalRun(externalId, ExternalState.Pending, Error: queueItem.String("why"));
        var jobName = FullName(queueItem.Property("task")?.String("url"), engine) ?? throw new EngineException("The queue item names no job.", retryable: false);
        var buildNumber = executable.Property("number")?.GetInt64() ?? throw new EngineException("The queue item's build has no number.", retryable: false);
        return ReadBuild(jobName, await http.JsonAsync(HttpMethod.Get, engine.Url($"{JobPath(jobName)}/{buildNumber}/api/json"), null, ct));
    }

    public async Task CancelAsync(EngineTarget engine, string externalId, CancellationToken ct)
    {
        var url = externalId.StartsWith(QueuePrefix, StringComparison.Ordinal)
            ? engine.Url($"/queue/cancelItem?id={externalId[QueuePrefix.Length..]}")
            : engine.Url($"{JobPath(Build(externalId).Job)}/{Build(externalId).Number}/stop");
        (await http.SendAsync(HttpMethod.Post, url, null, ct)).Response.Dispose();
    }

    private static ExternalRun ReadBuild(string job, JsonElement build)
    {
        var number = build.Property("number")?.GetInt64() ?? throw new EngineException("The build has no number.", retryable: false);
        var id = $"{job}#{number}";
        var url = build.String("url");
        if (build.Property("building") is { ValueKind: JsonValueKind.True }) return new ExternalRun(id, ExternalState.Running, url);
        return build.String("result") switch
        {
            null => new ExternalRun(id, ExternalState.Running, url),
            "SUCCESS" => new ExternalRun(id, ExternalState.Succeeded, url),
            "ABORTED" => new ExternalRun(id, ExternalState.Cancelled, url, "the build was aborted in Jenkins"),
            var result => new ExternalRun(id, ExternalState.Failed, url, $"the build ended {result}"),
        };
    }

    private static (string Job, long Number) Build(string externalId)
    {
        var hash = externalId.LastIndexOf('#');
        return hash > 0 && long.TryParse(externalId[(hash + 1)..], CultureInfo.InvariantCulture, out var number)
            ? (externalId[..hash], number)
            : throw new EngineException($"'{externalId}' is not a Jenkins build id (job#number).", retryable: false);
    }

    /// <summary>"folder/job" is addressed as /job/folder/job/job.</summary>
    private static string JobPath(string fullName) =>
        string.Concat(fullName.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(part => "/job/" + Uri.EscapeDataString(part)));

    /// <summary>The job's full name from its URL (…/job/folder/job/name/).</summary>
    private static string? FullName(string? jobUrl, EngineTarget engine)
    {
        if (jobUrl is null) return null;
        var root = engine.Url("").AbsoluteUri;
        var path = jobUrl.StartsWith(root, StringComparison.Ordinal) ? jobUrl[root.Length..] : new Uri(jobUrl).AbsolutePath;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('/', parts.Where((_, i) => i % 2 == 1).Select(Uri.UnescapeDataString));
    }
}
