using System.Text.Json;

namespace Symphony.Schemas;

/// <summary>
/// Every schema resource known by URI: each document added, and each subschema with its own "$id", with
/// their "$anchor" and "$dynamicAnchor" names. References resolve against this index; nothing is fetched.
/// </summary>
public sealed class SchemaRegistry
{
    private readonly Dictionary<string, (SchemaDocument Document, string Pointer)> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SchemaDocument Document, string Pointer)> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dynamicAnchors = new(StringComparer.Ordinal);
    private int _documents;

    /// <summary>Registers a schema under its "$id" (or a generated URI), for references from other schemas.</summary>
    public void Register(JsonElement schema, SchemaDraft defaultDraft = SchemaDraft.Draft202012) => Add(schema.Clone(), defaultDraft);

    internal SchemaDocument Add(JsonElement root, SchemaDraft defaultDraft)
    {
        var draft = DraftOf(root) ?? defaultDraft;
        var baseUri = new Uri($"https://schemas.symphony.invalid/{++_documents}/schema.json");
        var document = new SchemaDocument(root, draft, baseUri);
        Index(document, root, "", baseUri);
        return document;
    }

    internal bool TryResource(Uri uri, out (SchemaDocument Document, string Pointer) resource) =>
        _resources.TryGetValue(WithoutFragment(uri), out resource);

    internal bool TryAnchor(Uri resource, string name, out (SchemaDocument Document, string Pointer) target) =>
        _anchors.TryGetValue(WithoutFragment(resource) + "#" + name, out target);

    internal bool HasDynamicAnchor(Uri resource, string name) => _dynamicAnchors.Contains(WithoutFragment(resource) + "#" + name);

    internal static string WithoutFragment(Uri uri) => uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);

    private static SchemaDraft? DraftOf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$schema", out var schema) && schema.ValueKind == JsonValueKind.String
            ? schema.GetString()!.Contains("draft-07", StringComparison.Ordinal) ? SchemaDraft.Draft7
                : schema.GetString()!.Contains("2020-12", StringComparison.Ordinal) ? SchemaDraft.Draft202012 : null
            : null;

    private void Index(SchemaDocument document, JsonElement schema, string pointer, Uri baseUri)
    {
        if (pointer.Length == 0) _resources[WithoutFragment(baseUri)] = (document, "");
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False) return;
        if (schema.ValueKind != JsonValueKind.Object)
            throw new SchemaException($"The schema at #{pointer} must be an object or a boolean.");

        var draft = document.Draft;
        SchemaShape.Check(schema, draft, pointer);
        // In draft 7 "$ref" makes every sibling keyword, "$id" included, ignored.
        var refOnly = draft == SchemaDraft.Draft7 && schema.TryGetProperty("$ref", out _);
        if (!refOnly && schema.TryGetProperty("$id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            var text = id.GetString()!;
            if (draft == SchemaDraft.Draft7 && text.StartsWith('#'))
                _anchors[WithoutFragment(baseUri) + text] = (document, pointer);
            else
            {
                if (!Uri.TryCreate(baseUri, text, out var resolved))
                    throw new SchemaException($"\"$id\" {text} is not a URI reference.");
                baseUri = resolved;
                _resources[WithoutFragment(baseUri)] = (document, pointer);
                document.BaseUris[pointer] = baseUri;
                if (draft == SchemaDraft.Draft7 && resolved.Fragment.Length > 1)
                    _anchors[WithoutFragment(baseUri) + resolved.Fragment] = (document, pointer);
            }
        }
        if (draft == SchemaDraft.Draft202012)
        {
            if (schema.TryGetProperty("$anchor", out var anchor) && anchor.ValueKind == JsonValueKind.String)
                _anchors[WithoutFragment(baseUri) + "#" + anchor.GetString()] = (document, pointer);
            if (schema.TryGetProperty("$dynamicAnchor", out var dynamic) && dynamic.ValueKind == JsonValueKind.String)
            {
                _anchors[WithoutFragment(baseUri) + "#" + dynamic.GetString()] = (document, pointer);
                _dynamicAnchors.Add(WithoutFragment(baseUri) + "#" + dynamic.GetString());
            }
        }

        foreach (var property in schema.EnumerateObject())
        {
            if (refOnly && property.Name != "$ref") continue;
            var child = pointer + "/" + Pointer.Escape(property.Name);
            var shape = Keywords.ShapeOf(property.Name, draft);
            if (shape == SubschemaShape.SingleOrArray)
                shape = property.Value.ValueKind == JsonValueKind.Array ? SubschemaShape.Array : SubschemaShape.Single;
            if (shape == SubschemaShape.Single)
                Index(document, property.Value, child, baseUri);
            else if (shape == SubschemaShape.Map && property.Value.ValueKind == JsonValueKind.Object)
                // Draft 7 "dependencies" mixes schemas with arrays of property names; only the schemas are indexed.
                foreach (var entry in property.Value.EnumerateObject().Where(e => !(property.Name == "dependencies" && e.Value.ValueKind == JsonValueKind.Array)))
                    Index(document, entry.Value, child + "/" + Pointer.Escape(entry.Name), baseUri);
            else if (shape == SubschemaShape.Array && property.Value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in property.Value.EnumerateArray())
                    Index(document, item, child + "/" + i++, baseUri);
            }
        }
    }
}

/// <summary>One schema document: its root, its draft, and the base URI in force at each "$id".</summary>
internal sealed class SchemaDocument(JsonElement root, SchemaDraft draft, Uri baseUri)
{
    public JsonElement Root { get; } = root;
    public SchemaDraft Draft { get; } = draft;
    public Dictionary<string, Uri> BaseUris { get; } = new(StringComparer.Ordinal) { [""] = baseUri };

    /// <summary>The base URI of the schema at a pointer: that of the nearest enclosing "$id".</summary>
    public Uri BaseUriAt(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (BaseUris.TryGetValue(p, out var uri)) return uri;
            if (p.Length == 0) return BaseUris[""];
        }
    }

    public JsonElement? At(string pointer)
    {
        var current = Root;
        if (pointer.Length == 0) return current;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = Pointer.Unescape(raw);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
                current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
                current = current[index];
            else
                return null;
        }
        return current;
    }
}

internal enum SubschemaShape { None, Single, Map, Array, SingleOrArray }

internal static class Keywords
{
    public static SubschemaShape ShapeOf(string keyword, SchemaDraft draft) => keyword switch
    {
        "additionalProperties" or "contains" or "not" or "if" or "then" or "else" or "propertyNames" => SubschemaShape.Single,
        "unevaluatedItems" or "unevaluatedProperties" or "contentSchema" when draft == SchemaDraft.Draft202012 => SubschemaShape.Single,
        "additionalItems" when draft == SchemaDraft.Draft7 => SubschemaShape.Single,
        "items" => draft == SchemaDraft.Draft7 ? SubschemaShape.SingleOrArray : SubschemaShape.Single,
        "properties" or "patternProperties" => SubschemaShape.Map,
        "$defs" or "dependentSchemas" when draft == SchemaDraft.Draft202012 => SubschemaShape.Map,
        "definitions" or "dependencies" when draft == SchemaDraft.Draft7 => SubschemaShape.Map,
        "allOf" or "anyOf" or "oneOf" => SubschemaShape.Array,
        "prefixItems" when draft == SchemaDraft.Draft202012 => SubschemaShape.Array,
        _ => SubschemaShape.None,
    };
}

/// <summary>JSON Pointer (RFC 6901) tokens, as written in schema paths and in URI fragments.</summary>
internal static class Pointer
{
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
