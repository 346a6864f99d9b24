using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;

namespace Symphony.EndToEnd.Tests;

/// <summary>What one node knows of sign-ins, the other knows too: failures add up, and a logout or a revoked token holds on both at once.</summary>
[LongRunning]
public sealed class MultiNodeSignInTests(Xunit.Abstractions.ITestOutputHelper output) : MultiNodeTest
{
    [Fact]
    public async Task Failed_sign_ins_on_either_node_add_up_to_one_wait()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(30), ("Symphony__Auth__FreeFailuresPerAccountAndAddress", "2"));
        var (a, b) = (Nodes[0], Nodes[1]);

        Assert.Equal(HttpStatusCode.Unauthorized, await a.TryLoginAsync("Wrong1Password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await b.TryLoginAsync("Wrong1Password"));
        // The third failure in all, on the first node, sets a wait that the second node keeps even for the right password.
        Assert.Equal(HttpStatusCode.Unauthorized, await a.TryLoginAsync("Wrong1Password"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await b.TryLoginAsync(Node.Password));
    }

    [Fact]
    public async Task A_logout_or_a_revoked_token_on_one_node_is_refused_on_the_other_from_the_moment_the_revoking_call_answers()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(30));
        var (a, b) = (Nodes[0], Nodes[1]);
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();

        // The second node keeps a session it has read: revoked behind its back (in SQL, so no node is told), it still passes.
        using var bypassed = await a.SignInAsync();
        using var bypassedOnB = b.ClientWith(bypassed);
        Assert.Equal(HttpStatusCode.OK, (await bypassedOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        await using (var revoke = new NpgsqlCommand("UPDATE auth_sessions SET revoked_at = now() WHERE revoked_at IS NULL", connection))
            await revoke.ExecuteNonQueryAsync();
        Assert.Equal(HttpStatusCode.OK, (await bypassedOnB.GetAsync("/api/v1/auth/me")).StatusCode);

        // A logout on the first node is refused by the second on the very next request, though it cached the
        // session: twenty times, each right after the logout answered.
        var waits = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            using var api = await a.SignInAsync();
            using var onB = b.ClientWith(api);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/auth/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/auth/me")).StatusCode);
            var watch = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/api/v1/auth/logout", null)).StatusCode);
            waits.Add(watch.Elapsed.TotalMilliseconds);
            var refused = await onB.GetAsync("/api/v1/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("TOKEN_REVOKED", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message_code"]!.GetValue<string>());
        }
        output.WriteLine($"logouts answered in {waits.Min():F0} to {waits.Max():F0} ms (median {waits.Order().ElementAt(waits.Count / 2):F0} ms); the other node refused the next request each time");

        // The same for a personal access token revoked on the first node while the second holds its session.
        using var owner = await a.SignInAsync();
        var created = JsonNode.Parse(await (await owner.PostAsync("/api/v1/auth/tokens",
            new StringContent("""{"name":"pipeline","expires_in_days":7,"role":"operator"}""", System.Text.Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        using var tokenOnB = new HttpClient { BaseAddress = new Uri(b.Url) };
        tokenOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await tokenOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tokenOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/auth/tokens/{created["id"]!.GetValue<string>()}")).StatusCode);
        var tokenRefused = await tokenOnB.GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, tokenRefused.StatusCode);
        Assert.Equal("TOKEN_REVOKED", JsonNode.Parse(await tokenRefused.Content.ReadAsStringAsync())!["message_code"]!.GetValue<string>());
    }
}
