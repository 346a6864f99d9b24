using System.Text.Json;
using Words = Symphony.Server.Pages.Fleet.DetailModel;

namespace Symphony.Server.Pages.Runs;

/// <summary>
/// What an item of a built-in sync did, in words for the run page, read from the result its executor wrote: the
/// accounts found, new, changed, back and gone, classified in and out, and the databases skipped with why; or the
/// databases measured. Null for any other item (its result stays in the API).
/// </summary>
public static class ItemResults
{
    public static string? Describe(JsonElement? result)
    {
        if (result is not { ValueKind: JsonValueKind.Object } r) return null;
        if (Number(r, "accounts") is { } accounts && Number(r, "created") is { } created)
        {
            var parts = new List<string> { $"Found {Words.Count(accounts, "account")}" };
            var changes = new[] { (created, "new"), (Number(r, "changed") ?? 0, "changed"), (Number(r, "reactivated") ?? 0, "back"), (Number(r, "deactivated") ?? 0, "gone") }
                .Where(c => c.Item1 > 0).Select(c => $"{c.Item1:N0} {c.Item2}").ToList();
            parts[0] += changes.Count == 0 ? ", none changed" : $": {string.Join(", ", changes)}";
            if (Classified(r) is { } classified) parts.Add(classified);
            if (Names(r, "skipped_databases") is { Count: > 0 } skipped)
                parts.Add($"skipped {string.Join(", ", skipped)} (the collector may not connect to {(skipped.Count == 1 ? "it" : "them")})");
            return string.Join("; ", parts) + ".";
        }
        if (Number(r, "databases") is { } databases && r.TryGetProperty("total_size_bytes", out var total) && total.TryGetInt64(out var bytes))
        {
            var parts = new List<string> { $"Measured {Words.Count(databases, "database")}, {Words.Size(bytes)} in all" };
            var changes = new[] { (Number(r, "added") ?? 0, "new"), (Number(r, "returned") ?? 0, "back"), (Number(r, "gone") ?? 0, "gone") }
                .Where(c => c.Item1 > 0).Select(c => $"{c.Item1:N0} {c.Item2}").ToList();
            if (changes.Count > 0) parts[0] += $": {string.Join(", ", changes)}";
            if (Names(r, "unmeasured_databases") is { Count: > 0 } unmeasured)
                parts.Add($"not measured: {string.Join(", ", unmeasured)} (no CONNECT, nor pg_read_all_stats)");
            return string.Join("; ", parts) + ".";
        }
        return Classified(r) is { } alone ? char.ToUpperInvariant(alone[0]) + alone[1..] + "." : null;
    }

    /// <summary>"classified: 3 entered a classification, 1 left" from the classifier's part of a result.</summary>
    private static string? Classified(JsonElement result)
    {
        if (!result.TryGetProperty("classified", out var c) || c.ValueKind != JsonValueKind.Object) return null;
        if (c.TryGetProperty("error", out var error)) return error.ValueKind == JsonValueKind.String ? $"not classified: {error.GetString()}" : null;
        var entered = Number(c, "entered") ?? 0;
        var left = Number(c, "left") ?? 0;
        var words = entered + left == 0 ? "classified, no account entered or left a classification" : $"classified: {entered:N0} entered a classification, {left:N0} left one";
        return Names(c, "rule_errors") is { Count: > 0 } errors ? $"{words}; {Words.Count(errors.Count, "rule")} failed: {string.Join("; ", errors)}" : words;
    }

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static List<string>? Names(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : null;
}
