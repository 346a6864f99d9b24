namespace Symphony.Domain.Classifications;

/// <summary>
/// An account's permission facts as a compiled rule reads them: sets for constant-time questions, built once per
/// account and evaluation moment, then asked by every rule. Privileges are kept as keys at three precisions
/// (<c>table:SELECT</c>, <c>table:app:SELECT</c>, <c>table:app.public:SELECT</c>), so a <c>has_privilege</c> with or
/// without a database or schema is one lookup.
/// </summary>
public sealed class AccountFactSet
{
    public required string Name { get; init; }
    public required string DbType { get; init; }
    public required DateTime Now { get; init; }
    public DateTime? PasswordExpiresAt { get; init; }
    public IReadOnlySet<string> Capabilities { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>Roles the account is a direct member of.</summary>
    public IReadOnlySet<string> DirectRoles { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>Direct roles and the roles whose privileges it inherits through them.</summary>
    public IReadOnlySet<string> EffectiveRoles { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    public IReadOnlySet<string> PrivilegeKeys { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool Has(string capability) => Capabilities.Contains(capability);

    /// <summary>
    /// The fact set of privileges given by scope (<c>database:app</c>, <c>schema:app.public</c>,
    /// <c>tables:app.public</c>) and their privilege names. Plural kinds are read as the rule language's singular.
    /// </summary>
    public static HashSet<string> KeysOf(IReadOnlyDictionary<string, IReadOnlyList<string>> privileges)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (scope, names) in privileges)
        {
            var colon = scope.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var kind = Singular(scope[..colon]);
            var target = scope[(colon + 1)..];
            var dot = target.IndexOf('.', StringComparison.Ordinal);
            var database = dot < 0 ? target : target[..dot];
            foreach (var name in names)
            {
                var privilege = name.ToUpperInvariant();
                keys.Add(Key(kind, null, privilege));
                keys.Add(Key(kind, database, privilege));
                if (dot >= 0) keys.Add(Key(kind, target, privilege));
            }
        }
        return keys;
    }

    /// <summary>The lookup key of a privilege of a kind, anywhere (<paramref name="where"/> null), in a database, or in a schema (<c>db.schema</c>).</summary>
    public static string Key(string kind, string? where, string privilege) => where is null ? $"{kind}:{privilege}" : $"{kind}:{where}:{privilege}";

    public static string Singular(string kind) => kind switch
    {
        "tables" => "table",
        "sequences" => "sequence",
        "routines" => "routine",
        "columns" => "column",
        _ => kind,
    };
}
