using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Orchestration;
using Symphony.Domain.Automations;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Orchestration;

/// <summary>
/// Handler kind "engine": each item starts a workflow on an external engine and is done when the workflow is.
/// The workflow is recorded as an orchestration instance linked to the run before the engine is asked to start
/// it, then followed by polling the engine or, with <c>follow: callback</c>, by the reports the engine sends to
/// Symphony. Cancelling the run cancels the workflow in the engine.
/// </summary>
public sealed class EngineExecutor(IServiceScopeFactory scopes, EngineAdapters adapters, IOptions<SymphonyOptions> options, TimeProvider clock)
    : IItemExecutor
{
    /// <summary>Consecutive failed status reads after which the item fails (each is already a failed HTTP call).</summary>
    private const int MaxReadFailures = 5;

    public string Kind => HandlerKinds.Engine;

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""
        {
          "type": "object",
          "required": ["engine_id", "workflow"],
          "additionalProperties": false,
          "properties": {
            "engine_id": { "type": "string", "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" },
            "workflow": { "type": "string", "minLength": 1, "maxLength": 200 },
            "parameters": { "type": "object" },
            "follow": { "enum": ["poll", "callback"] },
            "poll_interval_seconds": { "type": "number", "minimum": 0.1, "maximum": 300 },
            "timeout_seconds": { "type": "integer", "minimum": 1, "maximum": 604800 }
          }
        }
        """);

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        var config = work.HandlerConfig;
        var engineId = Guid.Parse(config.GetProperty("engine_id").GetString()!);
        var byCallback = config.String("follow") == "callback";
        var interval = TimeSpan.FromSeconds(config.TryGetProperty("poll_interval_seconds", out var p) ? p.GetDouble() : 5);
        var timeout = TimeSpan.FromSeconds(config.TryGetProperty("timeout_seconds", out var t) ? t.GetInt32() : 3600);

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var workspaceId = await db.Runs.Where(r => r.Id == work.RunId).Select(r => r.WorkspaceId).SingleAsync(ct);
        var engine = await db.Engines.FirstOrDefaultAsync(e => e.Id == engineId && e.WorkspaceId == workspaceId, ct);
        if (engine is null) return ItemOutcome.Failure($"No engine {engineId} in this workspace.", retryable: false);
        if (adapters.Find(engine.Type) is not { } adapter || engine.BaseUrl is null)
            return ItemOutcome.Failure($"Engine '{engine.Name}' is of type {engine.Type}, which Symphony does not start workflows on.", retryable: false);
        var callbackBase = options.Value.PublicUrl;
        if (byCallback && callbackBase is null)
            return ItemOutcome.Failure("follow is callback but Symphony:PublicUrl is not set, so the engine could not reach Symphony.", retryable: false);

        var target = new EngineTarget(new Uri(engine.BaseUrl), Parse(engine.Config));
        var (token, tokenHash) = byCallback ? CallbackTokens.Create() : (null, null);
        var instance = new OrchestrationInstance { WorkspaceId = workspaceId, EngineId = engine.Id, CallbackTokenHash = tokenHash };
        db.OrchestrationInstances.Add(instance);
        db.RunOrchestrations.Add(new RunOrchestration { RunId = work.RunId, OrchestrationInstanceId = instance.Id, AttachedAt = Now });
        await db.SaveChangesAsync(ct);

        var request = new WorkflowRequest(config.GetProperty("workflow").GetString()!,
            config.TryGetProperty("parameters", out var parameters) ? parameters : Parse("{}"), work.Payload, work.RunId, work.ItemExecutionId,
            byCallback ? new Uri($"{callbackBase!.TrimEnd('/')}/api/v1/orchestration-callbacks/{instance.Id}") : null, token);
        var deadline = Now + timeout;
        ExternalRun? latest = null;
        try
        {
            latest = await adapter.StartAsync(target, request, ct);
            await RecordAsync(db, instance, latest, ct);
            var readFailures = 0;
            while (!ExecutionTransitions.IsFinished(instance.Status))
            {
                if (Now >= deadline)
                {
                    await CancelQuietlyAsync(adapter, target, instance);
                    await RecordAsync(db, instance, latest with { State = ExternalState.Failed, Error = $"no end within {timeout.TotalSeconds:0} s" }, CancellationToken.None);
                    break;
                }
                await Task.Delay(interval, clock, ct);
                if (byCallback)
                {
                    // The engine reports to the callback endpoint, possibly on another node: read what it stored.
                    await db.Entry(instance).ReloadAsync(ct);
                    continue;
                }
                try
                {
                    latest = await adapter.GetAsync(target, instance.ExternalId!, ct);
                    readFailures = 0;
                }
                catch (EngineException e) when (e.Retryable && ++readFailures < MaxReadFailures)
                {
                    continue;
                }
                await RecordAsync(db, instance, latest, ct);
            }
        }
        catch (EngineException e)
        {
            await RecordAsync(db, instance, (latest ?? new ExternalRun(instance.ExternalId ?? "", ExternalState.Failed)) with
            {
                ExternalId = instance.ExternalId ?? latest?.ExternalId ?? "",
                State = ExternalState.Failed,
                Error = e.Message,
            }, CancellationToken.None);
            return ItemOutcome.Failure($"Engine '{engine.Name}': {e.Message}", e.Retryable);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (instance.ExternalId is not null) await CancelQuietlyAsync(adapter, target, instance);
            instance.Report(ExecutionStatus.Cancelled, Now);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        var metadata = Parse(instance.Metadata);
        var summary = JsonSerializer.Serialize(new
        {
            orchestration_instance_id = instance.Id,
            engine = engine.Name,
            external_id = instance.ExternalId,
            url = metadata.String("url"),
            result = metadata.Property("result"),
        });
        return instance.Status switch
        {
            ExecutionStatus.Completed => ItemOutcome.Success(summary),
            ExecutionStatus.Cancelled => ItemOutcome.Failure(
                $"Workflow {instance.ExternalId} on '{engine.Name}' was cancelled in the engine{Reason(metadata)}", retryable: false),
            _ => ItemOutcome.Failure($"Workflow {instance.ExternalId} on '{engine.Name}' failed{Reason(metadata)}"),
        };
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Stores what the engine said: external id (it may change once), status, URL, error and result.</summary>
    private async Task RecordAsync(IApplicationDbContext db, OrchestrationInstance instance, ExternalRun run, CancellationToken ct)
    {
        if (run.ExternalId.Length > 0) instance.ExternalId = run.ExternalId;
        instance.Report(run.State switch
        {
            ExternalState.Pending => ExecutionStatus.Pending,
            ExternalState.Running => ExecutionStatus.Processing,
            ExternalState.Succeeded => ExecutionStatus.Completed,
            ExternalState.Failed => ExecutionStatus.Failed,
            _ => ExecutionStatus.Cancelled,
        }, Now);
        var metadata = InstanceMetadata.Merge(instance.Metadata, run.Result, run.Error, run.Url);
        if (metadata != instance.Metadata) instance.Metadata = metadata;
        await db.SaveChangesAsync(ct);
    }

    private static async Task CancelQuietlyAsync(IEngineAdapter adapter, EngineTarget target, OrchestrationInstance instance)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await adapter.CancelAsync(target, instance.ExternalId!, timeout.Token);
        }
        catch (Exception e) when (e is EngineException or OperationCanceledException)
        {
            // The workflow may already be over; the instance records Symphony's side either way.
        }
    }

    private static string Reason(JsonElement metadata) => metadata.String("error") is { } error ? $": {error}" : ".";

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
