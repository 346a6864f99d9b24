using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// The OpenAPI document is a contract a generated client can rely on: Spectral's OpenAPI rules find nothing, every
/// operation is named and described, and (with <see cref="DeclaredAnswers"/> in the role matrix and the bad-input
/// sweep) every answer an endpoint really gives is one its document declares.
/// </summary>
[Collection(SqliteContractServer.Name)]
public sealed partial class OpenApiContractTests(SqliteApp app)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Spectral_finds_no_error_and_no_warning_in_the_document()
    {
        var tool = Path.Combine(Repository.Root, "tools", "docs-check");
        var spectral = Path.Combine(tool, "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), "run: npm ci --prefix tools/docs-check (test.sh does)");
        var document = Path.Combine(Path.GetTempPath(), $"symphony-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await (await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json")).Content.ReadAsStringAsync());
        try
        {
            var start = new ProcessStartInfo(spectral, ["lint", document, "--ruleset", Path.Combine(tool, ".spectral.yaml"), "--format", "json", "--quiet"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var json = output.Trim();
            var results = json.StartsWith('[') ? JsonNode.Parse(json[..(json.LastIndexOf(']') + 1)])!.AsArray() : [];
            var findings = results.Select(r => $"{r!["code"]} at {string.Join('.', r["path"]!.AsArray().Select(p => p!.ToString()))}: {r["message"]}").ToList();
            Assert.True(findings.Count == 0 && process.ExitCode == 0, string.Join('\n', findings.Prepend(errors).Prepend(output[..Math.Min(output.Length, 2000)])));
        }
        finally
        {
            File.Delete(document);
        }
    }

    [Fact]
    public async Task Every_operation_has_a_unique_camel_case_id_a_summary_a_description_and_problem_answers()
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        var operations = Operations(document).ToList();
        Assert.True(operations.Count > 140, $"only {operations.Count} operations");
        var ids = operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).ToList();
        Assert.All(ids, id => Assert.Matches(CamelCase(), id ?? ""));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var (key, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{key} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{key} has no description");
            var responses = operation["responses"]!.AsObject();
            Assert.Contains(responses, r => r.Key.StartsWith('2'));
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.Equal("#/components/schemas/Problem", response!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        }
        var problem = document["components"]!["schemas"]!["Problem"]!["properties"]!.AsObject();
        Assert.All(new[] { "message_code", "trace_id", "errors", "title", "detail", "status" }, p => Assert.True(problem.ContainsKey(p), p));
    }

    [Fact]
    public async Task A_list_documents_the_paging_sorts_and_filters_of_its_definition()
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        var parameters = document["paths"]!["/api/v1/workspaces/{workspace}/instances"]!["get"]!["parameters"]!.AsArray()
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        var definition = ListInstancesHandler.Definition;
        Assert.Equal(definition.SortNames.Order(), parameters["sort"]["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
        Assert.All(definition.FilterNames.Append("include_deleted"), f => Assert.True(parameters.ContainsKey(f), f));
        Assert.Equal(ListDefinition<object>.MaxLimit, int.Parse(parameters["limit"]["schema"]!["maximum"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("several values", parameters["tag"]["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_take_if_match_answer_an_etag_and_runs_take_an_idempotency_key()
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        var paths = document["paths"]!;
        var update = paths["/api/v1/workspaces/{workspace}/instances/{id}"]!["patch"]!;
        Assert.Contains(update["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header");
        Assert.NotNull(update["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(paths["/api/v1/workspaces/{workspace}/instances/{id}"]!["get"]!["responses"]!["200"]!["headers"]!["ETag"]);
        var start = paths["/api/v1/workspaces/{workspace}/automations/{id}/runs"]!["post"]!;
        Assert.Contains(start["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
        Assert.NotNull(start["responses"]!["202"]!["headers"]!["Location"]);
        Assert.Equal("#/components/schemas/RunDto", start["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(paths["/api/v1/workspaces/{workspace}/instances"]!["post"]!["responses"]!["201"]!["headers"]!["Location"]);
    }

    [Fact]
    public async Task Strings_are_typed_as_strings_and_nullable_ones_allow_null()
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        var instance = document["components"]!["schemas"]!["InstanceDto"]!["properties"]!;
        Assert.Equal("string", instance["name"]!["type"]!.GetValue<string>());
        Assert.Equal(["null", "string"], instance["description"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        Assert.Equal("string", instance["tags"]!["items"]!["type"]!.GetValue<string>());
    }

    internal static IEnumerable<(string Key, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => Methods.Contains(op.Key))
            .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!)));

    [GeneratedRegex("^[a-z][a-zA-Z0-9]+$")]
    private static partial Regex CamelCase();

    [Fact]
    public async Task The_committed_client_was_generated_from_the_document_this_server_serves()
    {
        var served = JsonNode.Parse(await (await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json")).Content.ReadAsStringAsync())!.AsObject();
        served.Remove("servers");
        var clientFolder = Path.Combine(Repository.Root, "src", "Symphony.Client");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(clientFolder, "openapi.json")))!;
        Assert.True(JsonNode.DeepEquals(served, committed),
            "src/Symphony.Client/openapi.json differs from the document the server serves: run scripts/generate-client.sh");

        // The code is what Kiota makes of that document.
        var output = Path.Combine(Path.GetTempPath(), $"symphony-client-{Guid.NewGuid():N}");
        try
        {
            await RunAsync("dotnet", Repository.Root, "tool", "restore");
            await RunAsync("dotnet", clientFolder, "kiota", "generate", "--language", "CSharp", "--openapi", "openapi.json",
                "--class-name", "SymphonyApiClient", "--namespace-name", "Symphony.Client", "--output", output,
                "--exclude-backward-compatible", "--clean-output", "--log-level", "Error");
            var generated = Path.Combine(clientFolder, "Generated");
            string[] Files(string root) => [.. Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
            Assert.Equal(Files(output), Files(generated));
            var stale = Files(generated).Where(f => File.ReadAllText(Path.Combine(output, f)) != File.ReadAllText(Path.Combine(generated, f))).ToList();
            Assert.True(stale.Count == 0, $"stale generated files (run scripts/generate-client.sh): {string.Join(", ", stale.Take(10))}");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    private static async Task RunAsync(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {await output}{await errors}");
    }
}

/// <summary>The answers the OpenAPI document declares for each operation, read once per app.</summary>
public static partial class DeclaredAnswers
{
    private sealed record Declared(HashSet<int> Statuses, IReadOnlyList<string> QueryParameters);

    private static readonly ConditionalWeakTable<SymphonyApp, Task<Dictionary<string, Declared>>> Documents = [];

    /// <summary>Fails when <paramref name="response"/>'s status is not among those the document declares for the endpoint.</summary>
    public static async Task AssertDeclaredAsync(SymphonyApp app, ApiEndpoint endpoint, HttpResponseMessage response, string context)
    {
        var statuses = (await OperationAsync(app, endpoint)).Statuses;
        Assert.True(statuses.Contains((int)response.StatusCode),
            $"{endpoint} {context}: answered {(int)response.StatusCode}, which its OpenAPI operation does not declare ({string.Join(", ", statuses.Order())})");
    }

    /// <summary>The query parameters the document declares for the endpoint.</summary>
    public static async Task<IReadOnlyList<string>> QueryParametersAsync(SymphonyApp app, ApiEndpoint endpoint) =>
        (await OperationAsync(app, endpoint)).QueryParameters;

    private static async Task<Declared> OperationAsync(SymphonyApp app, ApiEndpoint endpoint)
    {
        var declared = await Documents.GetValue(app, LoadAsync);
        var key = $"{endpoint.Method} {Normalize(endpoint.Template)}";
        Assert.True(declared.TryGetValue(key, out var operation), $"{key} is not in the document");
        return operation;
    }

    private static async Task<Dictionary<string, Declared>> LoadAsync(SymphonyApp app)
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        return OpenApiContractTests.Operations(document).ToDictionary(
            o => $"{o.Key.Split(' ')[0]} {Normalize(o.Key.Split(' ')[1])}",
            o => new Declared(
                o.Operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(),
                [.. (o.Operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>())]));
    }

    private static string Normalize(string template) => Placeholder().Replace(template, "{}");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
