using Symphony.Application.Common;

namespace Symphony.Application.Tests;

public sealed class CsvTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_records_keep_their_first_line()
    {
        var records = Csv.Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,\n");

        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["last", "", ""], records[2].Fields);
    }

    [Theory]
    [InlineData("a,\"open\r\n")]
    [InlineData("a,b\"c\r\n")]
    public void Broken_quoting_is_refused_with_its_line(string text) =>
        Assert.StartsWith("Line 1:", Assert.Throws<FormatException>(() => Csv.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Written_lines_read_back_as_the_values_and_formulas_are_defused()
    {
        string?[] values = ["plain", "with, comma", "with \"quote\"", "two\nlines", null, "=1+1", "@cmd", "-2", "+3"];
        var parsed = Csv.Parse(Csv.Line(values)).Single().Fields;

        Assert.Equal(["plain", "with, comma", "with \"quote\"", "two\nlines", "", "'=1+1", "'@cmd", "'-2", "'+3"], parsed);
    }

    [Theory]
    [InlineData(" =1+1")]
    [InlineData("\u00A0=HYPERLINK(\"http://x\")")]
    [InlineData("\uFF1D1+1")]
    [InlineData("\uFF0B1")]
    [InlineData("\uFF0D1")]
    [InlineData("\uFF20SUM(A1)")]
    public void Cells_a_spreadsheet_would_trim_or_widen_into_a_formula_are_defused_too(string value) =>
        Assert.Equal("'" + value, Csv.Parse(Csv.Line([value])).Single().Fields[0]);
}
