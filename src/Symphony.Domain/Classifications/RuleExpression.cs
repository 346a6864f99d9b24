using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Domain.Classifications;

/// <summary>
/// A classification rule in Symphony's JSON rule language, <c>{"version": 1, "expr": ...}</c>: checked once when
/// written (every mistake named by its JSON path) and compiled once into a delegate over an account's
/// <see cref="AccountFactSet"/>, so evaluating it over an account is a few set lookups, never an interpretation of
/// the document. The language is documented in <c>docs/reference/classification-dsl.md</c>.
/// </summary>
public sealed partial class RuleExpression
{
    public const int CurrentVersion = 1;
    /// <summary>The largest rule document, in UTF-8 bytes.</summary>
    public const int MaxBytes = 16 * 1024;
    /// <summary>How deep operators may nest.</summary>
    public const int MaxDepth = 16;
    /// <summary>Operators and functions in one rule.</summary>
    public const int MaxNodes = 200;
    public const int MaxOperands = 50;
    public const int MaxPatternLength = 200;
    /// <summary>name_matches patterns in one rule: each is a regular expression run over every account's name.</summary>
    public const int MaxPatterns = 10;
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(50);

    private readonly Func<AccountFactSet, bool> _matches;

    private RuleExpression(string json, Func<AccountFactSet, bool> matches, bool readsObjects)
    {
        Json = json;
        _matches = matches;
        ReadsObjects = readsObjects;
    }

    /// <summary>Whether the rule asks about privileges on single objects, which are worked out from the instance's snapshots.</summary>
    public bool ReadsObjects { get; }

    /// <summary>The rule as stored: the document re-written compactly.</summary>
    public string Json { get; }

    /// <summary>
    /// Whether the account matches. A rule that fails while evaluating (a pattern past its time limit) fails closed:
    /// the account is not matched, and <paramref name="error"/> says why.
    /// </summary>
    public bool Matches(AccountFactSet facts, out string? error)
    {
        try
        {
            error = null;
            return _matches(facts);
        }
        catch (RegexMatchTimeoutException)
        {
            error = $"name_matches took longer than {PatternTimeout.TotalMilliseconds:0} ms on '{facts.Name}'";
            return false;
        }
    }

    /// <summary>Checks and compiles a rule document; 422 INVALID_DSL_EXPRESSION with an error per mistake otherwise.</summary>
    public static RuleExpression Compile(string json, string field = "rule")
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
            throw Invalid([Error(field, $"A rule is at most {MaxBytes / 1024} KiB.")]);
        JsonDocument document;
        try
        {
            // A little deeper than the language allows, so that too deep is reported as such, not as bad JSON.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2 * MaxDepth + 8 });
        }
        catch (JsonException e)
        {
            throw Invalid([Error(field, e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"The rule nests deeper than {MaxDepth} operators."
                : "The rule is not valid JSON.")]);
        }
        using (document) return Compile(document.RootElement, field);
    }

    public static RuleExpression Compile(JsonElement document, string field = "rule")
    {
        if (Encoding.UTF8.GetByteCount(document.GetRawText()) > MaxBytes)
            throw Invalid([Error(field, $"A rule is at most {MaxBytes / 1024} KiB.")]);
        var parser = new Parser(field);
        var body = parser.Document(document);
        if (parser.Errors.Count > 0 || body is null) throw Invalid(parser.Errors);
        var matches = Expression.Lambda<Func<AccountFactSet, bool>>(body, Parser.Facts).Compile();
        return new RuleExpression(JsonSerializer.Serialize(document), matches, parser.ReadsObjects);
    }

    private static DomainException Invalid(List<FieldError> errors) =>
        new(MessageCodes.InvalidDslExpression, $"The rule is not valid: {errors[0].Field}: {errors[0].Message}", errors);

    private static FieldError Error(string path, string message) => new(path, message, MessageCodes.InvalidDslExpression.Code);

    /// <summary>The operators and functions, for messages and the docs' check.</summary>
    public static IReadOnlyList<string> Operators { get; } = ["and", "or", "not"];
    public static IReadOnlyList<string> Functions => Parser.FunctionNames;

    [GeneratedRegex("^[A-Z][A-Z _]{0,39}$")]
    private static partial Regex PrivilegeName();

    /// <summary>Where a privilege is held, as the facts of an accounts sync name it (<c>global</c>, <c>column</c> and <c>routine</c>: MySQL).</summary>
    public static IReadOnlyList<string> Scopes { get; } = ["global", "database", "schema", "table", "sequence", "column", "routine"];

    /// <summary>The scopes whose objects live in a schema, so a schema can narrow them.</summary>
    private static readonly string[] SchemaScopes = ["schema", "table", "sequence"];

    /// <summary>One pass over the document: each node checked and turned into its expression, mistakes collected.</summary>
    private sealed class Parser(string root)
    {
        public static readonly ParameterExpression Facts = Expression.Parameter(typeof(AccountFactSet), "account");

        private static readonly Dictionary<string, Func<Parser, JsonElement, string, Expression?>> Builders = new(StringComparer.Ordinal)
        {
            ["is_superuser"] = (p, args, path) => p.NoArguments(args, path) ? Has(AccountCapabilities.Superuser) : null,
            ["can_login"] = (p, args, path) => p.NoArguments(args, path)
                ? Expression.AndAlso(Has(AccountCapabilities.Login), Expression.Not(Has(AccountCapabilities.Locked)))
                : null,
            ["is_locked"] = (p, args, path) => p.NoArguments(args, path) ? Has(AccountCapabilities.Locked) : null,
            ["has_capability"] = (p, args, path) => p.Arguments(args, path, ["name"], []) is { } a
                && p.OneOf(a, "name", path, AccountCapabilities.All) is { } name ? Has(name) : null,
            ["has_role"] = (p, args, path) =>
            {
                if (p.Arguments(args, path, ["name"], ["direct_only"]) is not { } a) return null;
                var name = p.Text(a, "name", path, 63);
                var directOnly = p.Flag(a, "direct_only", path);
                return name is null ? null : SetContains(directOnly ? nameof(AccountFactSet.DirectRoles) : nameof(AccountFactSet.EffectiveRoles), name);
            },
            ["has_privilege"] = (p, args, path) =>
            {
                if (p.Arguments(args, path, ["name", "scope"], ["database", "schema"]) is not { } a) return null;
                var name = p.Text(a, "name", path, 40)?.ToUpperInvariant();
                if (name is not null && !PrivilegeName().IsMatch(name)) name = p.Fail<string>($"{path}.name", "A privilege name is letters, spaces and '_', such as SELECT or CREATE ROUTINE.");
                var scope = p.OneOf(a, "scope", path, Scopes);
                var database = a.ContainsKey("database") ? p.Text(a, "database", path, 64) : null;
                var schema = a.ContainsKey("schema") ? p.Text(a, "schema", path, 63) : null;
                if (scope == "global" && a.ContainsKey("database")) p.Fail<string>($"{path}.database", "A global privilege is held on every database: name none.");
                else if (schema is not null && !a.ContainsKey("database")) p.Fail<string>($"{path}.schema", "A schema is named together with its database.");
                else if (schema is not null && scope is not null && !SchemaScopes.Contains(scope))
                    p.Fail<string>($"{path}.schema", $"A schema narrows the {string.Join(", ", SchemaScopes)} scopes only.");
                if (name is null || scope is null) return null;
                var where = schema is not null && database is not null ? $"{database}.{schema}" : database;
                return SetContains(nameof(AccountFactSet.PrivilegeKeys), AccountFactSet.Key(scope, where, name));
            },
            ["has_object_privilege"] = (p, args, path) =>
            {
                if (p.Arguments(args, path, ["name", "object"], ["effective", "grant_option"]) is not { } a) return null;
                var name = p.Text(a, "name", path, 40)?.ToUpperInvariant();
                if (name is not null && !PrivilegeName().IsMatch(name)) name = p.Fail<string>($"{path}.name", "A privilege name is letters, spaces and '_', such as SELECT or EXECUTE.");
                var objectName = p.Text(a, "object", path, 1000);
                var effective = p.Flag(a, "effective", path);
                var grantOption = p.Flag(a, "grant_option", path);
                if (name is null || objectName is null) return null;
                p.ReadsObjects = true;
                return Expression.Call(Facts, typeof(AccountFactSet).GetMethod(nameof(AccountFactSet.HoldsOnObject))!,
                    Expression.Constant(objectName), Expression.Constant(name), Expression.Constant(grantOption), Expression.Constant(effective));
            },
            ["sign_in_state_in"] = (p, args, path) =>
            {
                if (p.Arguments(args, path, ["states"], []) is not { } a) return null;
                var states = p.List(a, "states", path, SignInStateNames.All);
                return states is null ? null : Expression.Call(Expression.Constant(states.ToHashSet(StringComparer.Ordinal)),
                    typeof(HashSet<string>).GetMethod(nameof(HashSet<string>.Contains))!, Expression.Property(Facts, nameof(AccountFactSet.SignInState)));
            },
            ["is_anonymous"] = (p, args, path) => p.NoArguments(args, path) ? Expression.Property(Facts, nameof(AccountFactSet.Anonymous)) : null,
            ["db_type_in"] = (p, args, path) =>
            {
                if (p.Arguments(args, path, ["types"], []) is not { } a) return null;
                var types = p.List(a, "types", path, DbTypes.Known);
                return types is null ? null : Expression.Call(Expression.Constant(types.ToHashSet(StringComparer.Ordinal)),
                    typeof(HashSet<string>).GetMethod(nameof(HashSet<string>.Contains))!, Expression.Property(Facts, nameof(AccountFactSet.DbType)));
            },
            ["name_matches"] = (p, args, path) =>
            {
                if (p.Arguments(args, path, ["pattern"], []) is not { } a) return null;
                if (++p._patterns > MaxPatterns) return p.Fail<Expression>(path, $"A rule has at most {MaxPatterns} name_matches patterns.");
                var pattern = p.Text(a, "pattern", path, MaxPatternLength);
                if (pattern is null) return null;
                Regex regex;
                try
                {
                    // Linear in the length of the name whatever the pattern, and bounded in time besides.
                    regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, PatternTimeout);
                    // Once now, so the engine's first match (its code compiled, its first states built) does not
                    // count against the first account's time limit.
                    try
                    {
                        regex.IsMatch(string.Empty);
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        // A busy node: the accounts' own matches have their limit, and fail closed if they pass it.
                    }
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException)
                {
                    return p.Fail<Expression>($"{path}.pattern", $"Not a usable pattern: {e.Message}");
                }
                return Expression.Call(Expression.Constant(regex), typeof(Regex).GetMethod(nameof(Regex.IsMatch), [typeof(string)])!,
                    Expression.Property(Facts, nameof(AccountFactSet.Name)));
            },
            ["password_expires_within_days"] = (p, args, path) =>
            {
                if (p.Arguments(args, path, ["days"], []) is not { } a) return null;
                if (a["days"].ValueKind != JsonValueKind.Number || !a["days"].TryGetInt32(out var days) || days is < 0 or > 3650)
                    return p.Fail<Expression>($"{path}.days", "days is a whole number from 0 to 3650.");
                return Expression.Call(typeof(Parser).GetMethod(nameof(ExpiresWithin), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!,
                    Facts, Expression.Constant(days));
            },
        };

        public static IReadOnlyList<string> FunctionNames { get; } = [.. Builders.Keys];

        private int _nodes;
        private int _patterns;
        public bool ReadsObjects { get; private set; }
        public List<FieldError> Errors { get; } = [];

        public Expression? Document(JsonElement document)
        {
            if (document.ValueKind != JsonValueKind.Object)
                return Fail<Expression>(root, "A rule is an object: {\"version\": 1, \"expr\": ...}.");
            JsonElement? expr = null;
            var version = false;
            if (Duplicate(document) is { } twice) return Fail<Expression>($"{root}.{Short(twice)}", "A key is given twice.");
            foreach (var property in document.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "version" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var v) && v == CurrentVersion:
                        version = true;
                        break;
                    case "version":
                        Fail<Expression>($"{root}.version", $"version must be {CurrentVersion}.");
                        version = true;
                        break;
                    case "expr":
                        expr = property.Value;
                        break;
                    default:
                        Fail<Expression>($"{root}.{property.Name}", "A rule has only version and expr.");
                        break;
                }
            }
            if (!version) Fail<Expression>($"{root}.version", $"version is required ({CurrentVersion}).");
            if (expr is null) return Fail<Expression>($"{root}.expr", "expr is required.");
            return Node(expr.Value, $"{root}.expr", 1);
        }

        private Expression? Node(JsonElement node, string path, int depth)
        {
            if (Errors.Count >= 20) return null;
            if (depth > MaxDepth) return Fail<Expression>(path, $"The rule nests deeper than {MaxDepth} operators.");
            if (++_nodes > MaxNodes) return Fail<Expression>(path, $"A rule has at most {MaxNodes} operators and functions.");
            if (node.ValueKind != JsonValueKind.Object || node.EnumerateObject().Count() != 1)
                return Fail<Expression>(path, "Each step is an object with one key: an operator (and, or, not) or a function.");
            var step = node.EnumerateObject().First();
            var at = $"{path}.{step.Name}";
            switch (step.Name)
            {
                case "and" or "or":
                    if (step.Value.ValueKind != JsonValueKind.Array || step.Value.GetArrayLength() is 0 or > MaxOperands)
                        return Fail<Expression>(at, $"{step.Name} takes a list of 1 to {MaxOperands} steps.");
                    var parts = step.Value.EnumerateArray().Select((part, i) => Node(part, $"{at}[{i}]", depth + 1)).ToList();
                    if (parts.Any(part => part is null)) return null;
                    return parts.Aggregate((left, right) => step.Name == "and" ? Expression.AndAlso(left!, right!) : Expression.OrElse(left!, right!));
                case "not":
                    return Node(step.Value, at, depth + 1) is { } inner ? Expression.Not(inner) : null;
                default:
                    return Builders.TryGetValue(step.Name, out var build)
                        ? build(this, step.Value, at)
                        : Fail<Expression>(at, $"Unknown function '{Short(step.Name)}'. Operators: and, or, not. Functions: {string.Join(", ", FunctionNames)}.");
            }
        }

        public T? Fail<T>(string path, string message) where T : class
        {
            Errors.Add(Error(path, message));
            return null;
        }

        /// <summary>A function without arguments takes <c>{}</c>.</summary>
        private bool NoArguments(JsonElement args, string path) =>
            args.ValueKind == JsonValueKind.Object && !args.EnumerateObject().Any() || Fail<object>(path, "This function takes no arguments: give {}.") is not null;

        private Dictionary<string, JsonElement>? Arguments(JsonElement args, string path, string[] required, string[] optional)
        {
            if (args.ValueKind != JsonValueKind.Object)
                return Fail<Dictionary<string, JsonElement>>(path, $"The arguments are an object with {string.Join(", ", required)}.");
            if (Duplicate(args) is { } twice)
                return Fail<Dictionary<string, JsonElement>>($"{path}.{Short(twice)}", "An argument is given twice.");
            var given = args.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            var ok = true;
            foreach (var name in required.Where(n => !given.ContainsKey(n)))
                ok = Fail<object>($"{path}.{name}", $"{name} is required.") is not null;
            foreach (var name in given.Keys.Where(n => !required.Contains(n) && !optional.Contains(n)))
                ok = Fail<object>($"{path}.{Short(name)}", $"Unknown argument; this function takes {string.Join(", ", required.Concat(optional))}.") is not null;
            return ok ? given : null;
        }

        private string? Text(Dictionary<string, JsonElement> args, string name, string path, int maxLength) =>
            args[name] is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text && text.Length <= maxLength
                && !text.Any(char.IsControl)
                ? text
                : Fail<string>($"{path}.{name}", $"{name} is a string of 1 to {maxLength} characters.");

        private bool Flag(Dictionary<string, JsonElement> args, string name, string path) =>
            !args.TryGetValue(name, out var value) ? false
            : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
            : Fail<object>($"{path}.{name}", $"{name} is true or false.") is not null;

        private string? OneOf(Dictionary<string, JsonElement> args, string name, string path, IReadOnlyList<string> known) =>
            args[name] is { ValueKind: JsonValueKind.String } value && known.Contains(value.GetString()!)
                ? value.GetString()
                : Fail<string>($"{path}.{name}", $"{name} is one of {string.Join(", ", known)}.");

        private List<string>? List(Dictionary<string, JsonElement> args, string name, string path, IReadOnlyList<string> known) =>
            args[name] is { ValueKind: JsonValueKind.Array } value && value.GetArrayLength() is > 0 and <= 10
                && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String && known.Contains(v.GetString()!))
                ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
                : Fail<List<string>>($"{path}.{name}", $"{name} is a list of 1 to 10 of {string.Join(", ", known)}.");

        private static MethodCallExpression Has(string capability) =>
            Expression.Call(Facts, typeof(AccountFactSet).GetMethod(nameof(AccountFactSet.Has))!, Expression.Constant(capability));

        private static MethodCallExpression SetContains(string set, string value) =>
            Expression.Call(Expression.Property(Facts, set), typeof(IReadOnlySet<string>).GetMethod(nameof(IReadOnlySet<string>.Contains))!,
                Expression.Constant(value));

        private static bool ExpiresWithin(AccountFactSet account, int days) =>
            account.PasswordExpiresAt is { } expires && expires <= account.Now.AddDays(days);

        private static string? Duplicate(JsonElement obj)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return obj.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !seen.Add(name));
        }

        private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "...";
    }
}
