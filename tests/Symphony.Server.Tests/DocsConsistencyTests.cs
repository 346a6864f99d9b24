using System.Diagnostics;
using System.Text.RegularExpressions;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Documentation that cannot drift: contract tables, code paths, ADR format, Mermaid syntax, punctuation.</summary>
[Collection(SqliteContractServer.Name)]
public sealed partial class DocsConsistencyTests(SqliteApp app)
{
    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(Repository.Root, "README.md"))
            .Append(Path.Combine(Repository.Root, "CONTRIBUTING.md"));

    [Fact]
    public async Task Every_endpoint_is_in_a_domain_contract_table_and_every_row_is_a_real_endpoint()
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        var api = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {Normalize(path.Key)}"))
            .ToHashSet();
        var documented = Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs", "architecture"), "*-domain.md")
            .SelectMany(file => ContractRow().Matches(File.ReadAllText(file)))
            .Select(m => $"{m.Groups[1].Value} {Normalize("/api/v1" + m.Groups[2].Value)}")
            .ToHashSet();
        Assert.Empty(api.Except(documented));
        Assert.Empty(documented.Except(api));
    }

    [Fact]
    public void Every_setting_of_every_options_class_is_in_the_configuration_reference()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "reference", "configuration.md"));
        var options = new[] { typeof(Application.Identity.AuthOptions), typeof(Infrastructure.Persistence.SymphonyOptions), typeof(Program) }
            .Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("Section") is { IsLiteral: true })
            .ToList();
        Assert.True(options.Count >= 7, $"found only {string.Join(", ", options.Select(t => t.Name))}");
        var missing = options
            .SelectMany(t => t.GetProperties().Where(p => p.CanWrite).Select(p => $"{t.GetField("Section")!.GetRawConstantValue()}:{p.Name}"))
            .Where(setting => !doc.Contains($"`{setting}", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_code_path_named_in_the_docs_exists()
    {
        var missing = MarkdownFiles()
            .SelectMany(file => CodePath().Matches(File.ReadAllText(file)).Select(m => (file, path: m.Groups[1].Value)))
            .Where(x => !File.Exists(Path.Combine(Repository.Root, x.path)) && !Directory.Exists(Path.Combine(Repository.Root, x.path)))
            .Select(x => $"{Path.GetFileName(x.file)}: {x.path}")
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void The_rule_language_reference_names_every_function_and_its_examples_compile()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "reference", "classification-dsl.md"));
        var functions = doc[doc.IndexOf("## Functions", StringComparison.Ordinal)..doc.IndexOf("## Limits", StringComparison.Ordinal)];
        var documented = TableFirstCell().Matches(functions).Select(m => m.Groups[1].Value).Where(f => f != "function").ToList();
        Assert.Equal(Domain.Classifications.RuleExpression.Functions.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));

        var examples = JsonBlock().Matches(doc).Select(m => m.Groups[1].Value).Where(json => json.StartsWith("{\"version\"", StringComparison.Ordinal)).ToList();
        Assert.True(examples.Count >= 6, $"found {examples.Count} examples");
        foreach (var example in examples.Where(e => !e.Contains("is_admin", StringComparison.Ordinal)))
            Domain.Classifications.RuleExpression.Compile(example);
        var mistake = Assert.Throws<Domain.Common.DomainException>(() => Domain.Classifications.RuleExpression.Compile(examples.Single(e => e.Contains("is_admin", StringComparison.Ordinal))));
        foreach (var error in mistake.Errors)
            Assert.Contains($"\"field\": \"{error.Field}\", \"message\": \"{error.Message}\"", doc, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableFirstCell();

    [GeneratedRegex(@"```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [Fact]
    public void Every_adr_has_the_required_sections()
    {
        string[] sections = ["## Status", "## Context", "## Decision", "## Consequences", "## Alternatives", "## History"];
        var adrs = Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs", "adr"), "0*.md").ToList();
        Assert.NotEmpty(adrs);
        foreach (var adr in adrs)
        {
            var text = File.ReadAllText(adr);
            Assert.StartsWith("# ADR-", text);
            var positions = sections.Select(s => text.IndexOf(s + "\n", StringComparison.Ordinal)).ToList();
            Assert.True(positions.All(p => p >= 0), $"{Path.GetFileName(adr)} lacks a section of: {string.Join(", ", sections)}");
            Assert.True(positions.SequenceEqual(positions.Order()), $"{Path.GetFileName(adr)}: sections out of order");
        }
    }

    [Fact]
    public void Docs_use_half_width_punctuation()
    {
        var offending = MarkdownFiles()
            .Where(file => FullWidth().IsMatch(File.ReadAllText(file)))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void Every_relative_link_and_anchor_in_the_docs_resolves()
    {
        var broken = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            var text = WithoutCode(File.ReadAllText(file));
            foreach (Match link in MarkdownLink().Matches(text))
            {
                var target = link.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var hash = target.IndexOf('#');
                var path = hash < 0 ? target : target[..hash];
                var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
                var where = $"{Path.GetRelativePath(Repository.Root, file)}: ({target})";
                if (!File.Exists(resolved) && !Directory.Exists(resolved)) broken.Add(where + " names no file");
                else if (hash >= 0 && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(target[(hash + 1)..]))
                    broken.Add(where + " names no heading of it");
            }
        }
        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    /// <summary>The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(FencedCode().Replace(File.ReadAllText(file), "")))
        {
            var slug = new string([.. heading.Groups[1].Value.Trim().ToLowerInvariant()
                .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-');
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }
        return anchors;
    }

    private static string WithoutCode(string markdown) => InlineCode().Replace(FencedCode().Replace(markdown, ""), "");

    [Fact]
    public async Task Every_mermaid_block_parses_with_the_mermaid_parser()
    {
        var tool = Path.Combine(Repository.Root, "tools", "docs-check");
        Assert.True(Directory.Exists(Path.Combine(tool, "node_modules")), "run: npm ci --prefix tools/docs-check (test.sh does)");
        var start = new ProcessStartInfo("node", [Path.Combine(tool, "check-mermaid.mjs"), .. MarkdownFiles()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        Assert.DoesNotContain(" 0 mermaid blocks", " " + output);
    }

    private static string Normalize(string template) => Regex.Replace(template, @"\{[^}]+\}", "{}");

    [GeneratedRegex(@"^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`([^`]+)`", RegexOptions.Multiline)]
    private static partial Regex ContractRow();

    [GeneratedRegex(@"`((?:src|tests|bench|tools)/[A-Za-z0-9_./-]+?)(?::[A-Za-z_]+)?`")]
    private static partial Regex CodePath();

    /// <summary>Full-width punctuation, curly quotes, the ellipsis, en and em dashes, and the ideographic space.</summary>
    [GeneratedRegex("[\uFF0C\u3002\uFF1A\uFF1B\u3001\uFF08\uFF09\u3010\u3011\u201C\u201D\u2018\u2019\u2026\uFF01\uFF1F\u2013\u2014\u3000]")]
    private static partial Regex FullWidth();

    [GeneratedRegex(@"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]+`")]
    private static partial Regex InlineCode();
}
