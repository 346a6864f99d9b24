using System.Globalization;
using System.Text.Json;

namespace Symphony.Schemas;

/// <summary>A subschema: its document, its JSON, and its JSON Pointer inside the document.</summary>
internal readonly record struct Node(SchemaDocument Document, JsonElement Schema, string Path)
{
    public Uri BaseUri => Document.BaseUriAt(Path);
    public SchemaDraft Draft => Document.Draft;

    public Node Child(params string[] tokens) =>
        this with
        {
            Schema = Descend(Schema, tokens),
            Path = Path + string.Concat(tokens.Select(t => "/" + Pointer.Escape(t))),
        };

    private static JsonElement Descend(JsonElement element, string[] tokens)
    {
        foreach (var token in tokens)
            element = element.ValueKind == JsonValueKind.Array ? element[int.Parse(token, CultureInfo.InvariantCulture)] : element.GetProperty(token);
        return element;
    }
}

/// <summary>The dynamic scope: the schema resources entered on the way to the current schema, innermost first.</summary>
internal sealed record Scope(Uri Resource, Scope? Outer)
{
    public IEnumerable<Uri> OutermostFirst()
    {
        var list = new List<Uri>();
        for (var s = this; s is not null; s = s.Outer) list.Add(s.Resource);
        list.Reverse();
        return list;
    }
}

/// <summary>The result of one schema against one instance, with the annotations "unevaluated*" need.</summary>
internal sealed class Outcome
{
    public List<SchemaError> Errors { get; } = [];
    public HashSet<string> Properties { get; } = new(StringComparer.Ordinal);
    public int ItemPrefix { get; set; }
    public bool AllItems { get; set; }
    public HashSet<int> ContainedItems { get; } = [];

    public bool Valid => Errors.Count == 0;

    /// <summary>Takes a child's errors, and its annotations when it passed (failed subschemas annotate nothing).</summary>
    public void Absorb(Outcome child, bool keepErrors = true)
    {
        if (keepErrors) Errors.AddRange(child.Errors);
        if (child.Valid) Annotate(child);
    }

    public void Annotate(Outcome child)
    {
        Properties.UnionWith(child.Properties);
        ItemPrefix = Math.Max(ItemPrefix, child.ItemPrefix);
        AllItems |= child.AllItems;
        ContainedItems.UnionWith(child.ContainedItems);
    }
}
