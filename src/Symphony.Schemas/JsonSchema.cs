using System.Text.Json;

namespace Symphony.Schemas;

/// <summary>The JSON Schema dialects Symphony validates: draft 2020-12 (default) and draft 7.</summary>
public enum SchemaDraft
{
    Draft7,
    Draft202012,
}

/// <summary>One failed constraint: where in the instance, which keyword in the schema, and why.</summary>
public sealed record SchemaError(string InstancePath, string SchemaPath, string Keyword, string Message);

public sealed record SchemaValidationResult(IReadOnlyList<SchemaError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// A parsed JSON Schema, ready to validate instances. Supports the core and validation vocabularies of
/// draft 2020-12 and draft 7 (see docs/reference/json-schema.md for the exact list); "format" and the
/// content keywords are annotations only, as the drafts define them by default. References are resolved
/// within the schema document and the schemas registered with <see cref="SchemaRegistry"/>; nothing is fetched.
/// </summary>
public sealed class JsonSchema
{
    private readonly SchemaRegistry _registry;
    private readonly SchemaDocument _document;

    private JsonSchema(SchemaRegistry registry, SchemaDocument document)
    {
        _registry = registry;
        _document = document;
    }

    public SchemaDraft Draft => _document.Draft;

    /// <summary>Parses a schema; the draft comes from "$schema", else <paramref name="defaultDraft"/>.</summary>
    /// <exception cref="SchemaException">The text is not a schema (not an object or boolean, a bad "$id").</exception>
    public static JsonSchema Parse(string json, SchemaDraft defaultDraft = SchemaDraft.Draft202012, SchemaRegistry? registry = null)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SchemaException($"The schema is not valid JSON: {e.Message}");
        }
        return FromElement(parsed.RootElement, defaultDraft, registry);
    }

    public static JsonSchema FromElement(JsonElement schema, SchemaDraft defaultDraft = SchemaDraft.Draft202012, SchemaRegistry? registry = null)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            throw new SchemaException("A schema must be a JSON object or a boolean.");
        registry ??= new SchemaRegistry();
        var document = registry.Add(schema.Clone(), defaultDraft);
        return new JsonSchema(registry, document);
    }

    public SchemaValidationResult Validate(JsonElement instance) =>
        new(new Evaluator(_registry).Run(_document, instance));

    public SchemaValidationResult Validate(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return Validate(parsed.RootElement);
    }
}

/// <summary>The schema itself is broken or refers to something that cannot be found.</summary>
public sealed class SchemaException(string message) : Exception(message);
