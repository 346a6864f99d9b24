namespace Symphony.Infrastructure.Persistence;

/// <summary>Settings of the whole deployment (<c>Symphony</c>).</summary>
public sealed class SymphonyOptions
{
    public const string Section = "Symphony";

    /// <summary>Where data lives unless <c>Symphony:DataDirectory</c> says otherwise: "data" under the working directory.</summary>
    public const string DefaultDataDirectory = "data";

    /// <summary>Folder for the SQLite file and key files. Relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>
    /// The address external engines use to reach this deployment (for workflow callbacks), for example
    /// https://symphony.example.com. Unset, automations that follow workflows by callback cannot start them.
    /// </summary>
    public string? PublicUrl { get; set; }
}
