using System.Text.Json;
using System.Text.Json.Serialization;

namespace Symphony.Cli;

/// <summary>
/// What <c>symphony login</c> keeps in the user's config folder (<c>$XDG_CONFIG_HOME/symphony/credentials.json</c>,
/// else <c>~/.config/symphony/credentials.json</c>), readable by its owner only (0600): the server, the user, the
/// refresh token and the current access token with its expiry. Never the password.
/// </summary>
public sealed record Credentials(
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("access_token_expires_at")] DateTimeOffset AccessTokenExpiresAt)
{
    public static string Path
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return System.IO.Path.Combine(config, "symphony", "credentials.json");
        }
    }

    public static Credentials? Load() =>
        File.Exists(Path) ? JsonSerializer.Deserialize<Credentials>(File.ReadAllText(Path)) : null;

    /// <summary>
    /// Writes a new file (never into one that exists, which could be someone else's or a link) readable by its owner
    /// only, in a folder only its owner may enter, and moves it in place.
    /// </summary>
    public void Save()
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = Path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
            JsonSerializer.Serialize(stream, this);
        File.Move(temporary, Path, overwrite: true);
    }

    public static void Delete()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }
}
