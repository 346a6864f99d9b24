using System.Reflection;
using System.Reflection.Emit;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.Hosting;

namespace Symphony.Server.Tests;

/// <summary>
/// Every text of the console's pages is in Simplified Chinese too. The pages are read as compiled: Razor writes a
/// page's own markup with <c>WriteLiteral</c>, so the text in those literals (between tags, and in the attributes
/// people read: titles, placeholders, labels for screen readers) must be none, and each key a page asks its
/// localizer for (<c>L["..."]</c>), and each sentence its model says (<c>Say("...")</c>), must have a translation in
/// the page's resource file, in the satellite assembly the build made. Every page is held to it, and every message
/// code has its sentence for the pages' refusals.
/// </summary>
public sealed partial class ConsoleTranslationTests
{
    /// <summary>The culture's folder and resource suffix, as the build names them.</summary>
    private const string Chinese = "zh-Hans";

    /// <summary>Words that are the same in both languages: the product's name and units.</summary>
    private static readonly string[] Untranslated = ["Symphony", "UTC", "MB", "GB", "ms", "s"];

    private static readonly Assembly Server = typeof(Program).Assembly;

    [Fact]
    public void Every_text_of_a_page_is_asked_of_its_localizer()
    {
        var failures = Views()
            .SelectMany(v => Literals(v.Type).SelectMany(TextOf).Where(IsWords).Select(text => $"{v.Path}: \"{text}\""))
            .Distinct()
            .ToList();
        Assert.True(failures.Count == 0, "Text written in a page instead of asked of its localizer (L[\"...\"]):\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Every_key_a_page_asks_for_has_a_chinese_translation()
    {
        var failures = new List<string>();
        foreach (var (path, type) in Views())
        {
            var keys = Keys(type, IsLocalizerLookup).Concat(PageModelKeys(type)).Distinct().ToList();
            if (keys.Count == 0) continue;
            var translations = Translations($"Symphony.Server.Resources{path[..^".cshtml".Length].Replace('/', '.')}");
            failures.AddRange(keys.Where(k => string.IsNullOrWhiteSpace(translations.GetValueOrDefault(k))).Select(k => $"{path}: \"{k}\""));
        }
        Assert.True(failures.Count == 0, "Keys without a zh-Hans translation in the page's resource file:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Every_message_code_has_a_chinese_sentence_for_the_console()
    {
        var sentences = Translations("Symphony.Server.Resources.Pages.ConsoleMessages");
        var codes = typeof(Domain.Common.MessageCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Domain.Common.MessageCode)).Select(f => ((Domain.Common.MessageCode)f.GetValue(null)!).Code).ToList();
        Assert.NotEmpty(codes);
        Assert.DoesNotContain(codes, c => string.IsNullOrWhiteSpace(sentences.GetValueOrDefault(c)));
        Assert.Empty(sentences.Keys.Except(codes));
    }

    /// <summary>
    /// The Simplified Chinese texts of a resource, read from the satellite assembly the build put where the server
    /// looks for the culture's resources; none when it has no such resource.
    /// </summary>
    private static Dictionary<string, string> Translations(string baseName)
    {
        var satellite = Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(Server.Location)!, Chinese, "Symphony.Server.resources.dll"));
        var translations = new Dictionary<string, string>();
        using var stream = satellite.GetManifestResourceStream($"{baseName}.{Chinese}.resources");
        if (stream is not null)
            foreach (System.Collections.DictionaryEntry entry in new ResourceReader(stream))
                translations[(string)entry.Key] = entry.Value as string ?? "";
        return translations;
    }

    /// <summary>Each compiled page or layout with its path (<c>/Pages/Runs/Detail.cshtml</c>).</summary>
    private static IEnumerable<(string Path, Type Type)> Views() =>
        Server.GetTypes()
            .Select(t => (Type: t, Path: t.GetCustomAttributes<RazorCompiledItemMetadataAttribute>().FirstOrDefault(a => a.Key == "Identifier")?.Value))
            .Where(v => v.Path is not null)
            .Select(v => (v.Path!, v.Type));

    /// <summary>
    /// The markup a page writes of its own, each method's in one piece: the constants handed straight to
    /// <c>WriteLiteral</c>, joined in the order they are written, so a literal that lies inside a tag (between two
    /// attributes written from code) is read inside its tag.
    /// </summary>
    private static IEnumerable<string> Literals(Type view)
    {
        foreach (var (method, code) in Instructions(view))
        {
            var markup = new System.Text.StringBuilder();
            for (var i = 0; i + 1 < code.Count; i++)
                if (code[i].OpCode == OpCodes.Ldstr && Called(method, code[i + 1])?.Name == "WriteLiteral")
                    markup.Append(method.Module.ResolveString(code[i].Operand)).Append(' ');
            if (markup.Length > 0) yield return markup.ToString();
        }
    }

    /// <summary>
    /// The keys a page asks its localizer for: a constant handed straight to the indexer (<c>L["text"]</c>), or one
    /// followed by the array of its arguments (<c>L["text {0}", value]</c>).
    /// </summary>
    private static bool IsLocalizerLookup(MethodBase called) =>
        called.Name == "get_Item" && typeof(Microsoft.AspNetCore.Mvc.Localization.IHtmlLocalizer).IsAssignableFrom(called.DeclaringType);

    /// <summary>
    /// The sentences a page's model says of what it did (<c>Say("text {0}", value)</c>), from the page's own resource
    /// file; a partial view shares its page's model and file, so only pages are read for them.
    /// </summary>
    private static IEnumerable<string> PageModelKeys(Type view) =>
        typeof(Microsoft.AspNetCore.Mvc.RazorPages.Page).IsAssignableFrom(view)
            && view.GetProperty("Model")?.PropertyType is { } model && typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel).IsAssignableFrom(model)
            ? Keys(model, called => called.Name == "Say" && called.DeclaringType == typeof(Pages.PageSentences))
            : [];

    /// <summary>
    /// The constant keys handed to a lookup (<paramref name="isLookup"/>): straight (<c>L["text"]</c>), with no
    /// arguments (<c>Say("text")</c>, an empty array), or followed by the array of its arguments (<c>L["text {0}", value]</c>).
    /// </summary>
    private static IEnumerable<string> Keys(Type type, Func<MethodBase, bool> isLookup)
    {
        foreach (var (method, code) in Instructions(type))
        {
            var withArguments = new Stack<string>();
            for (var i = 0; i < code.Count; i++)
            {
                if (code[i].OpCode == OpCodes.Ldstr && i + 2 < code.Count && code[i + 1].OpCode.Name!.StartsWith("ldc.i4", StringComparison.Ordinal)
                    && code[i + 2].OpCode == OpCodes.Newarr)
                    withArguments.Push(method.Module.ResolveString(code[i].Operand));
                if (Called(method, code[i]) is not { } called || !isLookup(called)) continue;
                if (i > 0 && code[i - 1].OpCode == OpCodes.Ldstr)
                    yield return method.Module.ResolveString(code[i - 1].Operand);
                else if (i > 1 && code[i - 2].OpCode == OpCodes.Ldstr && Called(method, code[i - 1])?.Name == "Empty")
                    yield return method.Module.ResolveString(code[i - 2].Operand);
                else if (withArguments.Count > 0)
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
        foreach (var piece in Tag().Replace(Comment().Replace(markup, " "), "\n").Split('\n')) yield return System.Net.WebUtility.HtmlDecode(piece).Trim();
    }

    /// <summary>Words in some language: letters, other than the words both languages share.</summary>
    private static bool IsWords(string text) =>
        LettersOf().Matches(text).Any(m => !Untranslated.Contains(m.Value));

    [GeneratedRegex(@"\b(title|placeholder|alt|aria-label)\s*=\s*""([^""]*)""")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"[A-Za-z][A-Za-z']*")]
    private static partial Regex LettersOf();
}
