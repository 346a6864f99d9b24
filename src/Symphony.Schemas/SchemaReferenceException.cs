namespace Symphony.Schemas;

/// <summary>A "$ref" or "$dynamicRef" points at nothing known: a typo, or a remote schema (never fetched).</summary>
public sealed class SchemaReferenceException(string reference, Uri? resolved)
    : Exception($"The reference '{reference}' cannot be resolved: refer to a location in this schema or to a registered schema.")
{
    public string Reference { get; } = reference;

    /// <summary>The absolute URI the reference resolved to against its base URI.</summary>
    public Uri? Resolved { get; } = resolved;
}
