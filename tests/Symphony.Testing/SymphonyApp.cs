using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Symphony.Infrastructure.Persistence;
using Xunit;

namespace Symphony.Testing;

/// <summary>The roles every endpoint is tested with.</summary>
/// <summary>
/// Who calls: nobody, the admin, members of the default workspace, a user outside it, and two personal access tokens:
/// the operator's with the operator role, and the admin's limited to the viewer role.
/// </summary>
public enum TestRole { Anonymous, Admin, Operator, Viewer, NonMember, OperatorToken, ViewerAdminToken }

/// <summary>
/// A real Symphony server (the production Program) on a fresh database of one provider, with one user
/// per role: an admin; an operator and a viewer who are members of "default" with the same role; and
/// an operator who is a member of nothing.
/// </summary>
public abstract class SymphonyApp(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "Admin1Password";
    public const string UserPassword = "User1Password";
    private readonly Dictionary<TestRole, string> _tokens = [];

    // The factory finds the host Program builds by listening to every host built in the process: two fixtures
    // starting at once could each take the other's, and one would answer at a port nobody listens on. One at a time.
    private static readonly SemaphoreSlim HostStarts = new(1, 1);

    public DatabaseProvider Provider { get; } = provider;
    /// <summary>What the server logged at Warning and above.</summary>
    public CapturedLogs Logs { get; } = new();
    public TestDatabase Database { get; private set; } = null!;
    public Dictionary<TestRole, Guid> UserIds { get; } = [];

    /// <summary>Settings on top of the test defaults, for fixtures that need other limits.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    /// <summary>The server's clock, when a fixture keeps one of its own (a <see cref="ManualClock"/>); the machine's otherwise.</summary>
    public virtual TimeProvider? Clock => null;

    public static string UsernameOf(TestRole role) => role switch
    {
        TestRole.OperatorToken => UsernameOf(TestRole.Operator),
        TestRole.ViewerAdminToken => "admin",
        _ => role.ToString().ToLowerInvariant(),
    };

    /// <summary>The user whose session makes the role's token, and the token's role; null for roles that are sessions.</summary>
    public static (TestRole Creator, string Role)? TokenOf(TestRole role) => role switch
    {
        TestRole.OperatorToken => (TestRole.Operator, "operator"),
        TestRole.ViewerAdminToken => (TestRole.Admin, "viewer"),
        _ => null,
    };

    /// <summary>A new personal access token of <paramref name="creator"/>; answers its id and the token.</summary>
    public async Task<(Guid Id, string Token)> CreateApiTokenAsync(TestRole creator, string role, string[]? workspaces = null, int days = 30)
    {
        using var response = await ClientFor(creator).PostAsync("/api/v1/auth/tokens",
            Json(new { name = $"{role}-{Guid.NewGuid():N}"[..30], expires_in_days = days, role, workspaces }));
        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create token: {body}");
        return (Guid.Parse(body["id"]!.GetValue<string>()), body["token"]!.GetValue<string>());
    }

    /// <summary>Called once the database exists and before the first request; a fixture may start Kestrel here.</summary>
    protected virtual void OnDatabaseReady()
    {
    }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateMigratedAsync(Provider);
        await HostStarts.WaitAsync();
        try
        {
            OnDatabaseReady();
            _ = Services;
        }
        finally
        {
            HostStarts.Release();
        }
        using var admin = await LoginAsync("admin", AdminPassword);
        _tokens[TestRole.Admin] = admin.AccessToken;
        UserIds[TestRole.Admin] = admin.UserId;
        foreach (var (role, platformRole, membership) in new[]
                 {
                     (TestRole.Operator, "operator", "operator"),
                     (TestRole.Viewer, "viewer", "viewer"),
                     (TestRole.NonMember, "operator", (string?)null),
                 })
        {
            var user = await CreateUserAsync(UsernameOf(role), platformRole);
            UserIds[role] = user;
            if (membership is not null)
                await AddMemberAsync("default", user, membership);
            using var session = await LoginAsync(UsernameOf(role), UserPassword);
            _tokens[role] = session.AccessToken;
        }
        foreach (var role in new[] { TestRole.OperatorToken, TestRole.ViewerAdminToken })
        {
            var (creator, tokenRole) = TokenOf(role)!.Value;
            _tokens[role] = (await CreateApiTokenAsync(creator, tokenRole)).Token;
            UserIds[role] = UserIds[creator];
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsyncCore();

    private async Task DisposeAsyncCore()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string>
        {
            ["Symphony:DataDirectory"] = Database.Directory,
            ["Symphony:Database:Provider"] = Provider.ToString(),
            ["Symphony:Database:ConnectionString"] = Database.ConnectionString,
            ["Symphony:Admin:Password"] = AdminPassword,
            // Fast hashing and roomy sign-in delays: the suite signs in hundreds of times, many of them on purpose wrong.
            ["Symphony:Auth:PasswordIterations"] = "1000",
            ["Symphony:Auth:FreeFailuresPerAccountAndAddress"] = "100000",
            ["Symphony:Auth:FreeFailuresPerAddress"] = "100000",
            ["Symphony:Auth:FreeFailuresPerAccount"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            // A quick worker: the tests wait for runs.
            ["Symphony:Worker:PollInterval"] = "00:00:00.050",
            ["Symphony:Worker:ReapInterval"] = "00:00:01",
            ["Symphony:Worker:ShutdownGrace"] = "00:00:01",
            // Where engines would call back; tests play the engine and post to the in-memory server themselves.
            ["Symphony:PublicUrl"] = "http://symphony.test",
            // Jobs are stored and read, but fire only in the scheduler's own tests; each app's scheduler has a name of
            // its own, since Quartz.NET keeps schedulers by name for the whole process.
            ["Symphony:Scheduler:Enabled"] = "false",
            ["Symphony:Scheduler:Name"] = $"test-{Guid.NewGuid():N}",
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (Clock is { } clock)
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(clock)));
    }

    /// <summary>A client of this server (in memory, or on Kestrel when the fixture started it), optionally keeping cookies.</summary>
    public HttpClient NewClient(bool cookies) =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, HandleCookies = cookies });

    /// <summary>A client carrying the role's access token (none for anonymous).</summary>
    public HttpClient ClientFor(TestRole role)
    {
        var client = NewClient(cookies: false);
        if (role != TestRole.Anonymous)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[role]);
        return client;
    }

    public HttpClient Admin => ClientFor(TestRole.Admin);

    /// <summary>The API login, as a browser script does it (<see cref="HttpSignIn"/>). Keeps the cookie.</summary>
    public async Task<Session> LoginAsync(string username, string password)
    {
        var client = NewClient(cookies: true);
        using var response = await HttpSignIn.PostLoginAsync(client, username, password);
        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login of {username} failed: {body}");
        return new Session(client, body["access_token"]!.GetValue<string>(), body["refresh_token"]!.GetValue<string>(),
            body["csrf_token"]!.GetValue<string>(), Guid.Parse(body["user"]!["id"]!.GetValue<string>()));
    }

    /// <summary>One API sign-in attempt on a fresh cookie client, answered as it comes (for refusals).</summary>
    public Task<HttpResponseMessage> TryLoginAsync(string username, string password) =>
        HttpSignIn.PostLoginAsync(NewClient(cookies: true), username, password);

    public static async Task<string> CsrfTokenAsync(HttpClient client)
    {
        var body = await ReadJsonAsync(await client.GetAsync("/api/v1/auth/csrf-token"));
        return body["csrf_token"]!.GetValue<string>();
    }

    public async Task<Guid> CreateUserAsync(string username, string role, string password = UserPassword)
    {
        using var response = await Admin.PostAsync("/api/v1/users", Json(new { username, password, role }));
        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create user {username}: {body}");
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

    public async Task AddMemberAsync(string workspace, Guid userId, string role)
    {
        using var response = await Admin.PostAsync($"/api/v1/workspaces/{workspace}/members", Json(new { user_id = userId, role }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"add member: {await response.Content.ReadAsStringAsync()}");
    }

    public static StringContent Json(object value) => new(System.Text.Json.JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static StringContent RawJson(string text) => new(text, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a problem+json answer with the given status and message code.</summary>
    public static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string messageCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {messageCode}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal(messageCode, body["message_code"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["trace_id"]?.GetValue<string>()));
        return body;
    }
}

/// <summary>A signed-in API session: its cookie-carrying client and its tokens.</summary>
public sealed record Session(HttpClient CookieClient, string AccessToken, string RefreshToken, string CsrfToken, Guid UserId) : IDisposable
{
    public HttpClient Bearer(SymphonyApp app)
    {
        var client = app.ClientFor(TestRole.Anonymous);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        return client;
    }

    public void Dispose() => CookieClient.Dispose();
}

public sealed class SqliteApp() : SymphonyApp(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : SymphonyApp(DatabaseProvider.PostgreSql);

/// <summary>
/// A server whose egress policy allows 127.0.0.1, where the tests' <see cref="LocalHttpServer"/>s stand in for
/// item endpoints and engines. Every other fixture keeps the default policy, which refuses loopback.
/// </summary>
public abstract class LocalEgressApp(DatabaseProvider provider) : SymphonyApp(provider)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Symphony:Egress:AllowedNetworks:0", "127.0.0.1/32")];
}

public sealed class SqliteLocalEgressApp() : LocalEgressApp(DatabaseProvider.Sqlite);

public sealed class PostgresLocalEgressApp() : LocalEgressApp(DatabaseProvider.PostgreSql);

/// <summary>Loopback egress and quick webhook deliveries: events dispatched every 200 ms, a failed delivery retried after a second.</summary>
public abstract class AlertingApp(DatabaseProvider provider) : LocalEgressApp(provider)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [.. base.ExtraSettings, new("Symphony:Alerts:DispatchInterval", "00:00:00.200"), new("Symphony:Alerts:RetryDelaySeconds", "1")];
}

public sealed class SqliteAlertingApp() : AlertingApp(DatabaseProvider.Sqlite);

public sealed class PostgresAlertingApp() : AlertingApp(DatabaseProvider.PostgreSql);

/// <summary>A server whose scheduler fires jobs (every other fixture only stores them), waking quickly.</summary>
public abstract class SchedulingApp(DatabaseProvider provider) : SymphonyApp(provider)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Symphony:Scheduler:Enabled", "true"),
        new("Symphony:Scheduler:IdleWait", "00:00:01"),
        new("Symphony:Scheduler:CheckinInterval", "00:00:01"),
    ];
}

public sealed class SqliteSchedulingApp() : SchedulingApp(DatabaseProvider.Sqlite);

public sealed class PostgresSchedulingApp() : SchedulingApp(DatabaseProvider.PostgreSql);

/// <summary>
/// A server that keeps capacity a century: its tests write daily sizes years back, as an installation keeping its
/// history that long would (the default 400 days would have deleted them, and aggregation leaves such periods be).
/// </summary>
public abstract class CapacityHistoryApp(DatabaseProvider provider) : SymphonyApp(provider)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [.. base.ExtraSettings, new("Symphony:Retention:CapacityDays", "36500")];
}

public sealed class SqliteCapacityHistoryApp() : CapacityHistoryApp(DatabaseProvider.Sqlite);

public sealed class PostgresCapacityHistoryApp() : CapacityHistoryApp(DatabaseProvider.PostgreSql);
