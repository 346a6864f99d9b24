using Microsoft.Kiota.Abstractions.Serialization;
using Spectre.Console;

namespace Symphony.Cli;

/// <summary>Answers as a table for people, or with <c>--json</c> as the API's own JSON for scripts.</summary>
public sealed class Output(bool json)
{
    public bool Json => json;

    public async Task WriteAsync<T>(T answer, Func<T, Table> table) where T : IParsable
    {
        if (json) await PrintJsonAsync(answer);
        else AnsiConsole.Write(table(answer));
    }

    public static async Task PrintJsonAsync<T>(T answer) where T : IParsable =>
        await Console.Out.WriteLineAsync(await KiotaJsonSerializer.SerializeAsStringAsync(answer));

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns) table.AddColumn(new TableColumn(column));
        return table;
    }

    /// <summary>A line for people; with <c>--json</c> it goes to standard error, so standard output stays JSON.</summary>
    public void Say(string markup)
    {
        if (json) Console.Error.WriteLine(Markup.Remove(markup));
        else AnsiConsole.MarkupLine(markup);
    }

    public static string Text(object? value) => Markup.Escape(value switch
    {
        null => "",
        DateTimeOffset time => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        IEnumerable<string> values => string.Join(", ", values),
        _ => value.ToString() ?? "",
    });
}
