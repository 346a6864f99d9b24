using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Server.Api;
using Symphony.Server.Hosting;

namespace Symphony.Server.Tests;

/// <summary>
/// An endpoint marked deprecated in a test host of its own (no endpoint of v1 is deprecated yet): its answers announce
/// it with Deprecation, Sunset and the successor's Link, and the OpenAPI document marks its operation deprecated.
/// </summary>
public sealed class DeprecationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Sunset = new(2027, 6, 30, 0, 0, 0, TimeSpan.Zero);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSymphonyOpenApi();
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        // As the server answers a failing endpoint: the response cleared and a problem written in its place.
        _app.UseExceptionHandler();
        var api = _app.MapGroup("/api/v1");
        api.MapGet("/old-things", () => TypedResults.Ok(new[] { "a" }))
            .Describe("listOldThings", "List old things", "The things, the old way.")
            .Deprecated(Since, Sunset, "/api/v1/things");
        api.MapGet("/old-things/{id:int}", (int id) => id > 0 ? TypedResults.Ok(id) : throw new InvalidOperationException("no such thing"))
            .Describe("getOldThing", "Get an old thing", "One thing, the old way.")
            .Deprecated(Since, Sunset, "/api/v1/things/{id}");
        api.MapGet("/things", () => TypedResults.Ok(new[] { "a" })).Describe("listThings", "List things", "The things.");
        _app.MapOpenApi("/api/{documentName}/openapi.json");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [Fact]
    public async Task A_deprecated_endpoint_answers_deprecation_sunset_and_its_successor()
    {
        var response = await _client.GetAsync("/api/v1/old-things");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("@1796083200", response.Headers.GetValues("Deprecation").Single());
        Assert.Equal("Wed, 30 Jun 2027 00:00:00 GMT", response.Headers.GetValues("Sunset").Single());
        Assert.Equal("</api/v1/things>; rel=\"successor-version\"", response.Headers.GetValues("Link").Single());

        // A failing call's problem, written after the response was cleared, announces it too.
        var failed = await _client.GetAsync("/api/v1/old-things/0");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("</api/v1/things/{id}>; rel=\"successor-version\"", failed.Headers.GetValues("Link").Single());
        Assert.True(failed.Headers.Contains("Sunset"));

        var current = await _client.GetAsync("/api/v1/things");
        Assert.False(current.Headers.Contains("Deprecation"));
        Assert.False(current.Headers.Contains("Sunset"));
    }

    [Fact]
    public async Task The_openapi_document_marks_only_the_deprecated_operations()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/api/v1/openapi.json"))!;
        var old = document["paths"]!["/api/v1/old-things"]!["get"]!;
        Assert.True(old["deprecated"]!.GetValue<bool>());
        Assert.Contains("served until 2027-06-30", old["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("`/api/v1/things`", old["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(document["paths"]!["/api/v1/old-things/{id}"]!["get"]!["deprecated"]!.GetValue<bool>());
        Assert.Null(document["paths"]!["/api/v1/things"]!["get"]!["deprecated"]);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
