using System.Text.RegularExpressions;

namespace Symphony.Domain.Common;

/// <summary>The name rules shared by workspace slugs, repos and vaults.</summary>
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

    /// <summary>User names: letters, digits, dot, dash, underscore and @.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]*$")]
    public static partial Regex Username();
}
