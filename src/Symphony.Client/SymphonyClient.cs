using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Symphony.Client;

/// <summary>
/// Makes the typed API client: <c>SymphonyClient.Create(new Uri("https://symphony.example"), token)</c>, where the token
/// is a personal access token (<c>sym_...</c>) or an access token from a sign-in. Problems come back as
/// <see cref="Models.Problem"/> exceptions carrying the status, title, detail and message code.
/// </summary>
public static class SymphonyClient
{
    public static SymphonyApiClient Create(Uri server, string token, HttpClient? http = null)
    {
        var authentication = new BaseBearerTokenAuthenticationProvider(new StaticToken(token, server.Host));
        var adapter = http is null
            ? new HttpClientRequestAdapter(authentication)
            : new HttpClientRequestAdapter(authentication, httpClient: http);
        adapter.BaseUrl = server.ToString().TrimEnd('/');
        return new SymphonyApiClient(adapter);
    }

    /// <summary>The same token for every request, and only to the server it was made for.</summary>
    private sealed class StaticToken(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : "");
    }
}
