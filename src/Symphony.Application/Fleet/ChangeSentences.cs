using System.Globalization;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// A change entry's lines as a DBA would say them: "SUPERUSER granted", "VALID UNTIL set to 2025-06-30", "SELECT on
/// app.sales.invoices granted WITH GRANT OPTION by app_owner". An attribute that moved is one sentence, not a line
/// removed and a line added; the per-schema counts are left out when the objects themselves are in the change.
/// </summary>
public static class ChangeSentences
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["superuser"] = "SUPERUSER", ["inherit"] = "INHERIT", ["createrole"] = "CREATEROLE", ["createdb"] = "CREATEDB", ["login"] = "LOGIN",
        ["replication"] = "REPLICATION", ["bypassrls"] = "BYPASSRLS",
    };

    public static IReadOnlyList<string> Of(AccountChangeKind kind, IReadOnlyList<string> added, IReadOnlyList<string> removed)
    {
        var sentences = new List<string>();
        var withObjects = added.Concat(removed).Any(l => l.StartsWith(AccountSnapshot.ObjectLinePrefix, StringComparison.Ordinal));
        var attributesBefore = Attributes(removed);
        foreach (var (key, value) in Attributes(added))
        {
            // A new account's attributes at their defaults say nothing.
            if (kind != AccountChangeKind.Changed && !attributesBefore.ContainsKey(key) && value is "False" or "never" or "-1") continue;
            sentences.Add(Attribute(key, value, attributesBefore.GetValueOrDefault(key)));
        }
        foreach (var line in added.Where(l => !l.StartsWith("attribute:", StringComparison.Ordinal)))
            if (Grant(line, withObjects, "granted") is { } sentence) sentences.Add(sentence);
        foreach (var line in removed.Where(l => !l.StartsWith("attribute:", StringComparison.Ordinal)))
            if (Grant(line, withObjects, "revoked") is { } sentence) sentences.Add(sentence);
        return sentences;
    }

    private static Dictionary<string, string> Attributes(IReadOnlyList<string> lines) =>
        lines.Where(l => l.StartsWith("attribute:", StringComparison.Ordinal))
            .Select(l => l["attribute:".Length..].Split('=', 2))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static string Attribute(string key, string value, string? before) => key switch
    {
        _ when Flags.TryGetValue(key, out var flag) => value == "True" ? $"{flag} granted" : $"{flag} revoked",
        "valid_until" => value == "never" ? "VALID UNTIL removed" : $"VALID UNTIL set to {Day(value)}",
        "connection_limit" => value == "-1" ? "CONNECTION LIMIT removed" : $"CONNECTION LIMIT set to {value}",
        "plugin" => before is null ? $"signs in with {Plugin(value)}" : $"authentication changed from {Plugin(before)} to {Plugin(value)}",
        "account_locked" => value == "True" ? "ACCOUNT LOCK" : "ACCOUNT UNLOCK",
        "password_expired" => value == "True" ? "PASSWORD EXPIRE" : "password renewed",
        _ => $"{key} set to {value}",
    };

    private static string Plugin(string plugin) => plugin.Length == 0 ? "no plugin (a role)" : plugin;

    private static string Day(string value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var day) ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;

    /// <summary>One privilege line in words, or null for a count made redundant by the objects themselves.</summary>
    private static string? Grant(string line, bool withObjects, string verb)
    {
        var (grantable, rest) = line.EndsWith(" with grant option", StringComparison.Ordinal) ? (" WITH GRANT OPTION", line[..^" with grant option".Length]) : ("", line);
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return line;
        var (scope, value) = (rest[..colon], rest[(colon + 1)..]);
        switch (scope)
        {
            case "object":
                // object:kind:name:PRIVILEGE[ with grant option] by grantor, the name holding dots and perhaps colons.
                var by = value.LastIndexOf(" by ", StringComparison.Ordinal);
                var (body, grantor) = by < 0 ? (value, "") : (value[..by], value[(by + 4)..]);
                var kindEnd = body.IndexOf(':', StringComparison.Ordinal);
                var privilegeStart = body.LastIndexOf(':');
                if (kindEnd < 0 || privilegeStart <= kindEnd) return line;
                var privilege = body[(privilegeStart + 1)..];
                if (privilege.EndsWith(" with grant option", StringComparison.Ordinal))
                    (grantable, privilege) = (" WITH GRANT OPTION", privilege[..^" with grant option".Length]);
                var kind = body[..kindEnd].Replace('_', ' ');
                return $"{privilege} on {kind} {body[(kindEnd + 1)..privilegeStart]} {verb}{grantable}{(grantor.Length > 0 ? $" by {grantor}" : "")}";
            case "global":
                return $"{value} on *.* {verb}{grantable}";
            case "member_of":
                var (role, admin, noInherit) = (value.Replace(" with admin option", "", StringComparison.Ordinal).Replace(" noinherit", "", StringComparison.Ordinal),
                    value.Contains(" with admin option", StringComparison.Ordinal), value.EndsWith(" noinherit", StringComparison.Ordinal));
                return $"role {role} {verb}{(admin ? " WITH ADMIN OPTION" : "")}{(noInherit ? " (used by SET ROLE only)" : "")}";
            case "database" or "schema":
                var last = value.LastIndexOf(':');
                return last < 0 ? line : $"{value[(last + 1)..]} on {scope} {value[..last]} {verb}{grantable}";
            case "default":
                // default:schema:objects:PRIVILEGE by grantor
                var parts = value.Split(':', 3);
                return parts.Length < 3 ? line : $"{parts[2].Replace(" by ", " on new " + parts[1] + $" in {parts[0]} created by ", StringComparison.Ordinal)} {verb} by default";
            case "tables" or "sequences" or "columns" or "routines":
                if (withObjects) return null;
                var equals = value.LastIndexOf('=');
                var counted = value.LastIndexOf(':', equals < 0 ? value.Length - 1 : equals);
                return equals < 0 || counted < 0 ? line
                    : $"{value[(counted + 1)..equals]} on {value[(equals + 1)..]} {scope} of {value[..counted]} {(verb == "granted" ? "now" : "before")}";
            case "classification":
                return verb == "granted" ? $"entered classification {value}" : $"left classification {value}";
            default:
                return line;
        }
    }
}
