using System.Net;
using Symphony.Client;
using Symphony.Client.Models;

namespace Symphony.Cli;

/// <summary>
/// The server and the token a command uses: <c>SYMPHONY_TOKEN</c> (a personal access token or an access token) with
/// <c>--server</c> or <c>SYMPHONY_SERVER</c>; otherwise what <c>symphony login</c> kept, its access token refreshed
/// with the refresh token when it has expired.
/// </summary>
public sealed class Connection
{
    public required Uri Server { get; init; }
    public required SymphonyApiClient Client { get; init; }

    public static async Task<Connection> OpenAsync(string? server, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("SYMPHONY_TOKEN") is { Length: > 0 } token)
        {
            var url = server ?? Environment.GetEnvironmentVariable("SYMPHONY_SERVER")
                ?? Credentials.Load()?.Server
                ?? throw new CliException("SYMPHONY_TOKEN is set but no server is: give --server or set SYMPHONY_SERVER.", ExitCodes.Usage);
            var uri = ServerUri(url);
            return new Connection { Server = uri, Client = SymphonyClient.Create(uri, token, Http()) };
        }

        return await OpenSavedAsync(server, ct);
    }

    /// <summary>
    /// The session <c>symphony login</c> kept. Its tokens go to the server it was made on and nowhere else: another
    /// <c>--server</c> is refused rather than handed them.
    /// </summary>
    public static async Task<Connection> OpenSavedAsync(string? server, CancellationToken ct)
    {
        var saved = Credentials.Load() ?? throw new CliException("Not signed in: run `symphony login --server URL --username NAME`, or set SYMPHONY_TOKEN.",
            ExitCodes.Authentication);
        var savedUri = ServerUri(saved.Server);
        if (server is not null && ServerUri(server).ToString().TrimEnd('/') != savedUri.ToString().TrimEnd('/'))
            throw new CliException($"You are signed in to {saved.Server}, not {server}: run `symphony login --server {server}`, or set SYMPHONY_TOKEN.",
                ExitCodes.Authentication);
        if (saved.AccessTokenExpiresAt <= DateTimeOffset.UtcNow.AddSeconds(30))
            saved = await RefreshAsync(savedUri, saved, ct);
        return new Connection { Server = savedUri, Client = SymphonyClient.Create(savedUri, saved.AccessToken, Http()) };
    }

    /// <summary>Signs in with a username and password (CSRF token first, as the API asks) and keeps the tokens.</summary>
    public static async Task<Credentials> LoginAsync(string server, string username, string password, CancellationToken ct)
    {
        var uri = ServerUri(server);
        var anonymous = SymphonyClient.Create(uri, "", Http(new CookieContainer()));
        var csrf = await anonymous.Api.V1.Auth.CsrfToken.GetAsync(cancellationToken: ct);
        var tokens = await anonymous.Api.V1.Auth.Login.PostAsync(new LoginCommand { Username = username, Password = password },
            c => c.Headers.Add(csrf!.HeaderName ?? "X-CSRF-Token", csrf.CsrfToken!), ct);
        var credentials = new Credentials(uri.ToString().TrimEnd('/'), username, tokens!.RefreshToken!, tokens.AccessToken!,
            tokens.ExpiresAt ?? DateTimeOffset.UtcNow.AddMinutes(5));
        credentials.Save();
        return credentials;
    }

    private static async Task<Credentials> RefreshAsync(Uri server, Credentials saved, CancellationToken ct)
    {
        try
        {
            var tokens = await SymphonyClient.Create(server, "", Http()).Api.V1.Auth.Refresh
                .PostAsync(new RefreshCommand { RefreshToken = saved.RefreshToken }, cancellationToken: ct);
            var renewed = saved with
            {
                RefreshToken = tokens!.RefreshToken ?? saved.RefreshToken,
                AccessToken = tokens.AccessToken!,
                AccessTokenExpiresAt = tokens.ExpiresAt ?? DateTimeOffset.UtcNow.AddMinutes(5),
            };
            renewed.Save();
            return renewed;
        }
        catch (Problem problem) when (problem.ResponseStatusCode == 401)
        {
            throw new CliException($"The session of {saved.Username} on {saved.Server} has ended ({problem.MessageCode}): run `symphony login` again.",
                ExitCodes.Authentication);
        }
    }

    /// <summary>An https address, or http to this machine only: tokens and passwords do not cross a network in clear.</summary>
    private static Uri ServerUri(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliException($"'{server}' is not a server address such as https://symphony.example.", ExitCodes.Usage);
        if (uri.Scheme == "http" && !uri.IsLoopback && Environment.GetEnvironmentVariable("SYMPHONY_ALLOW_HTTP") != "1")
            throw new CliException($"{server} is plain HTTP: use https, or set SYMPHONY_ALLOW_HTTP=1 to send credentials in clear anyway.", ExitCodes.Usage);
        return uri;
    }

    private static HttpClient Http(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = cookies is not null })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
}
