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

    public void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
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
