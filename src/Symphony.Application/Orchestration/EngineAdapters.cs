namespace Symphony.Application.Orchestration;

/// <summary>The adapters of this node by engine type.</summary>
public sealed class EngineAdapters(IEnumerable<IEngineAdapter> adapters)
{
    private readonly Dictionary<string, IEngineAdapter> _byType = adapters.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public IEngineAdapter? Find(string type) => _byType.GetValueOrDefault(type);
}
