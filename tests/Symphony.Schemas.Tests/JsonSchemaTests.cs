namespace Symphony.Schemas.Tests;

/// <summary>What the suite does not cover: refusing broken schemas on parse, and the shape of errors.</summary>
public sealed class JsonSchemaTests
{
    [Theory]
    [InlineData("""{"type": 5}""")]
    [InlineData("""{"type": "text"}""")]
    [InlineData("""{"minLength": -1}""")]
    [InlineData("""{"maxItems": 1.5}""")]
    [InlineData("""{"pattern": "(unclosed"}""")]
    [InlineData("""{"patternProperties": {"[": true}}""")]
    [InlineData("""{"required": ["a", 1]}""")]
    [InlineData("""{"multipleOf": 0}""")]
    [InlineData("""{"properties": {"a": 3}}""")]
    [InlineData("""{"allOf": []}""")]
    [InlineData("""[]""")]
    public void A_broken_schema_is_refused_when_parsed(string schema) =>
        Assert.Throws<SchemaException>(() => JsonSchema.Parse(schema));

    [Fact]
    public void Errors_name_the_instance_path_the_schema_path_and_the_keyword()
    {
        var schema = JsonSchema.Parse("""
            {"type":"object","required":["host"],
             "properties":{"ports":{"type":"array","items":{"type":"integer","maximum":65535}}}}
            """);
        var result = schema.Validate("""{"ports":[22, 70000, "x"]}""");
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e is { InstancePath: "/", Keyword: "required" });
        Assert.Contains(result.Errors, e => e is { InstancePath: "/ports/1", Keyword: "maximum", SchemaPath: "#/properties/ports/items/maximum" });
        Assert.Contains(result.Errors, e => e is { InstancePath: "/ports/2", Keyword: "type" });
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void A_reference_to_an_unknown_schema_is_an_error_not_a_pass()
    {
        var schema = JsonSchema.Parse("""{"$ref": "https://example.invalid/other.json"}""");
        Assert.Throws<SchemaReferenceException>(() => schema.Validate("1"));
    }

    [Fact]
    public void A_schema_registered_beforehand_can_be_referenced_by_its_id()
    {
        var registry = new SchemaRegistry();
        using var host = System.Text.Json.JsonDocument.Parse("""{"$id":"https://schemas.example/host.json","type":"string","minLength":1}""");
        registry.Register(host.RootElement);
        var schema = JsonSchema.Parse("""{"type":"array","items":{"$ref":"https://schemas.example/host.json"}}""", registry: registry);
        Assert.True(schema.Validate("""["db1","db2"]""").IsValid);
        Assert.False(schema.Validate("""["db1",""]""").IsValid);
    }

    [Fact]
    public void Draft_7_is_chosen_by_schema_and_keeps_its_own_meaning_of_items()
    {
        var schema = JsonSchema.Parse("""{"$schema":"http://json-schema.org/draft-07/schema#","items":[{"type":"string"}],"additionalItems":false}""");
        Assert.Equal(SchemaDraft.Draft7, schema.Draft);
        Assert.True(schema.Validate("""["a"]""").IsValid);
        Assert.False(schema.Validate("""["a", 1]""").IsValid);
    }
}
