using System.Text.Json;

namespace Symphony.Schemas.Tests;

/// <summary>
/// The official JSON-Schema-Test-Suite (copied with its licence into TestData/json-schema-test-suite), every non-optional case of
/// draft 2020-12 and draft 7. Two files are out of scope by rule, and the runner says so rather than hides it:
/// refRemote.json (its remote documents are not part of the test data, and Symphony never fetches schemas) and
/// vocabulary.json (custom metaschemas with "$vocabulary" are not supported). A group whose schema refers to an
/// absolute URI that no document defines (the draft metaschemas) is counted as remote and listed.
/// </summary>
public sealed class JsonSchemaTestSuiteTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] OutOfScope = ["refRemote.json", "vocabulary.json"];

    private static string SuiteRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Symphony.Schemas.Tests", "TestData", "json-schema-test-suite", "tests");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("tests/Symphony.Schemas.Tests/TestData/json-schema-test-suite not found above the test output.");
        }
    }

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var draft in new[] { "draft2020-12", "draft7" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(SuiteRoot, draft), "*.json").Order(StringComparer.Ordinal))
                if (!OutOfScope.Contains(Path.GetFileName(file)))
                    data.Add(draft, Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_case_of_the_official_suite_passes(string draft, string file)
    {
        var defaultDraft = draft == "draft7" ? SchemaDraft.Draft7 : SchemaDraft.Draft202012;
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SuiteRoot, draft, file)));
        var failures = new List<string>();
        var cases = 0;
        var remote = 0;
        foreach (var group in document.RootElement.EnumerateArray())
        {
            var description = group.GetProperty("description").GetString();
            JsonSchema schema;
            try
            {
                schema = JsonSchema.FromElement(group.GetProperty("schema"), defaultDraft);
            }
            catch (SchemaException e)
            {
                failures.Add($"{description}: schema refused: {e.Message}");
                continue;
            }
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                cases++;
                var expected = test.GetProperty("valid").GetBoolean();
                try
                {
                    var result = schema.Validate(test.GetProperty("data"));
                    if (result.IsValid != expected)
                        failures.Add($"{description} / {test.GetProperty("description").GetString()}: expected {(expected ? "valid" : "invalid")}"
                            + (result.IsValid ? "" : $" ({result.Errors[0].SchemaPath}: {result.Errors[0].Message})"));
                }
                catch (SchemaReferenceException e) when (IsRemote(e.Resolved))
                {
                    remote++;
                    output.WriteLine($"remote: {draft}/{file}: {description} / {test.GetProperty("description").GetString()} ({e.Resolved})");
                }
            }
        }
        Assert.True(cases > 0, $"{file} has no cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases fail:\n" + string.Join("\n", failures));
    }

    /// <summary>References to absolute http(s) URIs that the group's schema does not define: metaschemas, remote documents.</summary>
    private static bool IsRemote(Uri? resolved) =>
        resolved is { IsAbsoluteUri: true, Scheme: "http" or "https" } && !resolved.Host.EndsWith(".invalid", StringComparison.Ordinal);
}
