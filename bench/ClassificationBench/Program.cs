using System.Diagnostics;
using Symphony.Domain.Classifications;

// Ten rules in the rule language and the same ten written by hand in C#, evaluated over the same generated
// accounts on one thread. Both are checked to agree on every account before anything is timed.
var accounts = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var passes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
var now = new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc);
var random = new Random(42);
string[] capabilities = ["SUPERUSER", "GRANT_ADMIN", "LOCKED", "CREATEDB", "CREATEROLE", "REPLICATION", "BYPASSRLS", "LOGIN"];
string[] roles = ["pg_read_all_data", "pg_write_all_data", "pg_monitor", "app_read", "app_write", "admins", "etl", "reporting"];
string[] privileges = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"];

var facts = new AccountFactSet[accounts];
for (var i = 0; i < accounts; i++)
{
    var caps = capabilities.Where(c => random.NextDouble() < (c == "LOGIN" ? 0.8 : c == "SUPERUSER" ? 0.02 : 0.1)).ToHashSet();
    var direct = roles.Where(_ => random.NextDouble() < 0.2).ToHashSet();
    var grants = new Dictionary<string, IReadOnlyList<string>>();
    for (var d = 0; d < 3; d++)
    {
        grants[$"database:db{d}"] = random.NextDouble() < 0.5 ? ["CONNECT", "CREATE"] : ["CONNECT"];
        grants[$"tables:db{d}.s{random.Next(3)}"] = [.. privileges.Where(_ => random.NextDouble() < 0.3)];
    }
    facts[i] = new AccountFactSet
    {
        Name = (random.NextDouble() < 0.3 ? "svc_" : "user_") + i,
        DbType = random.NextDouble() < 0.7 ? "postgresql" : "mysql",
        Now = now,
        PasswordExpiresAt = random.NextDouble() < 0.3 ? now.AddDays(random.Next(-10, 120)) : null,
        Capabilities = caps,
        DirectRoles = direct,
        EffectiveRoles = direct.Concat(direct.Contains("admins") ? ["app_write", "app_read"] : []).ToHashSet(),
        PrivilegeKeys = AccountFactSet.KeysOf(grants),
    };
}

(string Dsl, Func<AccountFactSet, bool> ByHand)[] rules =
[
    ("""{"version":1,"expr":{"or":[{"is_superuser":{}},{"and":[{"has_role":{"name":"pg_read_all_data"}},{"has_role":{"name":"pg_write_all_data"}}]}]}}""",
        a => a.Capabilities.Contains("SUPERUSER") || a.EffectiveRoles.Contains("pg_read_all_data") && a.EffectiveRoles.Contains("pg_write_all_data")),
    ("""{"version":1,"expr":{"is_locked":{}}}""", a => a.Capabilities.Contains("LOCKED")),
    ("""{"version":1,"expr":{"has_privilege":{"name":"SELECT","scope":"table","database":"db1","schema":"s1"}}}""",
        a => a.PrivilegeKeys.Contains("table:db1.s1:SELECT")),
    ("""{"version":1,"expr":{"and":[{"can_login":{}},{"has_capability":{"name":"CREATEROLE"}}]}}""",
        a => a.Capabilities.Contains("LOGIN") && !a.Capabilities.Contains("LOCKED") && a.Capabilities.Contains("CREATEROLE")),
    ("""{"version":1,"expr":{"and":[{"has_role":{"name":"admins","direct_only":true}},{"not":{"is_superuser":{}}}]}}""",
        a => a.DirectRoles.Contains("admins") && !a.Capabilities.Contains("SUPERUSER")),
    ("""{"version":1,"expr":{"or":[{"has_privilege":{"name":"DELETE","scope":"table"}},{"has_privilege":{"name":"TRUNCATE","scope":"table"}}]}}""",
        a => a.PrivilegeKeys.Contains("table:DELETE") || a.PrivilegeKeys.Contains("table:TRUNCATE")),
    ("""{"version":1,"expr":{"and":[{"db_type_in":{"types":["mysql"]}},{"has_capability":{"name":"GRANT_ADMIN"}}]}}""",
        a => a.DbType == "mysql" && a.Capabilities.Contains("GRANT_ADMIN")),
    ("""{"version":1,"expr":{"password_expires_within_days":{"days":30}}}""",
        a => a.PasswordExpiresAt is { } e && e <= a.Now.AddDays(30)),
    ("""{"version":1,"expr":{"and":[{"name_matches":{"pattern":"^svc_"}},{"can_login":{}}]}}""",
        a => a.Name.StartsWith("svc_", StringComparison.Ordinal) && a.Capabilities.Contains("LOGIN") && !a.Capabilities.Contains("LOCKED")),
    ("""{"version":1,"expr":{"and":[{"has_privilege":{"name":"CREATE","scope":"database","database":"db0"}},{"not":{"has_role":{"name":"etl"}}}]}}""",
        a => a.PrivilegeKeys.Contains("database:db0:CREATE") && !a.EffectiveRoles.Contains("etl")),
];
var compiled = rules.Select(r => RuleExpression.Compile(r.Dsl)).ToArray();
var byHand = rules.Select(r => r.ByHand).ToArray();

var matches = new int[rules.Length];
for (var r = 0; r < rules.Length; r++)
{
    foreach (var account in facts)
    {
        var dsl = compiled[r].Matches(account, out _);
        if (dsl != byHand[r](account)) throw new InvalidOperationException($"rule {r + 1} disagrees on {account.Name}");
        if (dsl) matches[r]++;
    }
}
Console.WriteLine($"accounts: {accounts:N0}, rules: {rules.Length}, passes: {passes}; every rule agrees with its hand-written twin on every account");
Console.WriteLine($"matches per rule: {string.Join(", ", matches.Select(m => m.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}");

double Measure(Func<AccountFactSet, int, bool> evaluate)
{
    var best = double.MaxValue;
    var sink = 0;
    for (var pass = 0; pass < passes + 1; pass++)
    {
        var watch = Stopwatch.StartNew();
        foreach (var account in facts)
            for (var r = 0; r < rules.Length; r++)
                if (evaluate(account, r)) sink++;
        // The first pass warms the JIT up and is not counted.
        if (pass > 0) best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }
    GC.KeepAlive(sink);
    return (double)accounts * rules.Length / best;
}

var handRate = Measure((a, r) => byHand[r](a));
var dslRate = Measure((a, r) => compiled[r].Matches(a, out _));
Console.WriteLine();
Console.WriteLine("| evaluator | evaluations/s (best pass) | vs hand-written |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| hand-written C# predicates | {handRate:N0} | 1.00 |");
Console.WriteLine($"| compiled rules | {dslRate:N0} | {dslRate / handRate:0.00} |");
