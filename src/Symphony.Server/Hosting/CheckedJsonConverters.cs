using System.Text.Json;
using System.Text.Json.Serialization;

namespace Symphony.Server.Hosting;

/// <summary>
/// Strings of request bodies: a lone UTF-16 surrogate, or a control character other than tab and line breaks
/// (NUL among them), is refused as bad input where it arrives, instead of failing later in a serializer, a
/// database or a driver.
/// </summary>
public sealed class CheckedStringConverter : JsonConverter<string>
{
    public const string ControlCharacterMessage = "must not contain control characters";

    public override bool HandleNull => false;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("Expected a string.");
        var value = CheckedJson.ReadString(ref reader);
        if (FirstControlCharacter(value) is { } c)
            throw new JsonException($"The value {ControlCharacterMessage} (U+{(int)c:X4}).");
        return value;
    }

    /// <summary>The first control character other than tab and line breaks, if any: what API text may not hold.</summary>
    public static char? FirstControlCharacter(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return c;
        return null;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Free-form JSON of request bodies (payloads, configs, schemas, metadata): every string and property name must
/// be valid UTF-16 and hold no NUL character, which no JSON column of PostgreSQL can store.
/// </summary>
public sealed class CheckedJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        Check(document.RootElement);
        return document.RootElement.Clone();
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

    private static void Check(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                CheckedJson.EnsureStorable(CheckedJson.GetString(element));
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Check(item);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CheckedJson.EnsureStorable(CheckedJson.NameOf(property));
                    Check(property.Value);
                }
                break;
        }
    }
}

internal static class CheckedJson
{
    public const string InvalidUtf16Message = "is not valid UTF-16 text (a lone surrogate such as \\ud800)";

    // System.Text.Json throws InvalidOperationException for a lone surrogate escape; as bad input it is a JsonException.
    public static string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException($"The value {InvalidUtf16Message}.");
        }
    }

    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException($"A string {InvalidUtf16Message}.");
        }
    }

    public static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException($"A property name {InvalidUtf16Message}.");
        }
    }

    public static void EnsureStorable(string text)
    {
        if (text.Contains('\0')) throw new JsonException("JSON text must not contain the NUL character (\\u0000).");
    }
}
