using System.Text.Json;

namespace Symphony.Schemas;

/// <summary>What JSON Schema asks of JSON values: their types, numbers compared by value, equality and uniqueness.</summary>
internal static class JsonValues
{
    internal static bool TypeMatches(JsonElement type, JsonElement instance) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => IsOfType(t.GetString()!, instance))
            : IsOfType(type.GetString()!, instance);

    internal static bool IsOfType(string type, JsonElement instance) => type switch
    {
        "null" => instance.ValueKind == JsonValueKind.Null,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && IsInteger(instance),
        _ => false,
    };

    internal static string Describe(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString()!;

    internal static string KindOf(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Number => IsInteger(instance) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => instance.ValueKind.ToString().ToLowerInvariant(),
    };

    internal static bool IsInteger(JsonElement number) =>
        number.TryGetDecimal(out var d) ? d == decimal.Truncate(d) : number.GetDouble() is var v && double.IsFinite(v) && Math.Floor(v) == v;

    internal static int Compare(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x.CompareTo(y) : a.GetDouble().CompareTo(b.GetDouble());

    internal static bool IsMultipleOf(JsonElement value, JsonElement divisor)
    {
        if (value.TryGetDecimal(out var v) && divisor.TryGetDecimal(out var m) && m != 0)
        {
            try
            {
                return v % m == 0;
            }
            catch (OverflowException)
            {
                // Falls through to binary floating point.
            }
        }
        var quotient = value.GetDouble() / divisor.GetDouble();
        return double.IsFinite(quotient) && Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    internal static bool AllUnique(JsonElement array)
    {
        var items = array.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
            for (var j = i + 1; j < items.Count; j++)
                if (JsonEquals(items[i], items[j])) return false;
        return true;
    }

    /// <summary>JSON equality: numbers by value (1 equals 1.0), objects regardless of property order.</summary>
    internal static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number) return Compare(a, b) == 0;
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.String:
                return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength()) return false;
                return a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => JsonEquals(pair.First, pair.Second));
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToList();
                return left.Count == right.Count
                    && left.All(p => b.TryGetProperty(p.Name, out var other) && JsonEquals(p.Value, other));
            default:
                return true;
        }
    }
}
