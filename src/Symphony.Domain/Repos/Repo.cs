using System.Text.RegularExpressions;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Repos;

/// <summary>A source repository of a workspace: either a local folder or a remote Git URL.</summary>
public sealed partial class Repo : VersionedEntity, IWorkspaceOwned
{
    public const int MaxPerWorkspace = 100;
    public const int MaxLocationLength = 500;

    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string? LocalPath { get; set; }
    public string? RemoteUrl { get; set; }
    public string? DefaultBranch { get; set; }
    public DateTime? LastSyncedAt { get; set; }

    /// <summary>
    /// Accepted remote forms: https://host/path, http://host/path, ssh://[user@]host[:port]/path,
    /// git://host/path and the scp-like user@host:path. Credentials inside the URL are refused.
    /// </summary>
    public static string? CheckRemoteUrl(string url)
    {
        if (url.Length > MaxLocationLength) return $"Remote URL must be at most {MaxLocationLength} characters.";
        if (ScpLikeUrl().IsMatch(url)) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return "Remote URL must be https://, http://, ssh://, git:// or user@host:path.";
        if (uri.Scheme is not ("https" or "http" or "ssh" or "git"))
            return "Remote URL must be https://, http://, ssh://, git:// or user@host:path.";
        if (uri.AbsolutePath.Length <= 1)
            return "Remote URL must name a repository path.";
        if (uri.Scheme is "https" or "http" && !string.IsNullOrEmpty(uri.UserInfo))
            return "Remote URL must not contain credentials; store them in a vault.";
        return null;
    }

    public static string? CheckLocalPath(string path)
    {
        if (path.Length > MaxLocationLength) return $"Local path must be at most {MaxLocationLength} characters.";
        if (!path.StartsWith('/')) return "Local path must be absolute.";
        if (path.Split('/').Contains("..")) return "Local path must not contain '..'.";
        if (path.Contains('\0')) return "Local path must not contain NUL.";
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._/~-]+$")]
    private static partial Regex ScpLikeUrl();
}
