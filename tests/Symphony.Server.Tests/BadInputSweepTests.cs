using System.Text;
using System.Text.Json.Nodes;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Every endpoint with a body is sent malformed JSON, wrong shapes, unknown fields, wrong types, oversized
/// values and a stale version; every list gets an unknown filter; every id a garbage value. Each answer must
/// be a 4xx problem with a message code, and what was stored must read back unchanged.
/// </summary>
public abstract class BadInputSweepTests(SymphonyApp app)
{
    public static TheoryData<string> Endpoints()
    {
        var data = new TheoryData<string>();
        foreach (var endpoint in ApiCatalogue.All) data.Add(endpoint.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Bad_input_gets_a_4xx_problem_and_changes_nothing(string endpointName)
    {
        var endpoint = ApiCatalogue.All.Single(e => e.ToString() == endpointName);
        // Bad input changes nothing (which each case proves below), so every case works on the server's one world.
        var resources = await Resources.SharedAsync(app);
        var admin = app.Admin;
        var path = endpoint.Path(resources);
        var probe = endpoint.Probe(resources);
        var before = probe is null ? null : await ReadStateAsync(admin, probe);

        var cases = new List<(string Name, string Path, HttpContent? Content)>();
        if (endpoint.CsvBody)
        {
            cases.Add(("JSON instead of CSV", path, RawJson("{\"name\":\"x\"}")));
            cases.Add(("text/plain", path, new StringContent("name,db_type,host\r\nx,postgresql,h\r\n", Encoding.UTF8, "text/plain")));
            cases.Add(("empty CSV", path, new StringContent("", Encoding.UTF8, "text/csv")));
            cases.Add(("unknown column", path, new StringContent("name,colour\r\nx,red\r\n", Encoding.UTF8, "text/csv")));
            cases.Add(("missing required column", path, new StringContent("name,host\r\nx,h\r\n", Encoding.UTF8, "text/csv")));
            cases.Add(("unclosed quote", path, new StringContent("name,db_type,host\r\n\"x,postgresql,h\r\n", Encoding.UTF8, "text/csv")));
        }
        else if (endpoint.Body is not null)
        {
            var valid = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(await endpoint.Body(resources, admin)))!.AsObject();
            cases.Add(("malformed JSON", path, RawJson("{\"a\":")));
            cases.Add(("array body", path, RawJson("[]")));
            cases.Add(("string body", path, RawJson("\"text\"")));
            if (!endpoint.OptionalBody)
                cases.Add(("empty body", path, RawJson("")));
            cases.Add(("text/plain", path, new StringContent(valid.ToJsonString(), Encoding.UTF8, "text/plain")));
            var unknownCharset = new StringContent(valid.ToJsonString());
            unknownCharset.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=bogus");
            cases.Add(("an unknown charset", path, unknownCharset));
            cases.Add(("unknown field", path, With(valid, "unexpected_field", 1)));
            foreach (var (name, value) in valid)
            {
                cases.Add(($"{name} of the wrong type", path, With(valid, name, WrongTypeFor(value))));
                if (value is JsonValue v && v.TryGetValue<string>(out _))
                {
                    cases.Add(($"{name} oversized", path, With(valid, name, new string('x', 100_000))));
                    cases.Add(($"{name} with a NUL character", path, With(valid, name, "a\0b")));
                    cases.Add(($"{name} with a control character", path, With(valid, name, "a\u001bb")));
                    cases.Add(($"{name} a lone surrogate", path, WithRaw(valid, name, "\"\\ud800\"")));
                }
                if (value is JsonObject)
                {
                    cases.Add(($"{name} holding a lone surrogate", path, WithRaw(valid, name, "{\"k\":\"x\\ud800\"}")));
                    cases.Add(($"{name} holding a lone surrogate name", path, WithRaw(valid, name, "{\"\\udc00\":1}")));
                    cases.Add(($"{name} holding a NUL character", path, WithRaw(valid, name, "{\"k\":[\"a\\u0000b\"]}")));
                }
                if (value is JsonArray)
                    cases.Add(($"{name} with a null element", path, With(valid, name, new JsonArray((JsonNode?)null))));
                if (name == "version")
                    cases.Add(("stale version", path, With(valid, name, 999)));
            }
        }
        if (endpoint.Method == "GET" && endpoint.Access != Access.Public
            && await admin.GetAsync(path) is { Content.Headers.ContentType.MediaType: "application/json" } listed
            && await ReadJsonAsync(listed) is JsonObject { } list && list["total"] is not null)
        {
            cases.Add(("unknown filter", path + "?no_such_filter=1", null));
            cases.Add(("a parameter given twice", path + "?page=1&page=2", null));
            cases.Add(("a page past the last one served", path + "?page=2147483647", null));
            cases.Add(("filters repeating the path's ids", path + $"?account_id={resources.AccountId}&instance_id={resources.DbInstanceId}&automation_id={resources.AutomationId}", null));
        }
        if (endpoint.Query is not null)
        {
            cases.Add(("without its query", path[..path.IndexOf('?')], null));
            cases.Add(("its query given twice", path + "&" + endpoint.Query, null));
            cases.Add(("oversized query values", path[..path.IndexOf('?')] + "?" + string.Join("&", endpoint.Query.Split('&').Select(p => p.Split('=')[0] + "=" + new string('x', 5000))), null));
        }
        if (endpoint.Template.EndsWith("/sizes", StringComparison.Ordinal))
            cases.Add(("from given twice", path + "?from=2026-01-01&from=2026-01-02", null));
        if (endpoint.Template.EndsWith("/tables", StringComparison.Ordinal))
            cases.Add(("limit given twice", path + "?limit=1&limit=2", null));
        if (endpoint.Method == "POST" && (endpoint.Template.EndsWith("/runs", StringComparison.Ordinal) || endpoint.Template.Contains("/actions/sync-", StringComparison.Ordinal)))
            cases.Add(("wait given twice", path + "?wait=1&wait=2", await endpoint.ContentAsync(resources, admin)));
        if (endpoint.Template.Contains("{id}") || endpoint.Template.Contains("{userId}"))
            cases.Add(("garbage id", path.Replace(resources.RepoId.ToString(), "nope").Replace(resources.VaultId.ToString(), "nope")
                .Replace(resources.LockedVaultId.ToString(), "nope").Replace(resources.MemberId.ToString(), "nope")
                .Replace(resources.AutomationId.ToString(), "nope").Replace(resources.EngineId.ToString(), "nope")
                .Replace(resources.CredentialId.ToString(), "nope").Replace(resources.DbInstanceId.ToString(), "nope")
                .Replace(resources.DeletedDbInstanceId.ToString(), "nope").Replace(resources.AccountId.ToString(), "nope").Replace(resources.DatabaseId.ToString(), "nope")
                .Replace(resources.InstanceId.ToString(), "nope").Replace(resources.TagId.ToString(), "nope")
                .Replace(resources.ClassificationId.ToString(), "nope").Replace(resources.WebhookId.ToString(), "nope")
                .Replace(resources.TokenId.ToString(), "nope").Replace(resources.ServiceAccountId.ToString(), "nope"), null));
        if (endpoint.Template.Contains("{runId}"))
            cases.Add(("unknown run", path.Replace(resources.FailedRunId.ToString(), Guid.NewGuid().ToString())
                .Replace(resources.ProcessingRunId.ToString(), Guid.NewGuid().ToString()), null));
        if (endpoint.Template.Contains("{batchId}"))
            cases.Add(("unknown batch", path.Replace(resources.BatchId.ToString(), Guid.NewGuid().ToString()), null));
        if (endpoint.Template.Contains("{workspace}"))
            cases.Add(("unknown workspace", path.Replace(resources.Workspace, "no-such-workspace"), null));

        // Control characters in every query parameter the operation declares: 400 naming the parameter (NUL reached
        // PostgreSQL as a text parameter and failed there).
        var queried = new List<(string Case, string Parameter)>();
        foreach (var parameter in await DeclaredAnswers.QueryParametersAsync(app, endpoint))
        {
            var separator = path.Contains('?') ? '&' : '?';
            foreach (var (what, text) in new[] { ("a NUL character", "a%00b"), ("a control character", "a%1Bb") })
            {
                cases.Add(($"query {parameter} with {what}", $"{path}{separator}{parameter}={text}", await endpoint.ContentAsync(resources, admin)));
                queried.Add(($"query {parameter} with {what}", parameter));
            }
        }

        foreach (var (name, target, content) in cases)
        {
            var response = await ApiCatalogue.SendAsync(app, admin, endpoint, target, content);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{endpoint} with {name}: expected 4xx, got {status}: {text}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{endpoint} with {name}: not problem+json: {text}");
            Assert.False(string.IsNullOrEmpty(JsonNode.Parse(text)?["message_code"]?.GetValue<string>()), $"{endpoint} with {name}: no message_code");
            Assert.False(text.Contains("`1", StringComparison.Ordinal) || text.Contains("System.", StringComparison.Ordinal), $"{endpoint} with {name}: a .NET type name: {text}");
            await DeclaredAnswers.AssertDeclaredAsync(app, endpoint, response, $"with {name}");
            if (queried.FirstOrDefault(q => q.Case == name) is { Parameter: { } parameter })
                Assert.Equal(parameter, JsonNode.Parse(text)!["errors"]?[0]?["field"]?.GetValue<string>());
        }

        if (probe is not null)
            Assert.Equal(before, await ReadStateAsync(admin, probe));
    }

    /// <summary>What was stored: the resource as read, or for the runs list, which runs exist (their counters move on their own).</summary>
    private static async Task<string> ReadStateAsync(HttpClient admin, string probe)
    {
        var text = await (await admin.GetAsync(probe)).Content.ReadAsStringAsync();
        if (!probe.Contains("/runs?", StringComparison.Ordinal)) return text;
        var runs = JsonNode.Parse(text)!["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        return string.Join(",", runs);
    }

    private static StringContent With(JsonObject valid, string name, JsonNode? value)
    {
        var copy = valid.DeepClone().AsObject();
        copy[name] = value;
        return RawJson(copy.ToJsonString());
    }

    /// <summary>The valid body with one field's value written as raw JSON text (which no JsonNode could hold, such as a lone surrogate).</summary>
    private static StringContent WithRaw(JsonObject valid, string name, string rawValue)
    {
        var copy = valid.DeepClone().AsObject();
        copy[name] = "\u0001placeholder\u0001";
        return RawJson(copy.ToJsonString().Replace("\"\\u0001placeholder\\u0001\"", rawValue, StringComparison.Ordinal));
    }

    private static JsonNode WrongTypeFor(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out _) => new JsonObject { ["nested"] = 1 },
        JsonValue v when v.TryGetValue<bool>(out _) => "yes",
        JsonValue => "not-a-number",
        _ => 42,
    };
}

[Collection(SqliteContractServer.Name)]
public sealed class SqliteBadInputSweepTests(SqliteApp app) : BadInputSweepTests(app);

[Collection(PostgresContractServer.Name)]
public sealed class PostgresBadInputSweepTests(PostgresApp app) : BadInputSweepTests(app);
