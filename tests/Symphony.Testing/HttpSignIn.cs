using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Xunit;

namespace Symphony.Testing;

/// <summary>
/// Signing in over HTTP as the console's script does: the CSRF token first (its cookie kept by the client), then the
/// credentials. The one way the tests sign in, to a server in memory or a process.
/// </summary>
public static class HttpSignIn
{
    /// <summary>One attempt on a client that keeps cookies; the answer as it comes (for refusals).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient cookieClient, string username, string password)
    {
        var csrf = JsonNode.Parse(await cookieClient.GetStringAsync("/api/v1/auth/csrf-token"))!["csrf_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = SymphonyApp.Json(new { username, password }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        return await cookieClient.SendAsync(request);
    }

    /// <summary>One attempt at the server at <paramref name="url"/>, on a client of its own.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(string url, string username, string password)
    {
        using var client = CookieClient(url);
        return await PostLoginAsync(client, username, password);
    }

    /// <summary>Signs in and answers the access token; a refusal fails the test with the server's answer.</summary>
    public static async Task<string> AccessTokenAsync(string url, string username, string password)
    {
        using var login = await PostLoginAsync(url, username, password);
        var body = await login.Content.ReadAsStringAsync();
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"sign-in of {username} refused: {body}");
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    /// <summary>A client of the server at <paramref name="url"/> carrying the access token of a fresh sign-in.</summary>
    public static async Task<HttpClient> ClientAsync(string url, string username, string password) =>
        BearerClient(url, await AccessTokenAsync(url, username, password));

    public static HttpClient BearerClient(string url, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(3) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient CookieClient(string url) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
}
