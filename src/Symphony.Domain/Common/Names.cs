using System.Text.RegularExpressions;

namespace Symphony.Domain.Common;

/// <summary>The name rules shared by workspace slugs, repos, vaults, tags and classifications.</summary>
public static partial class Names
{
    public const int MaxNameLength = 100;
    public const int MaxSlugLength = 63;

    /// <summary>Letters, digits, dot, dash and underscore; starting with a letter or digit.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    public static partial Regex ResourceName();

    /// <summary>Lower-case words of letters and digits joined by single dashes, as in URLs.</summary>
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    public static partial Regex Slug();

    /// <summary>The code of a tag or a classification, which filters, scopes and scripts name: lower-case letters, digits, '-' and '_'.</summary>
    [GeneratedRegex("^[a-z0-9_-]{1,50}$")]
    public static partial Regex Code();

    /// <summary>A colour for the console: '#' and six hexadecimal digits.</summary>
    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    public static partial Regex Colour();

    /// <summary>User names: letters, digits, dot, dash, underscore and @.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]*$")]
    public static partial Regex Username();
}
