using System.Net;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

public abstract class ProxiedApp : SymphonyApp
{
    private readonly KeyValuePair<string, string>[] _settings;

    protected ProxiedApp(string trusted, params KeyValuePair<string, string>[] settings) : base(DatabaseProvider.Sqlite)
    {
        _settings = [new("Symphony:Http:TrustedProxies:0", trusted), .. settings];
        UseKestrel(0);
    }

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => _settings;

    protected override void OnDatabaseReady() => StartServer();
}

public sealed class LoopbackProxyApp() : ProxiedApp("127.0.0.1");

/// <summary>Trusts a network the test's requests do not come from.</summary>
public sealed class OtherProxyApp() : ProxiedApp("10.0.0.0/8");

public abstract class ProxyTests(SymphonyApp app)
{
    /// <summary>Signs in with forwarded headers on the login request; answers its response and the address the audit log recorded.</summary>
    protected async Task<(HttpResponseMessage Response, string? Address)> SignInThroughProxyAsync()
    {
        var name = "px" + Guid.NewGuid().ToString("N")[..8];
        var id = await app.CreateUserAsync(name, "viewer");
        var client = app.NewClient(cookies: true);
        var csrf = await CsrfTokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = Json(new { username = name, password = UserPassword }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/audit-events?action=auth.login&actor_id={id}"));
        return (response, audit["items"]![0]!["ip_address"]?.GetValue<string>());
    }

    protected static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("symphony_session=", StringComparison.Ordinal));
}

public sealed class TrustedProxyTests(LoopbackProxyApp app) : ProxyTests(app), IClassFixture<LoopbackProxyApp>
{
    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_address_and_https_are_the_forwarded_ones()
    {
        var (response, address) = await SignInThroughProxyAsync();

        Assert.Equal("203.0.113.7", address);
        Assert.Contains("secure", SessionCookie(response), StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }
}

public sealed class UntrustedProxyTests(OtherProxyApp app) : ProxyTests(app), IClassFixture<OtherProxyApp>
{
    [Fact]
    public async Task Forwarded_headers_from_a_sender_that_is_not_a_trusted_proxy_change_nothing()
    {
        var (response, address) = await SignInThroughProxyAsync();

        Assert.Equal("127.0.0.1", address);
        Assert.DoesNotContain("secure", SessionCookie(response), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
