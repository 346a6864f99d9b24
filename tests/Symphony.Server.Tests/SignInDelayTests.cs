using System.Net;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Three free failures per account and address, then 1 s, 2 s, 4 s...; the other keys out of the way. Its clock
/// stands still, so a wait lasts until a test moves the clock past it, however slowly the machine answers.
/// </summary>
public sealed class SignInDelayApp() : SymphonyApp(DatabaseProvider.Sqlite)
{
    public override ManualClock Clock { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Symphony:Auth:FreeFailuresPerAccountAndAddress", "3"),
        new("Symphony:Auth:FreeFailuresPerAddress", "100000"),
        new("Symphony:Auth:FreeFailuresPerAccount", "100000"),
    ];
}

public sealed class SignInDelayTests(SignInDelayApp app) : IClassFixture<SignInDelayApp>
{
    private static string NewName() => "sd" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The statuses of wrong passwords, then of one attempt with the given password.</summary>
    private async Task<List<HttpStatusCode>> FailThenTryAsync(string name, int failures, string lastPassword)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < failures; i++) statuses.Add((await app.TryLoginAsync(name, "Wrong1Password")).StatusCode);
        statuses.Add((await app.TryLoginAsync(name, lastPassword)).StatusCode);
        return statuses;
    }

    [Fact]
    public async Task After_the_free_failures_the_next_attempt_waits_even_with_the_right_password_then_passes()
    {
        var name = NewName();
        await app.CreateUserAsync(name, "viewer");

        var statuses = await FailThenTryAsync(name, 4, UserPassword);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests], statuses);

        // The fourth failure set a wait of one second; after it the right password is accepted and the count starts again.
        app.Clock.Advance(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.OK, (await app.TryLoginAsync(name, UserPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.TryLoginAsync(name, "Wrong1Password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.TryLoginAsync(name, UserPassword)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_username_gets_exactly_the_answers_of_a_real_one()
    {
        var real = NewName();
        await app.CreateUserAsync(real, "viewer");
        var known = await FailThenTryAsync(real, 4, "Wrong1Password");
        var unknown = await FailThenTryAsync(NewName(), 4, "Wrong1Password");

        Assert.Equal(known, unknown);
        // And the same words: a wrong password of a real user reads as one of a name nobody has.
        var other = NewName();
        await app.CreateUserAsync(other, "viewer");
        var realProblem = await ReadJsonAsync(await app.TryLoginAsync(other, "Wrong1Password"));
        var unknownProblem = await ReadJsonAsync(await app.TryLoginAsync(NewName(), "Wrong1Password"));
        foreach (var field in new[] { "status", "title", "detail", "message_code" })
            Assert.Equal(realProblem[field]!.ToJsonString(), unknownProblem[field]!.ToJsonString());
    }

    [Fact]
    public async Task Concurrent_wrong_passwords_get_no_more_guesses_than_one_after_another()
    {
        var name = NewName();
        await app.CreateUserAsync(name, "viewer");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ => (await app.TryLoginAsync(name, "Wrong1Password")).StatusCode));

        // One after another, the 3 free guesses and the 4th come at once, and the 4th sets a wait that the clock,
        // standing still, never ends: however many arrive together, exactly four are checked and the rest refused.
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(26, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task An_admin_unlock_lifts_the_wait_at_once_and_is_audited()
    {
        var name = NewName();
        var id = await app.CreateUserAsync(name, "admin");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FailThenTryAsync(name, 7, UserPassword))[^1]);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin.PostAsync($"/api/v1/users/{id}/actions/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.TryLoginAsync(name, UserPassword)).StatusCode);
        var audit = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/audit-events?action=user.unlocked&target_id={id}"));
        Assert.Equal(1, audit["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Wrong_current_passwords_on_a_password_change_count_as_failed_sign_ins()
    {
        var name = NewName();
        await app.CreateUserAsync(name, "viewer");
        using var session = await app.LoginAsync(name, UserPassword);
        var bearer = session.Bearer(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await bearer.PostAsync("/api/v1/auth/change-password", Json(new { current_password = "Wrong1Password", new_password = "Next1Password" }))).StatusCode);
        var right = await bearer.PostAsync("/api/v1/auth/change-password", Json(new { current_password = UserPassword, new_password = "Next1Password" }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        await AssertProblemAsync(right, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        // And the guesses slowed the account's sign-in too.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.TryLoginAsync(name, UserPassword)).StatusCode);
    }
}

/// <summary>
/// Trusts 127.0.0.1 as a proxy, so each request can come from an address of its own; three free failures per
/// account; a clock standing still.
/// </summary>
public sealed class AccountWaitApp() : ProxiedApp("127.0.0.1",
    new("Symphony:Auth:FreeFailuresPerAccountAndAddress", "100000"),
    new("Symphony:Auth:FreeFailuresPerAddress", "100000"),
    new("Symphony:Auth:FreeFailuresPerAccount", "3"))
{
    public override ManualClock Clock { get; } = new();
}

public sealed class AccountWaitTests(AccountWaitApp app) : IClassFixture<AccountWaitApp>
{
    private async Task<HttpStatusCode> TryFromAsync(string address, string username, string password)
    {
        var client = app.NewClient(cookies: true);
        var csrf = await CsrfTokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = Json(new { username, password }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        request.Headers.Add("X-Forwarded-For", address);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Failures_from_many_addresses_slow_the_account_everywhere_but_at_the_addresses_it_signed_in_from()
    {
        var name = "aw" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserAsync(name, "viewer");
        Assert.Equal(HttpStatusCode.OK, await TryFromAsync("198.51.100.7", name, UserPassword));

        // A guess spread over many addresses: each address fails once.
        for (var i = 1; i <= 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await TryFromAsync($"203.0.113.{i}", name, "Wrong1Password"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await TryFromAsync("203.0.113.50", name, UserPassword));
        Assert.Equal(HttpStatusCode.OK, await TryFromAsync("198.51.100.7", name, UserPassword));
    }
}

/// <summary>Five free failures per address over all usernames, the other keys out of the way; a clock standing still.</summary>
public sealed class SprayLimitApp() : SymphonyApp(DatabaseProvider.Sqlite)
{
    public override ManualClock Clock { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Symphony:Auth:FreeFailuresPerAccountAndAddress", "100000"),
        new("Symphony:Auth:FreeFailuresPerAddress", "5"),
        new("Symphony:Auth:FreeFailuresPerAccount", "100000"),
    ];
}

public sealed class PasswordSprayTests(SprayLimitApp app) : IClassFixture<SprayLimitApp>
{
    [Fact]
    public async Task One_address_trying_one_password_on_many_usernames_is_made_to_wait()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
            statuses.Add((await app.TryLoginAsync("spray" + i + Guid.NewGuid().ToString("N")[..6], "Summer2026!")).StatusCode);

        // Five free, the sixth sets the first wait, and the clock standing still, everything after it is refused.
        Assert.All(statuses.Take(6), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(6), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }
}
