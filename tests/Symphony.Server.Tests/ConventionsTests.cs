using System.Net;
using System.Text.RegularExpressions;
using Symphony.Domain.Common;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

public abstract class ConventionsTests(SymphonyApp app)
{
    [Fact]
    public async Task Lists_answer_the_documented_envelope_and_page_through_results()
    {
        for (var i = 0; i < 5; i++)
            await app.CreateUserAsync($"pager{i}-{Guid.NewGuid().ToString("N")[..6]}", "viewer");
        var page = await ReadJsonAsync(await app.Admin.GetAsync("/api/v1/users?search=pager&limit=2&page=2&sort=username&order=desc"));
        Assert.Equal(5, page["total"]!.GetValue<int>());
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.Equal(3, page["pages"]!.GetValue<int>());
        Assert.Equal(2, page["limit"]!.GetValue<int>());
        var names = page["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()).ToList();
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.Ordinal), names);
    }

    [Theory]
    [InlineData("/api/v1/users?colour=red", "colour")]
    [InlineData("/api/v1/users?sort=password_hash", "sort")]
    [InlineData("/api/v1/users?limit=1000", "limit")]
    [InlineData("/api/v1/users?role=root", "role")]
    [InlineData("/api/v1/audit-events?since=yesterday", "since")]
    [InlineData("/api/v1/workspaces/default/repos?include_deleted=perhaps", "include_deleted")]
    public async Task Unknown_filters_and_bad_values_are_refused_naming_the_parameter(string url, string field)
    {
        var problem = await AssertProblemAsync(await app.Admin.GetAsync(url), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(field, problem["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_endpoints_answer_without_authentication()
    {
        var client = app.ClientFor(TestRole.Anonymous);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await ReadJsonAsync(await client.GetAsync("/health/ready"));
        Assert.Equal("healthy", ready["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["database"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var response = await app.ClientFor(TestRole.Anonymous).GetAsync("/login");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var api = await app.Admin.GetAsync("/api/v1/auth/me");
        Assert.Contains("no-store", api.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_openapi_document_and_its_interactive_page_are_served()
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        Assert.Equal("Symphony API", document["info"]!["title"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/v1/auth/login"]);
        var page = await app.ClientFor(TestRole.Anonymous).GetAsync("/api/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_answer_problems()
    {
        await AssertProblemAsync(await app.Admin.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertProblemAsync(await app.Admin.PutAsync("/api/v1/users", Json(new { })), HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        await AssertProblemAsync(await app.Admin.GetAsync("/api/v1/users/not-a-uuid"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_is_read()
    {
        var huge = RawJson("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        var response = await app.Admin.PostAsync("/api/v1/workspaces/default/vaults", huge);
        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Problems_never_carry_stack_traces_or_type_names()
    {
        var response = await app.Admin.PostAsync("/api/v1/users", RawJson("{\"username\":\"a\",\"password\":\"B1bbbbbbbb\",\"role\":\"viewer\",\"surprise\":true}"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Symphony.", text);
        Assert.DoesNotContain(" at ", text);
        Assert.Contains("surprise", text);
    }
}

[Collection(SqliteContractServer.Name)]
public sealed class SqliteConventionsTests(SqliteApp app) : ConventionsTests(app);

[Collection(PostgresContractServer.Name)]
public sealed class PostgresConventionsTests(PostgresApp app) : ConventionsTests(app);

public sealed class MessageCodeCatalogueTests
{
    [Fact]
    public void The_reference_doc_lists_exactly_the_codes_in_the_catalogue_with_their_statuses()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "reference", "message-codes.md"));
        var rows = Regex.Matches(doc, @"^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var catalogue = MessageCodes.All.ToDictionary(c => c.Code, c => c.Status);
        Assert.Equal(catalogue.OrderBy(c => c.Key), rows.OrderBy(r => r.Key));
    }

    [Fact]
    public void Codes_are_unique()
    {
        Assert.Equal(MessageCodes.All.Count, MessageCodes.All.Select(c => c.Code).Distinct().Count());
    }
}
