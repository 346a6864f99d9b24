using System.Text.Json;

namespace Symphony.Application.Automations;

/// <summary>The item executors of this node, by the kind an automation names in <c>handler_kind</c>.</summary>
public sealed class ItemExecutors(IEnumerable<IItemExecutor> executors)
{
    private readonly Dictionary<string, IItemExecutor> _byKind = executors.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public IItemExecutor? Find(string kind) => _byKind.GetValueOrDefault(kind);

    /// <summary>Refuses a handler_config its executor cannot work with: 422 SCHEMA_VALIDATION_FAILED naming the paths, or the executor's own refusal.</summary>
    public void EnsureValidConfig(string kind, JsonElement config)
    {
        var executor = Find(kind);
        Automations.Payloads.EnsureMatches(executor?.ConfigSchema, config, "handler_config");
        executor?.CheckConfig(config);
    }
}
