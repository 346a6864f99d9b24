using System.Text.RegularExpressions;
using Symphony.Testing;

namespace Symphony.Application.Tests;

/// <summary>
/// Features use each other in one direction only. A feature is its folder in every layer (Domain, Application,
/// Infrastructure) taken together, and a use is any mention of another feature's namespace: a using directive, a
/// qualified name (<c>Symphony.Application.Alerts.AlertOptions</c>, <c>Application.Alerts.AlertOptions</c>) or, inside
/// one project, a name qualified by the feature alone (<c>Alerts.AlertDispatcherHost</c>, a type the feature declares).
/// A loop between features fails here, but for the one use named in <see cref="Allowed"/>. Shared folders (Common,
/// Persistence, Http) may be used by any feature.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    private static readonly string[] Layers = ["Symphony.Domain", "Symphony.Application", "Symphony.Infrastructure"];
    private static readonly string[] Shared = ["Common", "Persistence", "Http", "bin", "obj"];

    /// <summary>
    /// Uses that close a loop on purpose. A workspace's members and service accounts are users (Workspaces uses
    /// Identity), and a person's own token may be limited to some of their workspaces, named and checked the one way
    /// every feature checks a workspace (<c>WorkspaceAccess</c>, in Identity's <c>CreateApiToken</c>).
    /// </summary>
    private static readonly (string From, string To)[] Allowed = [("Identity", "Workspaces")];

    [Fact]
    public void Features_depend_on_each_other_without_loops()
    {
        var uses = Uses();
        foreach (var (from, to) in Allowed) uses[from].Remove(to);
        var loops = uses.SelectMany(f => f.Value.Where(used => Reaches(uses, used, f.Key, [])).Select(used => $"{f.Key} -> {used} -> ... -> {f.Key}")).ToList();
        Assert.True(loops.Count == 0, string.Join("\n", loops));
    }

    [Fact]
    public void Uses_are_seen_in_qualified_names_and_across_layers()
    {
        var uses = Uses();
        // Infrastructure's Runs folder registers the worker of Application's Runs: a use inside one feature, not an edge.
        Assert.DoesNotContain("Runs", uses["Runs"]);
        // Application's Fleet starts runs (using Symphony.Application.Runs); Domain's Orchestration names runs.
        Assert.Contains("Runs", uses["Fleet"]);
        // Infrastructure's Alerts registers an executor of Application's Automations by a qualified name.
        Assert.Contains("Automations", uses["Alerts"]);
    }

    [Fact]
    public void A_loop_is_found_when_there_is_one()
    {
        var uses = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        Assert.True(Reaches(uses, "B", "A", []));
        Assert.False(Reaches(uses, "A", "D", []));
    }

    [Fact]
    public void Every_way_of_naming_a_feature_is_read()
    {
        const string code = """
            using Symphony.Application.Alerts;
            // Runs.Mentioned in a comment is no use.
            var topic = Application.Identity.SessionCache.Topic;
            var host = new Scheduler.SchedulerHost();
            var full = Symphony.Domain.Vaults.Vault.Name;
            var member = db.Runs.Where(r => r.Id == id);
            var property = Runs.Contains(id);
            """;
        var types = new Dictionary<string, HashSet<string>> { ["Scheduler"] = ["SchedulerHost"], ["Runs"] = ["RunWorker"] };
        Assert.Equal(["Alerts", "Identity", "Scheduler", "Vaults"], Mentions(code, ["Alerts", "Identity", "Runs", "Scheduler", "Vaults"], types).Order());
    }

    /// <summary>Each feature (of any layer) and the features it mentions.</summary>
    private static Dictionary<string, HashSet<string>> Uses()
    {
        var folders = Layers.SelectMany(layer => Directory.GetDirectories(Path.Combine(Repository.Root, "src", layer))
            .Select(folder => (Feature: Path.GetFileName(folder), Folder: folder))).Where(f => !Shared.Contains(f.Feature)).ToList();
        var features = folders.Select(f => f.Feature).ToHashSet();
        var files = folders.SelectMany(f => Directory.EnumerateFiles(f.Folder, "*.cs", SearchOption.AllDirectories)
            .Select(file => (f.Feature, Code: File.ReadAllText(file)))).ToList();
        var types = features.ToDictionary(f => f, f => files.Where(file => file.Feature == f)
            .SelectMany(file => Declared().Matches(file.Code).Select(m => m.Groups[1].Value)).ToHashSet());
        var uses = features.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var (feature, code) in files)
            uses[feature].UnionWith(Mentions(code, features, types).Where(used => used != feature));
        return uses;
    }

    private static IEnumerable<string> Mentions(string code, IReadOnlyCollection<string> features, Dictionary<string, HashSet<string>> types)
    {
        var text = Comment().Replace(code, "");
        var qualified = Qualified().Matches(text).Select(m => m.Groups[1].Value);
        // A property that shares a feature's name (workspace.Runs, token.Workspaces.Contains) is not the feature.
        var bare = Bare().Matches(text).Where(m => types.GetValueOrDefault(m.Groups[1].Value)?.Contains(m.Groups[2].Value) == true)
            .Select(m => m.Groups[1].Value);
        return qualified.Concat(bare).Where(features.Contains).Distinct();
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> uses, string from, string to, HashSet<string> seen) =>
        from == to || (seen.Add(from) && uses.GetValueOrDefault(from, []).Any(next => Reaches(uses, next, to, seen)));

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();

    /// <summary>A layer's namespace followed by a feature: <c>Symphony.Application.Alerts</c>, <c>Domain.Runs.</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])(?:Symphony\.)?(?:Domain|Application|Infrastructure)\.(\w+)")]
    private static partial Regex Qualified();

    /// <summary>A name qualified by a feature alone (<c>Alerts.AlertDispatcherHost</c>), not a member (<c>db.Runs</c>).</summary>
    [GeneratedRegex(@"(?<![\w.])([A-Z]\w+)\.([A-Z]\w*)")]
    private static partial Regex Bare();

    [GeneratedRegex(@"\b(?:class|record|interface|enum|struct)\s+(\w+)")]
    private static partial Regex Declared();
}
