using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Symphony.Schemas.JsonValues;

namespace Symphony.Schemas;

internal sealed class Evaluator(SchemaRegistry registry)
{
    private const int MaxDepth = 300;
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);
    private int _depth;

    public List<SchemaError> Run(SchemaDocument document, JsonElement instance)
    {
        var root = new Node(document, document.Root, "");
        return Evaluate(root, instance, "", new Scope(root.BaseUri, null)).Errors;
    }

    private Outcome Evaluate(Node node, JsonElement instance, string at, Scope scope)
    {
        var outcome = new Outcome();
        switch (node.Schema.ValueKind)
        {
            case JsonValueKind.True:
                return outcome;
            case JsonValueKind.False:
                Fail(outcome, node, at, "false", "No value is allowed here.");
                return outcome;
            case JsonValueKind.Object:
                break;
            default:
                throw new SchemaException($"The schema at #{node.Path} is not an object or boolean.");
        }
        if (++_depth > MaxDepth)
        {
            _depth--;
            Fail(outcome, node, at, "$ref", "The schema refers to itself without consuming the instance.");
            return outcome;
        }
        try
        {
            var resource = node.BaseUri;
            if (!Equals(scope.Resource, resource)) scope = new Scope(resource, scope);
            var schema = node.Schema;
            var draft7 = node.Draft == SchemaDraft.Draft7;

            if (schema.TryGetProperty("$ref", out var reference))
            {
                outcome.Absorb(Evaluate(Resolve(node, reference.GetString()!), instance, at, scope));
                if (draft7) return outcome;
            }
            if (!draft7 && schema.TryGetProperty("$dynamicRef", out var dynamicRef))
                outcome.Absorb(Evaluate(ResolveDynamic(node, dynamicRef.GetString()!, scope), instance, at, scope));

            Assertions(node, instance, at, outcome);
            if (instance.ValueKind == JsonValueKind.Object) ObjectApplicators(node, instance, at, scope, outcome);
            if (instance.ValueKind == JsonValueKind.Array) ArrayApplicators(node, instance, at, scope, outcome);
            InPlaceApplicators(node, instance, at, scope, outcome);
            if (!draft7) Unevaluated(node, instance, at, scope, outcome);
            return outcome;
        }
        finally
        {
            _depth--;
        }
    }

    private static void Assertions(Node node, JsonElement instance, string at, Outcome outcome)
    {
        var schema = node.Schema;
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, instance))
            Fail(outcome, node, at, "type", $"Expected {Describe(type)}, got {KindOf(instance)}.");
        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonEquals(o, instance)))
            Fail(outcome, node, at, "enum", "The value is not one of the allowed values.");
        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, instance))
            Fail(outcome, node, at, "const", "The value is not the required constant.");

        switch (instance.ValueKind)
        {
            case JsonValueKind.Number:
                NumberAssertions(node, instance, at, outcome);
                break;
            case JsonValueKind.String:
                var length = instance.GetString()!.EnumerateRunes().Count();
                if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetDouble())
                    Fail(outcome, node, at, "maxLength", $"Longer than {maxLength} characters.");
                if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetDouble())
                    Fail(outcome, node, at, "minLength", $"Shorter than {minLength} characters.");
                if (schema.TryGetProperty("pattern", out var pattern) && !PatternFor(pattern.GetString()!).IsMatch(instance.GetString()!))
                    Fail(outcome, node, at, "pattern", $"Does not match the pattern {pattern.GetString()}.");
                break;
            case JsonValueKind.Array:
                var count = instance.GetArrayLength();
                if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetDouble())
                    Fail(outcome, node, at, "maxItems", $"More than {maxItems} items.");
                if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetDouble())
                    Fail(outcome, node, at, "minItems", $"Fewer than {minItems} items.");
                if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True && !AllUnique(instance))
                    Fail(outcome, node, at, "uniqueItems", "The items are not unique.");
                break;
            case JsonValueKind.Object:
                var properties = instance.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (schema.TryGetProperty("maxProperties", out var maxProperties) && properties.Count > maxProperties.GetDouble())
                    Fail(outcome, node, at, "maxProperties", $"More than {maxProperties} properties.");
                if (schema.TryGetProperty("minProperties", out var minProperties) && properties.Count < minProperties.GetDouble())
                    Fail(outcome, node, at, "minProperties", $"Fewer than {minProperties} properties.");
                if (schema.TryGetProperty("required", out var required))
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !properties.Contains(n)))
                        Fail(outcome, node, at, "required", $"The property '{name}' is required.");
                var dependentKeyword = node.Draft == SchemaDraft.Draft7 ? "dependencies" : "dependentRequired";
                if (schema.TryGetProperty(dependentKeyword, out var dependent))
                    foreach (var entry in dependent.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Array && properties.Contains(e.Name)))
                        foreach (var name in entry.Value.EnumerateArray().Select(r => r.GetString()!).Where(n => !properties.Contains(n)))
                            Fail(outcome, node, at, dependentKeyword, $"The property '{name}' is required when '{entry.Name}' is present.");
                break;
        }
    }

    private static void NumberAssertions(Node node, JsonElement instance, string at, Outcome outcome)
    {
        var schema = node.Schema;
        if (schema.TryGetProperty("maximum", out var maximum) && Compare(instance, maximum) > 0)
            Fail(outcome, node, at, "maximum", $"Greater than {maximum}.");
        if (schema.TryGetProperty("minimum", out var minimum) && Compare(instance, minimum) < 0)
            Fail(outcome, node, at, "minimum", $"Less than {minimum}.");
        if (schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum) && exclusiveMaximum.ValueKind == JsonValueKind.Number
            && Compare(instance, exclusiveMaximum) >= 0)
            Fail(outcome, node, at, "exclusiveMaximum", $"Not less than {exclusiveMaximum}.");
        if (schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum) && exclusiveMinimum.ValueKind == JsonValueKind.Number
            && Compare(instance, exclusiveMinimum) <= 0)
            Fail(outcome, node, at, "exclusiveMinimum", $"Not greater than {exclusiveMinimum}.");
        if (schema.TryGetProperty("multipleOf", out var multipleOf) && !IsMultipleOf(instance, multipleOf))
            Fail(outcome, node, at, "multipleOf", $"Not a multiple of {multipleOf}.");
    }

    private void ObjectApplicators(Node node, JsonElement instance, string at, Scope scope, Outcome outcome)
    {
        var schema = node.Schema;
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasPatterns = schema.TryGetProperty("patternProperties", out var patterns);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out _);

        foreach (var property in instance.EnumerateObject())
        {
            var path = at + "/" + Pointer.Escape(property.Name);
            if (hasProperties && properties.TryGetProperty(property.Name, out _))
            {
                matched.Add(property.Name);
                outcome.Errors.AddRange(Evaluate(node.Child("properties", property.Name), property.Value, path, scope).Errors);
            }
            if (hasPatterns)
                foreach (var pattern in patterns.EnumerateObject().Where(p => PatternFor(p.Name).IsMatch(property.Name)))
                {
                    matched.Add(property.Name);
                    outcome.Errors.AddRange(Evaluate(node.Child("patternProperties", pattern.Name), property.Value, path, scope).Errors);
                }
            if (hasAdditional && !matched.Contains(property.Name))
            {
                var result = Evaluate(node.Child("additionalProperties"), property.Value, path, scope);
                outcome.Errors.AddRange(result.Errors);
                matched.Add(property.Name);
            }
        }
        outcome.Properties.UnionWith(matched);

        if (schema.TryGetProperty("propertyNames", out _))
            foreach (var property in instance.EnumerateObject())
            {
                using var name = JsonDocument.Parse(JsonSerializer.Serialize(property.Name));
                if (!Evaluate(node.Child("propertyNames"), name.RootElement, at, scope).Valid)
                    Fail(outcome, node, at, "propertyNames", $"The property name '{property.Name}' is not allowed.");
            }

        var dependentKeyword = node.Draft == SchemaDraft.Draft7 ? "dependencies" : "dependentSchemas";
        if (schema.TryGetProperty(dependentKeyword, out var dependent))
            foreach (var entry in dependent.EnumerateObject()
                         .Where(e => e.Value.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False && instance.TryGetProperty(e.Name, out _)))
                outcome.Absorb(Evaluate(node.Child(dependentKeyword, entry.Name), instance, at, scope));
    }

    private void ArrayApplicators(Node node, JsonElement instance, string at, Scope scope, Outcome outcome)
    {
        var schema = node.Schema;
        var items = instance.EnumerateArray().ToList();
        var draft7 = node.Draft == SchemaDraft.Draft7;

        // The leading items checked one by one: "prefixItems", or "items" as an array in draft 7.
        var tupleKeyword = draft7 ? "items" : "prefixItems";
        var prefix = 0;
        if (schema.TryGetProperty(tupleKeyword, out var tuple) && tuple.ValueKind == JsonValueKind.Array)
        {
            prefix = Math.Min(tuple.GetArrayLength(), items.Count);
            for (var i = 0; i < prefix; i++)
                outcome.Errors.AddRange(Evaluate(node.Child(tupleKeyword, i.ToString(CultureInfo.InvariantCulture)), items[i], $"{at}/{i}", scope).Errors);
            outcome.ItemPrefix = Math.Max(outcome.ItemPrefix, prefix);
        }
        // The rest: "items" (2020-12), "items" as a single schema or "additionalItems" after a tuple (draft 7).
        var restKeyword = draft7
            ? (schema.TryGetProperty("items", out var d7Items) && d7Items.ValueKind != JsonValueKind.Array ? "items"
                : tuple.ValueKind == JsonValueKind.Array && schema.TryGetProperty("additionalItems", out _) ? "additionalItems" : null)
            : schema.TryGetProperty("items", out _) ? "items" : null;
        if (restKeyword is not null)
        {
            for (var i = prefix; i < items.Count; i++)
                outcome.Errors.AddRange(Evaluate(node.Child(restKeyword), items[i], $"{at}/{i}", scope).Errors);
            outcome.AllItems = true;
        }

        if (schema.TryGetProperty("contains", out _))
        {
            var matches = new List<int>();
            for (var i = 0; i < items.Count; i++)
                if (Evaluate(node.Child("contains"), items[i], $"{at}/{i}", scope).Valid)
                    matches.Add(i);
            var min = !draft7 && schema.TryGetProperty("minContains", out var minContains) ? minContains.GetDouble() : 1;
            if (matches.Count < min)
                Fail(outcome, node, at, "contains", min == 1 ? "No item matches 'contains'." : $"Fewer than {min} items match 'contains'.");
            if (!draft7 && schema.TryGetProperty("maxContains", out var maxContains) && matches.Count > maxContains.GetDouble())
                Fail(outcome, node, at, "maxContains", $"More than {maxContains} items match 'contains'.");
            outcome.ContainedItems.UnionWith(matches);
        }
    }

    private void InPlaceApplicators(Node node, JsonElement instance, string at, Scope scope, Outcome outcome)
    {
        var schema = node.Schema;
        if (schema.TryGetProperty("allOf", out var allOf))
            for (var i = 0; i < allOf.GetArrayLength(); i++)
                outcome.Absorb(Evaluate(node.Child("allOf", Index(i)), instance, at, scope));

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var results = Enumerable.Range(0, anyOf.GetArrayLength()).Select(i => Evaluate(node.Child("anyOf", Index(i)), instance, at, scope)).ToList();
            if (results.All(r => !r.Valid))
                Fail(outcome, node, at, "anyOf", "The value matches none of the 'anyOf' schemas.");
            foreach (var result in results.Where(r => r.Valid)) outcome.Annotate(result);
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var results = Enumerable.Range(0, oneOf.GetArrayLength()).Select(i => Evaluate(node.Child("oneOf", Index(i)), instance, at, scope)).ToList();
            var passed = results.Count(r => r.Valid);
            if (passed != 1)
                Fail(outcome, node, at, "oneOf", $"The value matches {passed} of the 'oneOf' schemas; exactly one must match.");
            else
                outcome.Annotate(results.Single(r => r.Valid));
        }

        if (schema.TryGetProperty("not", out _) && Evaluate(node.Child("not"), instance, at, scope).Valid)
            Fail(outcome, node, at, "not", "The value matches the 'not' schema.");

        if (schema.TryGetProperty("if", out _))
        {
            var condition = Evaluate(node.Child("if"), instance, at, scope);
            if (condition.Valid)
            {
                outcome.Annotate(condition);
                if (schema.TryGetProperty("then", out _)) outcome.Absorb(Evaluate(node.Child("then"), instance, at, scope));
            }
            else if (schema.TryGetProperty("else", out _))
                outcome.Absorb(Evaluate(node.Child("else"), instance, at, scope));
        }
    }

    private void Unevaluated(Node node, JsonElement instance, string at, Scope scope, Outcome outcome)
    {
        var schema = node.Schema;
        if (instance.ValueKind == JsonValueKind.Array && schema.TryGetProperty("unevaluatedItems", out _) && !outcome.AllItems)
        {
            var i = 0;
            foreach (var item in instance.EnumerateArray())
            {
                if (i >= outcome.ItemPrefix && !outcome.ContainedItems.Contains(i))
                    outcome.Errors.AddRange(Evaluate(node.Child("unevaluatedItems"), item, $"{at}/{i}", scope).Errors);
                i++;
            }
            outcome.AllItems = true;
        }
        if (instance.ValueKind == JsonValueKind.Object && schema.TryGetProperty("unevaluatedProperties", out _))
        {
            foreach (var property in instance.EnumerateObject().Where(p => !outcome.Properties.Contains(p.Name)).ToList())
            {
                outcome.Errors.AddRange(Evaluate(node.Child("unevaluatedProperties"), property.Value, at + "/" + Pointer.Escape(property.Name), scope).Errors);
                outcome.Properties.Add(property.Name);
            }
        }
    }

    /// <summary>Resolves a "$ref" against the base URI of the schema holding it.</summary>
    private Node Resolve(Node from, string reference)
    {
        if (!Uri.TryCreate(from.BaseUri, reference, out var target))
            throw new SchemaReferenceException(reference, null);
        if (!registry.TryResource(target, out var resource))
            throw new SchemaReferenceException(reference, target);
        var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
        if (fragment.Length == 0)
            return new Node(resource.Document, resource.Document.At(resource.Pointer)!.Value, resource.Pointer);
        if (fragment.StartsWith('/'))
        {
            var pointer = resource.Pointer + fragment;
            return resource.Document.At(pointer) is { } element
                ? new Node(resource.Document, element, pointer)
                : throw new SchemaReferenceException(reference, target);
        }
        return registry.TryAnchor(target, fragment, out var anchor)
            ? new Node(anchor.Document, anchor.Document.At(anchor.Pointer)!.Value, anchor.Pointer)
            : throw new SchemaReferenceException(reference, target);
    }

    /// <summary>
    /// "$dynamicRef": resolved like "$ref"; if that lands on a "$dynamicAnchor" of the same name, the outermost
    /// resource in the dynamic scope that has such an anchor wins.
    /// </summary>
    private Node ResolveDynamic(Node from, string reference, Scope scope)
    {
        var initial = Resolve(from, reference);
        var fragment = reference.Contains('#', StringComparison.Ordinal) ? reference[(reference.IndexOf('#', StringComparison.Ordinal) + 1)..] : "";
        if (fragment.Length == 0 || fragment.StartsWith('/')) return initial;
        if (!(initial.Schema.ValueKind == JsonValueKind.Object && initial.Schema.TryGetProperty("$dynamicAnchor", out var anchor) && anchor.GetString() == fragment))
            return initial;
        foreach (var resource in scope.OutermostFirst())
            if (registry.HasDynamicAnchor(resource, fragment) && registry.TryAnchor(resource, fragment, out var target))
                return new Node(target.Document, target.Document.At(target.Pointer)!.Value, target.Pointer);
        return initial;
    }

    private static void Fail(Outcome outcome, Node node, string at, string keyword, string message) =>
        outcome.Errors.Add(new SchemaError(at.Length == 0 ? "/" : at, "#" + node.Path + "/" + keyword, keyword, message));

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static Regex PatternFor(string pattern) =>
        Patterns.GetOrAdd(pattern, p =>
        {
            try
            {
                return new Regex(EcmaPatterns.ToDotNet(p), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new SchemaException($"The pattern '{p}' is not a valid regular expression: {e.Message}");
            }
        });
}
