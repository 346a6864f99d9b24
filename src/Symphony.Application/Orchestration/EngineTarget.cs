using System.Text.Json;

namespace Symphony.Application.Orchestration;

/// <summary>Where an engine is and its type-specific settings.</summary>
public sealed record EngineTarget(Uri BaseUrl, JsonElement Config)
{
    /// <summary>A path (with its query) under the engine's base URL, which may itself have a path.</summary>
    public Uri Url(string path) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + path);
}
