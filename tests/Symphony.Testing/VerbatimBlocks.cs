using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Symphony.Testing;

/// <summary>The <c>&lt;!-- verbatim-test: name --&gt;</c> bash blocks of the docs, run word for word.</summary>
public static class VerbatimBlocks
{
    /// <summary>Runs the block with <c>bash -euo pipefail</c> and the given environment; answers its output lines, and fails with its errors.</summary>
    public static async Task<string[]> RunAsync(string document, string name, IReadOnlyDictionary<string, string> environment)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Repository.Root, document));
        var block = Regex.Match(text, $@"<!-- verbatim-test: {name} -->\s*```bash\n(.*?)```", RegexOptions.Singleline);
        if (!block.Success) throw new InvalidOperationException($"no verbatim block '{name}' in {document}");

        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", block.Groups[1].Value])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the block '{name}' of {document} failed ({process.ExitCode}): {await stderr}\n{await stdout}");
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
