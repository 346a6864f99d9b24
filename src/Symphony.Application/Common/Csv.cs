using System.Text;

namespace Symphony.Application.Common;

/// <summary>RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF or LF.</summary>
public static class Csv
{
    /// <summary>The records of a text, each with the line it starts on (1-based).</summary>
    public static List<(int Line, List<string> Fields)> Parse(string text)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var atFieldStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    break;
                case '"':
                    throw new FormatException($"Line {line}: a quote inside an unquoted field.");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0) records.Add((start, fields));
                    fields = [];
                    atFieldStart = true;
                    start = ++line;
                    break;
                default:
                    field.Append(c);
                    atFieldStart = false;
                    break;
            }
        }
        if (quoted) throw new FormatException($"Line {start}: a quoted field is not closed.");
        fields.Add(field.ToString());
        if (fields.Count > 1 || fields[0].Length > 0) records.Add((start, fields));
        return records;
    }

    /// <summary>
    /// One CSV line. Cells that a spreadsheet would run as a formula get a leading apostrophe, so an exported file
    /// cannot execute anything when opened: those starting with =, +, -, @, tab or CR, their full-width forms
    /// (which some spreadsheets read as the same), and a space or no-break space (trimmed before the formula is read).
    /// </summary>
    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Cell)) + "\r\n";

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or ' ' or '\u00A0' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
