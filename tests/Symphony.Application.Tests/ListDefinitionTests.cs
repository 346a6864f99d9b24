using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Application.Tests;

public sealed class ListDefinitionTests
{
    private sealed record Row(string Name, int Size, bool Flag);

    private static readonly ListDefinition<Row> Definition = new ListDefinition<Row>()
        .Filter("flag", v =>
        {
            var flag = FilterValues.Bool(v);
            return new(r => r.Flag == flag);
        })
        .Filter("min_size", v =>
        {
            var min = int.TryParse(v, out var n) ? n : throw new FormatException("min_size must be an integer.");
            return new(r => r.Size >= min);
        })
        .Sort("name", r => r.Name, isDefault: true)
        .Sort("size", r => r.Size);

    private static readonly Row[] Rows = Enumerable.Range(1, 45)
        .Select(i => new Row($"row-{i:D2}", i, i % 3 == 0))
        .ToArray();

    // EF's async operators need an async provider; this wraps LINQ to objects for the unit tests.
    private static Task<PagedResult<string>> Run(params (string, string)[] parameters) =>
        Definition.ToPageAsync(new AsyncQueryable<Row>(Rows), ListRequest.Of(parameters), r => r.Name, CancellationToken.None);

    [Fact]
    public async Task Pages_carry_total_page_count_and_limit()
    {
        var page = await Run(("page", "3"), ("limit", "20"));
        Assert.Equal(45, page.Total);
        Assert.Equal(3, page.Pages);
        Assert.Equal(3, page.Page);
        Assert.Equal(["row-41", "row-42", "row-43", "row-44", "row-45"], page.Items);
    }

    [Fact]
    public async Task Filters_combine_and_sort_follows_order()
    {
        var page = await Run(("flag", "true"), ("min_size", "30"), ("sort", "size"), ("order", "desc"));
        Assert.Equal(["row-45", "row-42", "row-39", "row-36", "row-33", "row-30"], page.Items);
    }

    [Theory]
    [InlineData("colour", "red", "colour")]
    [InlineData("sort", "colour", "sort")]
    [InlineData("order", "sideways", "order")]
    [InlineData("limit", "0", "limit")]
    [InlineData("limit", "201", "limit")]
    [InlineData("page", "x", "page")]
    [InlineData("flag", "maybe", "flag")]
    [InlineData("min_size", "big", "min_size")]
    public async Task Unknown_names_and_bad_values_are_validation_errors_naming_the_parameter(string name, string value, string field)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Run((name, value)));
        Assert.Equal(MessageCodes.ValidationError, error.Code);
        Assert.Equal(field, Assert.Single(error.Errors).Field);
    }

    [Fact]
    public async Task An_empty_result_has_zero_pages()
    {
        var page = await Run(("min_size", "1000"));
        Assert.Equal(0, page.Total);
        Assert.Equal(0, page.Pages);
        Assert.Empty(page.Items);
    }
}

public sealed class SpecificationTests
{
    private static readonly int[] Numbers = Enumerable.Range(1, 20).ToArray();
    private static readonly Specification<int> Even = new(n => n % 2 == 0);
    private static readonly Specification<int> Big = new(n => n > 15);

    [Fact]
    public void And_or_and_not_compose_into_one_expression()
    {
        Assert.Equal([16, 18, 20], Numbers.AsQueryable().Where(Even.And(Big)).ToArray());
        Assert.Equal(12, Numbers.AsQueryable().Where(Even.Or(Big)).Count());
        Assert.Equal([1, 3, 5, 7, 9, 11, 13, 15], Numbers.AsQueryable().Where(Even.Or(Big).Not()).ToArray());
    }
}

public sealed class ValidationNamesTests
{
    [Theory]
    [InlineData("DisplayName", "display_name")]
    [InlineData("Items[0].SequenceNumber", "items[0].sequence_number")]
    [InlineData("Version", "version")]
    public void Field_names_are_reported_as_in_the_json_body(string property, string json) =>
        Assert.Equal(json, Validation.JsonName(property));
}
