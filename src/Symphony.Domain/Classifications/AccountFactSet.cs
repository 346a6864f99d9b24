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
    /// <summary>Whether it can sign in, and if not why (<see cref="Fleet.SignInStateNames"/>); empty before a sync judged it.</summary>
    public string SignInState { get; init; } = "";
    /// <summary>A MySQL or MariaDB account with an empty user name: any user name signs in with it from its host.</summary>
    public bool Anonymous { get; init; }

    /// <summary>
    /// Answers whether the account holds a privilege on one object (object, privilege, with the grant option,
    /// effectively): granted to it, or also through the roles it inherits, PUBLIC and a superuser's rights. Worked out
    /// from the instance's snapshots, only when a rule asks (<see cref="RuleExpression.ReadsObjects"/>).
    /// </summary>
    public Func<string, string, bool, bool, bool>? ObjectPrivileges { get; init; }

    public bool HoldsOnObject(string objectName, string privilege, bool grantOption, bool effective) =>
        ObjectPrivileges?.Invoke(objectName, privilege, grantOption, effective) ?? false;

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
