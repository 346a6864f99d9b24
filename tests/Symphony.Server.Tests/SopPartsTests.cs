using System.Text.RegularExpressions;
using Symphony.Domain.Common;
using Symphony.Testing;

namespace Symphony.Server.Tests;

/// <summary>
/// Every capability SOP has every part docs/flows/README.md promises: scope, triggers, flow, code entry points, a curl
/// session the suite runs word for word, message codes from the catalogue, self-checks whose git grep lines find
/// something, and troubleshooting that leads to the monitoring reference and a runbook.
/// </summary>
public sealed partial class SopPartsTests
{
    public static TheoryData<string> Sops { get; } = new() { "login", "runs", "accounts-sync", "capacity-sync", "aggregation", "tags-bulk", "auto-classify" };

    private static readonly string[] Headings =
        ["## Scope", "## Triggers", "## Flow", "## Code entry points", "## Reproduce with curl", "## Message codes", "## Self-check SQL", "## Troubleshooting"];

    [Theory]
    [MemberData(nameof(Sops))]
    public void A_sop_has_every_part(string sop)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "flows", sop + ".md"));
        var missing = Headings.Where(h => !Regex.IsMatch(text, $"^{Regex.Escape(h)}", RegexOptions.Multiline)).ToList();
        Assert.True(missing.Count == 0, $"{sop}.md lacks: {string.Join(", ", missing)}");

        var verbatim = VerbatimName().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.True(verbatim.Count > 0, $"{sop}.md has no <!-- verbatim-test: name --> block");
        var runner = File.ReadAllText(Path.Combine(Repository.Root, "tests", "Symphony.EndToEnd.Tests", "DocsTests.cs"));
        Assert.All(verbatim, name => Assert.True(runner.Contains($"\"{name}\"", StringComparison.Ordinal), $"{sop}.md's block '{name}' is run by no test"));

        var codes = CodeName().Matches(Section(text, "## Message codes")).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(codes);
        var known = MessageCodes.All.Select(c => c.Code).ToHashSet();
        Assert.True(codes.All(known.Contains), $"{sop}.md names codes outside the catalogue: {string.Join(", ", codes.Where(c => !known.Contains(c)))}");

        var selfCheck = Section(text, "## Self-check SQL");
        Assert.Contains("```sql", selfCheck, StringComparison.Ordinal);
        Assert.Contains("git grep", selfCheck, StringComparison.Ordinal);
        var trouble = Section(text, "## Troubleshooting");
        Assert.Contains("../reference/monitoring.md", trouble, StringComparison.Ordinal);
        Assert.Contains("../runbooks/", trouble, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Sops))]
    public async Task Each_git_grep_of_a_sop_finds_its_entry_point(string sop)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "flows", sop + ".md"));
        var greps = GitGrep().Matches(Section(text, "## Self-check SQL")).Select(m => m.Value.Trim()).ToList();
        Assert.NotEmpty(greps);
        // git grep exits 1 when it finds nothing, which RunAsync reports as a failure naming the line.
        foreach (var grep in greps)
            Assert.NotEmpty(await TestProcesses.RunAsync("bash", ["-c", $"cd '{Repository.Root}' && {grep}"]));
    }

    [Fact]
    public void The_runs_sop_draws_the_pattern_every_fleet_action_follows()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "flows", "runs.md"));
        var diagrams = Regex.Matches(text, "```mermaid\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(diagrams, d => d.StartsWith("flowchart", StringComparison.Ordinal));
        Assert.Contains(diagrams, d => d.StartsWith("sequenceDiagram", StringComparison.Ordinal) && d.Contains("202 Accepted, Location", StringComparison.Ordinal));
    }

    /// <summary>The text from a heading to the next heading of its level.</summary>
    private static string Section(string text, string heading)
    {
        var start = Regex.Match(text, $"^{Regex.Escape(heading)}.*$", RegexOptions.Multiline);
        Assert.True(start.Success, $"no {heading}");
        var next = Regex.Match(text[(start.Index + start.Length)..], "^## ", RegexOptions.Multiline);
        return next.Success ? text.Substring(start.Index, start.Length + next.Index) : text[start.Index..];
    }

    [GeneratedRegex(@"<!-- verbatim-test: ([a-z0-9-]+) -->")]
    private static partial Regex VerbatimName();

    [GeneratedRegex(@"`([A-Z][A-Z]+(?:_[A-Z]+)+)")]
    private static partial Regex CodeName();

    [GeneratedRegex(@"^git grep .+$", RegexOptions.Multiline)]
    private static partial Regex GitGrep();
}
