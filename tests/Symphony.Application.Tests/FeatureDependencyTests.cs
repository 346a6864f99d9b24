using System.Text.RegularExpressions;
using Symphony.Testing;

namespace Symphony.Application.Tests;

/// <summary>
/// Features use each other in one direction only, in every layer: a loop between two features (each importing the
/// other's namespace) fails here. Shared folders (Common, Persistence, Http) may be used by any feature.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    [Theory]
    [InlineData("Symphony.Domain")]
    [InlineData("Symphony.Application")]
    [InlineData("Symphony.Infrastructure")]
    public void Features_depend_on_each_other_without_loops(string project)
    {
        var root = Path.Combine(Repository.Root, "src", project);
        var features = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        var uses = features.ToDictionary(f => f!, f => Directory.EnumerateFiles(Path.Combine(root, f!), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => Using().Matches(File.ReadAllText(file)).Where(m => m.Groups[1].Value == project).Select(m => m.Groups[2].Value))
            .Where(used => used != f && features.Contains(used))
            .ToHashSet());
        var loops = uses.SelectMany(f => f.Value.Where(used => Reaches(uses, used, f.Key, [])).Select(used => $"{f.Key} -> {used} -> ... -> {f.Key}")).ToList();
        Assert.True(loops.Count == 0, string.Join("\n", loops));
    }

    [Fact]
    public void A_loop_is_found_when_there_is_one()
    {
        var uses = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        Assert.True(Reaches(uses, "B", "A", []));
        Assert.False(Reaches(uses, "A", "D", []));
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> uses, string from, string to, HashSet<string> seen) =>
        from == to || (seen.Add(from) && uses.GetValueOrDefault(from, []).Any(next => Reaches(uses, next, to, seen)));

    [GeneratedRegex(@"^using (Symphony\.\w+)\.(\w+)(?:\.\w+)*;", RegexOptions.Multiline)]
    private static partial Regex Using();
}
