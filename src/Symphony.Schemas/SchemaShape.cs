using System.Text.Json;
using System.Text.RegularExpressions;

namespace Symphony.Schemas;

/// <summary>
/// Checks the values of the keywords Symphony evaluates, so a schema is refused when it is stored rather than
/// failing when a payload is checked: "type" names known types, counts are non-negative integers, "pattern"
/// compiles, "required" lists strings, and so on. Unknown keywords are left alone, as the drafts require.
/// </summary>
internal static class SchemaShape
{
    private static readonly HashSet<string> Types = ["null", "boolean", "object", "array", "number", "string", "integer"];

    private static readonly string[] Counts =
        ["maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties", "maxContains", "minContains"];

    private static readonly string[] Numbers = ["maximum", "minimum"];

    public static void Check(JsonElement schema, SchemaDraft draft, string pointer)
    {
        foreach (var property in schema.EnumerateObject())
        {
            var value = property.Value;
            var problem = property.Name switch
            {
                "type" => value.ValueKind switch
                {
                    JsonValueKind.String when Types.Contains(value.GetString()!) => null,
                    JsonValueKind.Array when value.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && Types.Contains(t.GetString()!)) => null,
                    _ => $"must be one of {string.Join(", ", Types)} or an array of them",
                },
                "enum" => value.ValueKind == JsonValueKind.Array ? null : "must be an array",
                "required" => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(r => r.ValueKind == JsonValueKind.String)
                    ? null : "must be an array of strings",
                "multipleOf" => value.ValueKind == JsonValueKind.Number && value.GetDouble() > 0 ? null : "must be a number greater than 0",
                "pattern" => value.ValueKind == JsonValueKind.String ? PatternProblem(value.GetString()!) : "must be a string",
                "uniqueItems" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be a boolean",
                "exclusiveMaximum" or "exclusiveMinimum" when draft == SchemaDraft.Draft202012 || value.ValueKind == JsonValueKind.Number =>
                    value.ValueKind == JsonValueKind.Number ? null : "must be a number",
                "$ref" or "$dynamicRef" or "$anchor" or "$dynamicAnchor" or "$id" => value.ValueKind == JsonValueKind.String ? null : "must be a string",
                "properties" or "patternProperties" or "$defs" or "definitions" or "dependentSchemas" or "dependentRequired" =>
                    value.ValueKind == JsonValueKind.Object ? null : "must be an object",
                "allOf" or "anyOf" or "oneOf" or "prefixItems" =>
                    value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 ? null : "must be a non-empty array",
                _ when Counts.Contains(property.Name) => IsCount(value) ? null : "must be a non-negative integer",
                _ when Numbers.Contains(property.Name) => value.ValueKind == JsonValueKind.Number ? null : "must be a number",
                _ => null,
            };
            if (problem is not null)
                throw new SchemaException($"\"{property.Name}\" at #{pointer} {problem}.");
            if (property.Name == "patternProperties")
                foreach (var entry in value.EnumerateObject())
                    if (PatternProblem(entry.Name) is { } bad)
                        throw new SchemaException($"The pattern property \"{entry.Name}\" at #{pointer}: {bad}.");
        }
    }

    private static bool IsCount(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d >= 0 && d == decimal.Truncate(d);

    private static string? PatternProblem(string pattern)
    {
        try
        {
            _ = new Regex(EcmaPatterns.ToDotNet(pattern), RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException)
        {
            return "is not a valid regular expression";
        }
    }
}
