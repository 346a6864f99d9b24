using System.Text.Json;
using Symphony.Domain.Common;
using Symphony.Schemas;

namespace Symphony.Application.Automations;

/// <summary>JSON payloads and schemas as the API carries them (JSON values) and as they are stored (text).</summary>
public static class Payloads
{
    /// <summary>Stored text of a JSON value; an absent value is JSON null.</summary>
    public static string Text(JsonElement? value) => value?.GetRawText() ?? "null";

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static JsonElement? ParseOrNull(string? text) => text is null ? null : Parse(text);

    /// <summary>Checks that a field holds a usable JSON Schema (object or boolean, references that resolve).</summary>
    public static JsonSchema? Schema(JsonElement? value, string field)
    {
        if (value is not { } schema) return null;
        try
        {
            return JsonSchema.FromElement(schema);
        }
        catch (Exception e) when (e is SchemaException or SchemaReferenceException)
        {
            throw DomainException.Validation(field, $"Not a usable JSON Schema: {e.Message}");
        }
    }

    public static JsonSchema? StoredSchema(string? text) => text is null ? null : JsonSchema.Parse(text);

    /// <summary>Refuses a payload that does not match its schema: 422 SCHEMA_VALIDATION_FAILED naming every failing path.</summary>
    public static void EnsureMatches(JsonSchema? schema, JsonElement? payload, string field)
    {
        if (schema is null) return;
        var errors = Failures(schema, payload, field);
        if (errors.Count > 0)
            throw new DomainException(MessageCodes.SchemaValidationFailed,
                $"{field} does not match its schema: {errors[0].Field}: {errors[0].Message}", errors);
    }

    /// <summary>The failures of one payload, named "field/json/pointer".</summary>
    public static List<FieldError> Failures(JsonSchema schema, JsonElement? payload, string field)
    {
        using var nullDocument = payload is null ? JsonDocument.Parse("null") : null;
        var result = schema.Validate(payload ?? nullDocument!.RootElement);
        return result.Errors
            .Select(e => new FieldError(e.InstancePath == "/" ? field : field + e.InstancePath, e.Message, MessageCodes.SchemaValidationFailed.Code))
            .ToList();
    }
}
