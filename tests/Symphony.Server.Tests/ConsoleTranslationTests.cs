using System.Reflection;
using System.Reflection.Emit;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.Hosting;

namespace Symphony.Server.Tests;

/// <summary>
/// Every text of a translated console page is in Simplified Chinese. The pages are read as compiled: Razor writes a
/// page's own markup with <c>WriteLiteral</c>, so the text in those literals (between tags, and in the attributes
/// people read: titles, placeholders, labels for screen readers) must be none, and each key a page asks its
/// localizer for (<c>L["..."]</c>) must have a translation in the page's resource file, in the satellite assembly
/// the build made. A page not yet translated is named in <see cref="NotYetTranslated"/>; translating it means taking
/// it off that list, and the list cannot name a page that is already translated.
/// </summary>
public sealed partial class ConsoleTranslationTests
{
    /// <summary>The culture's folder and resource suffix, as the build names them.</summary>
    private const string Chinese = "zh-Hans";

    /// <summary>Pages written before the console spoke two languages, left to translate (issue 29).</summary>
    private static readonly string[] NotYetTranslated =
    [
        "/Pages/Audit/Index.cshtml",
        "/Pages/Automations/Detail.cshtml",
        "/Pages/Automations/Index.cshtml",
        "/Pages/Automations/_AutomationForm.cshtml",
        "/Pages/Capacity/Index.cshtml",
        "/Pages/Capacity/_InstanceCapacity.cshtml",
        "/Pages/Classifications/Detail.cshtml",
        "/Pages/Classifications/Index.cshtml",
        "/Pages/Classifications/Ledger.cshtml",
        "/Pages/Dashboard/Index.cshtml",
        "/Pages/Fleet/Account.cshtml",
        "/Pages/Fleet/Changes.cshtml",
        "/Pages/Fleet/Detail.cshtml",
        "/Pages/Fleet/Index.cshtml",
        "/Pages/Fleet/Tags.cshtml",
        "/Pages/Fleet/_Accounts.cshtml",
        "/Pages/Fleet/_Overview.cshtml",
        "/Pages/Identity/Users.cshtml",
        "/Pages/Runs/Detail.cshtml",
        "/Pages/Runs/Index.cshtml",
        "/Pages/Scheduler/Detail.cshtml",
        "/Pages/Scheduler/Index.cshtml",
        "/Pages/Shared/_LineChart.cshtml",
        "/Pages/Shared/_RunsTable.cshtml",
        "/Pages/Vaults/Detail.cshtml",
        "/Pages/Vaults/Index.cshtml",
        "/Pages/Workspaces/Members.cshtml",
    ];

    /// <summary>Words that are the same in both languages: the product's name and units.</summary>
    private static readonly string[] Untranslated = ["Symphony", "UTC", "MB", "GB", "ms", "s"];

    private static readonly Assembly Server = typeof(Program).Assembly;

    [Fact]
    public void Every_text_of_a_translated_page_is_asked_of_its_localizer()
    {
        var failures = Views()
            .Where(v => !NotYetTranslated.Contains(v.Path))
            .SelectMany(v => Literals(v.Type).SelectMany(TextOf).Where(IsWords).Select(text => $"{v.Path}: \"{text}\""))
            .Distinct()
            .ToList();
        Assert.True(failures.Count == 0, "Text written in a translated page instead of asked of its localizer (L[\"...\"]):\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Every_key_a_page_asks_for_has_a_chinese_translation()
    {
        // The satellite assembly the build put where the server looks for the culture's resources.
        var satellite = Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(Server.Location)!, Chinese, "Symphony.Server.resources.dll"));
        var failures = new List<string>();
        foreach (var (path, type) in Views())
        {
            var keys = Keys(type).Distinct().ToList();
            if (keys.Count == 0) continue;
            var translations = new Dictionary<string, string>();
            using (var stream = satellite.GetManifestResourceStream($"Symphony.Server.Resources{path[..^".cshtml".Length].Replace('/', '.')}.{Chinese}.resources"))
                if (stream is not null)
                    foreach (System.Collections.DictionaryEntry entry in new ResourceReader(stream))
                        translations[(string)entry.Key] = entry.Value as string ?? "";
            failures.AddRange(keys.Where(k => string.IsNullOrWhiteSpace(translations.GetValueOrDefault(k))).Select(k => $"{path}: \"{k}\""));
        }
        Assert.True(failures.Count == 0, "Keys without a zh-Hans translation in the page's resource file:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void The_pages_left_to_translate_are_pages_and_are_not_translated()
    {
        var views = Views().ToDictionary(v => v.Path, v => v.Type);
        Assert.All(NotYetTranslated, path =>
        {
            Assert.True(views.ContainsKey(path), $"{path} is no page");
            Assert.True(Literals(views[path]).SelectMany(TextOf).Any(IsWords), $"{path} has no text of its own left: take it off the list");
        });
    }

    /// <summary>Each compiled page or layout with its path (<c>/Pages/Runs/Detail.cshtml</c>).</summary>
    private static IEnumerable<(string Path, Type Type)> Views() =>
        Server.GetTypes()
            .Select(t => (Type: t, Path: t.GetCustomAttributes<RazorCompiledItemMetadataAttribute>().FirstOrDefault(a => a.Key == "Identifier")?.Value))
            .Where(v => v.Path is not null)
            .Select(v => (v.Path!, v.Type));

    /// <summary>The strings a page writes as its own markup: a constant handed straight to <c>WriteLiteral</c>.</summary>
    private static IEnumerable<string> Literals(Type view)
    {
        foreach (var (method, code) in Instructions(view))
            for (var i = 0; i + 1 < code.Count; i++)
                if (code[i].OpCode == OpCodes.Ldstr && Called(method, code[i + 1])?.Name == "WriteLiteral")
                    yield return method.Module.ResolveString(code[i].Operand);
    }

    /// <summary>
    /// The keys a page asks its localizer for: a constant handed straight to the indexer (<c>L["text"]</c>), or one
    /// followed by the array of its arguments (<c>L["text {0}", value]</c>).
    /// </summary>
    private static IEnumerable<string> Keys(Type view)
    {
        foreach (var (method, code) in Instructions(view))
        {
            var withArguments = new Stack<string>();
            for (var i = 0; i < code.Count; i++)
            {
                if (code[i].OpCode == OpCodes.Ldstr && i + 2 < code.Count && code[i + 1].OpCode.Name!.StartsWith("ldc.i4", StringComparison.Ordinal)
                    && code[i + 2].OpCode == OpCodes.Newarr)
                    withArguments.Push(method.Module.ResolveString(code[i].Operand));
                if (Called(method, code[i]) is not { Name: "get_Item" } indexer
                    || !typeof(Microsoft.AspNetCore.Mvc.Localization.IHtmlLocalizer).IsAssignableFrom(indexer.DeclaringType)) continue;
                if (indexer.GetParameters().Length == 1 && i > 0 && code[i - 1].OpCode == OpCodes.Ldstr)
                    yield return method.Module.ResolveString(code[i - 1].Operand);
                else if (indexer.GetParameters().Length == 2 && withArguments.Count > 0)
                    yield return withArguments.Pop();
            }
        }
    }

    private static MethodBase? Called(MethodBase method, (OpCode OpCode, int Operand) instruction) =>
        instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt
            ? method.Module.ResolveMethod(instruction.Operand, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null)
            : null;

    /// <summary>The IL of every method of the page, with its async state machines and lambdas: each opcode with its token or value.</summary>
    private static IEnumerable<(MethodBase Method, List<(OpCode OpCode, int Operand)> Code)> Instructions(Type view)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var method in Nested(view).SelectMany(t => t.GetMethods(all)))
        {
            if (method.GetMethodBody()?.GetILAsByteArray() is not { } il) continue;
            var code = new List<(OpCode, int)>();
            for (var at = 0; at < il.Length;)
            {
                var opCode = il[at] == 0xFE ? OpCodesByValue[unchecked((short)(0xFE00 | il[at + 1]))] : OpCodesByValue[il[at]];
                at += opCode.Size;
                var size = OperandSize(opCode, il, at);
                code.Add((opCode, size == 4 ? BitConverter.ToInt32(il, at) : 0));
                at += size;
            }
            yield return (method, code);
        }
    }

    private static IEnumerable<Type> Nested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).SelectMany(Nested));

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(c => c.Value);

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    /// <summary>The text people read in a piece of markup: between tags, and in titles, placeholders, alt texts and labels.</summary>
    private static IEnumerable<string> TextOf(string markup)
    {
        foreach (Match attribute in ReadAttribute().Matches(markup)) yield return attribute.Groups[2].Value;
        // A literal may begin inside a tag (after an attribute written from code) or end inside one (before such an attribute).
        var text = TagEnd().Replace(TagStart().Replace(Comment().Replace(markup, " "), "\n"), "\n");
        foreach (var piece in Tag().Replace(text, "\n").Split('\n')) yield return System.Net.WebUtility.HtmlDecode(piece).Trim();
    }

    /// <summary>Words in some language: letters, other than the words both languages share.</summary>
    private static bool IsWords(string text) =>
        LettersOf().Matches(text).Any(m => !Untranslated.Contains(m.Value));

    [GeneratedRegex(@"\b(title|placeholder|alt|aria-label)\s*=\s*""([^""]*)""")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<[^>]*$")]
    private static partial Regex TagStart();

    [GeneratedRegex(@"^[^<]*>")]
    private static partial Regex TagEnd();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"[A-Za-z][A-Za-z']*")]
    private static partial Regex LettersOf();
}
