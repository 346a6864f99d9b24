// Symphony's JSON Schema engine against JsonSchema.Net 8.0.5: correctness on the official JSON-Schema-Test-Suite
// (the non-optional cases of draft 2020-12 and draft 7, the scope of JsonSchemaTestSuiteTests) and speed of
// validating item payloads, the work Symphony does on every batch and item write and at every run start.
// Usage: dotnet run -c Release --project bench/JsonSchemaComparison [evaluations per round, default 200000]
using System.Diagnostics;
using System.Text.Json;
using Net = Json.Schema;
using Ours = Symphony.Schemas;

var evaluations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
var suite = Path.Combine(Root(), "tests", "Symphony.Schemas.Tests", "TestData", "json-schema-test-suite", "tests");
string[] outOfScope = ["refRemote.json", "vocabulary.json"];

Console.WriteLine("official suite (non-optional, without refRemote.json and vocabulary.json)");
Console.WriteLine("| draft | cases | Symphony right | JsonSchema.Net right | Symphony ms | JsonSchema.Net ms |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var draft in new[] { "draft2020-12", "draft7" })
{
    var (cases, oursRight, netRight, oursMs, netMs) = (0, 0, 0, 0L, 0L);
    var oursWrong = new List<string>();
    var netWrong = new List<string>();
    foreach (var file in Directory.EnumerateFiles(Path.Combine(suite, draft), "*.json").Order(StringComparer.Ordinal))
    {
        if (outOfScope.Contains(Path.GetFileName(file))) continue;
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        foreach (var group in document.RootElement.EnumerateArray())
        {
            var schema = group.GetProperty("schema");
            var tests = group.GetProperty("tests").EnumerateArray().ToList();
            cases += tests.Count;
            var name = $"{Path.GetFileName(file)}: {group.GetProperty("description").GetString()}";
            var watch = Stopwatch.StartNew();
            oursRight += Count(tests, name, oursWrong, () =>
            {
                var built = Ours.JsonSchema.FromElement(schema, draft == "draft7" ? Ours.SchemaDraft.Draft7 : Ours.SchemaDraft.Draft202012);
                return data => built.Validate(data).IsValid;
            });
            oursMs += watch.ElapsedMilliseconds;
            watch.Restart();
            netRight += Count(tests, name, netWrong, () =>
            {
                var built = Net.JsonSchema.Build(schema, new Net.BuildOptions
                {
                    SchemaRegistry = new Net.SchemaRegistry(),
                    Dialect = draft == "draft7" ? Net.Dialect.Draft07 : Net.Dialect.Draft202012,
                });
                return data => built.Evaluate(data, new Net.EvaluationOptions { OutputFormat = Net.OutputFormat.Flag }).IsValid;
            });
            netMs += watch.ElapsedMilliseconds;
        }
    }
    Console.WriteLine($"| {draft} | {cases} | {oursRight} | {netRight} | {oursMs} | {netMs} |");
    foreach (var wrong in oursWrong.Take(10)) Console.WriteLine($"  Symphony wrong: {wrong}");
    foreach (var wrong in netWrong.Take(10)) Console.WriteLine($"  JsonSchema.Net wrong: {wrong}");
    if (netWrong.Count > 10) Console.WriteLine($"  JsonSchema.Net wrong: {netWrong.Count - 10} more");
}

// A typical item schema and payloads, half of them failing somewhere.
var itemSchema = JsonDocument.Parse("""
    {
      "type": "object",
      "required": ["host", "port", "environment"],
      "additionalProperties": false,
      "properties": {
        "host": { "type": "string", "minLength": 1, "maxLength": 253, "pattern": "^[a-z0-9.-]+$" },
        "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
        "environment": { "enum": ["production", "staging", "development", "test"] },
        "tags": { "type": "array", "items": { "type": "string", "maxLength": 50 }, "uniqueItems": true, "maxItems": 20 },
        "options": { "type": "object", "additionalProperties": { "type": ["string", "number", "boolean"] } }
      }
    }
    """).RootElement;
var payloads = Enumerable.Range(0, 1000).Select(i => JsonSerializer.SerializeToElement(i % 2 == 0
    ? new Dictionary<string, object>
    {
        ["host"] = $"db{i}.example.com",
        ["port"] = 5432 + i % 3,
        ["environment"] = "production",
        ["tags"] = new[] { $"a{i}", "b" },
        ["options"] = new Dictionary<string, object> { ["ssl"] = true, ["pool"] = i % 20 }
    }
    : new Dictionary<string, object> { ["host"] = $"DB {i}", ["port"] = 70000 + i, ["environment"] = "prod", ["tags"] = new List<string> { "a", "a" }, ["extra"] = 1 }))
    .ToArray();

var ours = Ours.JsonSchema.FromElement(itemSchema);
var net = Net.JsonSchema.Build(itemSchema, new Net.BuildOptions { SchemaRegistry = new Net.SchemaRegistry() });
var list = new Net.EvaluationOptions { OutputFormat = Net.OutputFormat.List };
var flag = new Net.EvaluationOptions { OutputFormat = Net.OutputFormat.Flag };
// Every engine must agree on every payload before its speed means anything.
foreach (var payload in payloads)
{
    if (ours.Validate(payload).IsValid != net.Evaluate(payload, flag).IsValid) throw new InvalidOperationException($"The engines disagree on {payload}");
}
Console.WriteLine();
Console.WriteLine($"payload validation: {evaluations:N0} evaluations per round, half the payloads invalid, best of 3 rounds after a warm-up");
Console.WriteLine("| engine | evaluations/s | ratio to Symphony |");
Console.WriteLine("|---|---|---|");
var oursRate = Rate(p => ours.Validate(p).Errors.Count);
var netListRate = Rate(p => net.Evaluate(p, list).Details?.Count ?? 0);
var netFlagRate = Rate(p => net.Evaluate(p, flag).IsValid ? 0 : 1);
// What Symphony would use: the flag first, the list of errors only for a payload that fails.
var netBothRate = Rate(p => net.Evaluate(p, flag).IsValid ? 0 : net.Evaluate(p, list).Details?.Count ?? 0);
Console.WriteLine($"| Symphony (every error with its path) | {oursRate:N0} | 1.00 |");
Console.WriteLine($"| JsonSchema.Net, List output (every error with its path) | {netListRate:N0} | {netListRate / oursRate:0.00} |");
Console.WriteLine($"| JsonSchema.Net, Flag output (valid or not) | {netFlagRate:N0} | {netFlagRate / oursRate:0.00} |");
Console.WriteLine($"| JsonSchema.Net, Flag then List for a failing payload | {netBothRate:N0} | {netBothRate / oursRate:0.00} |");
// One item written through the API: the stored schema is parsed, then one payload validated.
var schemaText = itemSchema.GetRawText();
var oursRequest = Rate(p => Ours.JsonSchema.Parse(schemaText).Validate(p).Errors.Count, evaluations / 20);
var netRequest = Rate(p =>
{
    var built = Net.JsonSchema.FromText(schemaText, new Net.BuildOptions { SchemaRegistry = new Net.SchemaRegistry() });
    return built.Evaluate(p, flag).IsValid ? 0 : built.Evaluate(p, list).Details?.Count ?? 0;
}, evaluations / 20);
Console.WriteLine($"| schema parsed per payload (one item written): Symphony | {oursRequest:N0} | 1.00 |");
Console.WriteLine($"| schema parsed per payload (one item written): JsonSchema.Net, Flag then List | {netRequest:N0} | {netRequest / oursRequest:0.00} |");
payloads = payloads.Where(p => ours.Validate(p).IsValid).ToArray();
var oursValid = Rate(p => ours.Validate(p).Errors.Count);
var netValid = Rate(p => net.Evaluate(p, flag).IsValid ? 0 : net.Evaluate(p, list).Details?.Count ?? 0);
Console.WriteLine($"| valid payloads only: Symphony | {oursValid:N0} | 1.00 |");
Console.WriteLine($"| valid payloads only: JsonSchema.Net, Flag then List | {netValid:N0} | {netValid / oursValid:0.00} |");

double Rate(Func<JsonElement, int> validate, int? count = null)
{
    var n = count ?? evaluations;
    var sink = 0;
    for (var i = 0; i < n / 4; i++) sink += validate(payloads[i % payloads.Length]);
    var best = 0.0;
    for (var round = 0; round < 3; round++)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) sink += validate(payloads[i % payloads.Length]);
        best = Math.Max(best, n / watch.Elapsed.TotalSeconds);
    }
    GC.KeepAlive(sink);
    return best;
}

static int Count(List<JsonElement> tests, string group, List<string> wrong, Func<Func<JsonElement, bool>> build)
{
    Func<JsonElement, bool> validate;
    try
    {
        validate = build();
    }
    catch (Exception e)
    {
        wrong.Add($"{group}: schema refused ({e.GetType().Name}: {e.Message})");
        return 0;
    }
    var right = 0;
    foreach (var test in tests)
    {
        try
        {
            if (validate(test.GetProperty("data")) == test.GetProperty("valid").GetBoolean()) right++;
            else wrong.Add($"{group} / {test.GetProperty("description").GetString()}");
        }
        catch (Exception e)
        {
            wrong.Add($"{group} / {test.GetProperty("description").GetString()}: {e.GetType().Name}: {e.Message}");
        }
    }
    return right;
}

static string Root()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Symphony.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("Symphony.sln not found above the program.");
}
