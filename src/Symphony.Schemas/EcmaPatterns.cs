using System.Text.RegularExpressions;

namespace Symphony.Schemas;

/// <summary>
/// JSON Schema patterns are ECMA-262 regular expressions. .NET's syntax is close; the difference that matters
/// for schemas is Unicode property escapes, which ECMA-262 writes with long names (\p{Letter}) where .NET
/// knows the short general-category names (\p{L}). Those are rewritten; everything else is passed through.
/// </summary>
internal static partial class EcmaPatterns
{
    private static readonly Dictionary<string, string> Categories = new(StringComparer.Ordinal)
    {
        ["Letter"] = "L", ["Cased_Letter"] = "L", ["Uppercase_Letter"] = "Lu", ["Lowercase_Letter"] = "Ll",
        ["Titlecase_Letter"] = "Lt", ["Modifier_Letter"] = "Lm", ["Other_Letter"] = "Lo",
        ["Mark"] = "M", ["Nonspacing_Mark"] = "Mn", ["Spacing_Mark"] = "Mc", ["Enclosing_Mark"] = "Me",
        ["Number"] = "N", ["Decimal_Number"] = "Nd", ["digit"] = "Nd", ["Letter_Number"] = "Nl", ["Other_Number"] = "No",
        ["Punctuation"] = "P", ["punct"] = "P", ["Connector_Punctuation"] = "Pc", ["Dash_Punctuation"] = "Pd",
        ["Open_Punctuation"] = "Ps", ["Close_Punctuation"] = "Pe", ["Initial_Punctuation"] = "Pi",
        ["Final_Punctuation"] = "Pf", ["Other_Punctuation"] = "Po",
        ["Symbol"] = "S", ["Math_Symbol"] = "Sm", ["Currency_Symbol"] = "Sc", ["Modifier_Symbol"] = "Sk", ["Other_Symbol"] = "So",
        ["Separator"] = "Z", ["Space_Separator"] = "Zs", ["Line_Separator"] = "Zl", ["Paragraph_Separator"] = "Zp",
        ["Other"] = "C", ["Control"] = "Cc", ["cntrl"] = "Cc", ["Format"] = "Cf", ["Surrogate"] = "Cs",
        ["Private_Use"] = "Co", ["Unassigned"] = "Cn",
    };

    [GeneratedRegex(@"\\([pP])\{(?:General_Category=|gc=)?([A-Za-z_]+)\}")]
    private static partial Regex PropertyEscape();

    public static string ToDotNet(string pattern) =>
        PropertyEscape().Replace(pattern, m =>
            Categories.TryGetValue(m.Groups[2].Value, out var shortName) ? $"\\{m.Groups[1].Value}{{{shortName}}}" : m.Value);
}
