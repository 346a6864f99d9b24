using Symphony.Domain.Classifications;
using Symphony.Domain.Common;

namespace Symphony.Domain.Tests.Classifications;

public sealed class RuleExpressionTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    private static AccountFactSet Account(
        string name = "app", string dbType = "postgresql", string[]? capabilities = null, string[]? direct = null, string[]? inherited = null,
        Dictionary<string, IReadOnlyList<string>>? privileges = null, DateTime? expires = null) => new()
        {
            Name = name, DbType = dbType, Now = Now, PasswordExpiresAt = expires,
            Capabilities = (capabilities ?? ["LOGIN"]).ToHashSet(),
            DirectRoles = (direct ?? []).ToHashSet(),
            EffectiveRoles = (direct ?? []).Concat(inherited ?? []).ToHashSet(),
            PrivilegeKeys = AccountFactSet.KeysOf(privileges ?? []),
        };

    private static bool Matches(string rule, AccountFactSet account)
    {
        var matched = RuleExpression.Compile(rule).Matches(account, out var error);
        Assert.Null(error);
        return matched;
    }

    private static IReadOnlyList<FieldError> Refused(string rule)
    {
        var e = Assert.Throws<DomainException>(() => RuleExpression.Compile(rule));
        Assert.Equal(MessageCodes.InvalidDslExpression, e.Code);
        Assert.All(e.Errors, error => Assert.Equal("INVALID_DSL_EXPRESSION", error.Code));
        return e.Errors;
    }

    private const string SuperuserEquivalent = """
        {"version": 1, "expr": {"or": [
          {"is_superuser": {}},
          {"and": [{"has_role": {"name": "pg_read_all_data"}}, {"has_role": {"name": "pg_write_all_data"}}]}
        ]}}
        """;

    [Fact]
    public void Superuser_equivalence_holds_for_a_superuser_or_for_read_and_write_all_data_together_even_when_inherited()
    {
        Assert.True(Matches(SuperuserEquivalent, Account(capabilities: ["SUPERUSER", "LOGIN"])));
        Assert.True(Matches(SuperuserEquivalent, Account(direct: ["pg_read_all_data"], inherited: ["pg_write_all_data"])));
        Assert.False(Matches(SuperuserEquivalent, Account(direct: ["pg_read_all_data"])));
        Assert.False(Matches(SuperuserEquivalent, Account()));
    }

    [Fact]
    public void Has_role_with_direct_only_ignores_inherited_roles()
    {
        const string rule = """{"version": 1, "expr": {"has_role": {"name": "admins", "direct_only": true}}}""";
        Assert.False(Matches(rule, Account(inherited: ["admins"])));
        Assert.True(Matches(rule, Account(direct: ["admins"])));
    }

    [Fact]
    public void Has_privilege_matches_anywhere_in_a_database_or_in_one_schema()
    {
        var account = Account(privileges: new() { ["tables:shop.s1"] = ["SELECT"], ["database:shop"] = ["CONNECT", "CREATE"] });
        Assert.True(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "select", "scope": "table"}}}""", account));
        Assert.True(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "SELECT", "scope": "table", "database": "shop", "schema": "s1"}}}""", account));
        Assert.False(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "SELECT", "scope": "table", "database": "shop", "schema": "s2"}}}""", account));
        Assert.True(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "CREATE", "scope": "database", "database": "shop"}}}""", account));
        Assert.False(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "CREATE", "scope": "database", "database": "billing"}}}""", account));
        Assert.False(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "UPDATE", "scope": "table"}}}""", account));
    }

    [Fact]
    public void Has_privilege_reads_mysql_global_routine_and_column_privileges_and_refuses_a_database_for_a_global_one()
    {
        var account = Account(dbType: "mysql", privileges: new()
        {
            ["global:*"] = ["PROCESS", "RELOAD"], ["routines:shop"] = ["EXECUTE"], ["columns:shop"] = ["UPDATE"], ["database:shop"] = ["ALL PRIVILEGES"],
        });
        Assert.True(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "process", "scope": "global"}}}""", account));
        Assert.False(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "SUPER", "scope": "global"}}}""", account));
        Assert.True(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "EXECUTE", "scope": "routine", "database": "shop"}}}""", account));
        Assert.False(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "EXECUTE", "scope": "routine", "database": "billing"}}}""", account));
        Assert.True(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "UPDATE", "scope": "column"}}}""", account));
        Assert.True(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "ALL PRIVILEGES", "scope": "database", "database": "shop"}}}""", account));
        // PROCESS held globally is not a database privilege.
        Assert.False(Matches("""{"version": 1, "expr": {"has_privilege": {"name": "PROCESS", "scope": "database"}}}""", account));
        Assert.Equal("rule.expr.has_privilege.database",
            Assert.Single(Refused("""{"version": 1, "expr": {"has_privilege": {"name": "PROCESS", "scope": "global", "database": "shop"}}}""")).Field);
    }

    [Fact]
    public void Login_lock_expiry_type_and_name_functions_read_their_facts()
    {
        Assert.True(Matches("""{"version": 1, "expr": {"can_login": {}}}""", Account()));
        Assert.False(Matches("""{"version": 1, "expr": {"can_login": {}}}""", Account(capabilities: ["LOGIN", "LOCKED"])));
        Assert.True(Matches("""{"version": 1, "expr": {"is_locked": {}}}""", Account(capabilities: ["LOCKED"])));
        Assert.True(Matches("""{"version": 1, "expr": {"has_capability": {"name": "CREATEROLE"}}}""", Account(capabilities: ["CREATEROLE"])));

        const string expiring = """{"version": 1, "expr": {"password_expires_within_days": {"days": 30}}}""";
        Assert.True(Matches(expiring, Account(expires: Now.AddDays(29))));
        Assert.False(Matches(expiring, Account(expires: Now.AddDays(31))));
        Assert.False(Matches(expiring, Account()));

        Assert.True(Matches("""{"version": 1, "expr": {"db_type_in": {"types": ["mysql", "postgresql"]}}}""", Account()));
        Assert.False(Matches("""{"version": 1, "expr": {"db_type_in": {"types": ["mysql"]}}}""", Account()));

        const string service = """{"version": 1, "expr": {"and": [{"name_matches": {"pattern": "^svc_[a-z]+$"}}, {"not": {"is_superuser": {}}}]}}""";
        Assert.True(Matches(service, Account(name: "svc_billing")));
        Assert.False(Matches(service, Account(name: "alice")));
        Assert.False(Matches(service, Account(name: "svc_root", capabilities: ["SUPERUSER"])));
    }

    [Fact]
    public void Every_mistake_is_named_by_its_json_path_with_the_reason()
    {
        var errors = Refused("""
            {"version": 1, "expr": {"or": [
              {"is_superuser": {}},
              {"has_role": {}},
              {"has_privilege": {"name": "SELECT", "scope": "table", "schema": "public"}},
              {"is_admin": {}},
              {"db_type_in": {"types": ["db2"]}}
            ]}}
            """);
        Assert.Equal(
        [
            "rule.expr.or[1].has_role.name",
            "rule.expr.or[2].has_privilege.schema",
            "rule.expr.or[3].is_admin",
            "rule.expr.or[4].db_type_in.types",
        ], errors.Select(e => e.Field));
        Assert.Contains("Unknown function 'is_admin'", errors[2].Message, StringComparison.Ordinal);

        Assert.Equal("rule.version", Refused("""{"version": 2, "expr": {"is_superuser": {}}}""").Single().Field);
        Assert.Equal("rule.expr", Refused("""{"version": 1}""").Single().Field);
        Assert.Equal("rule.expr.and", Refused("""{"version": 1, "expr": {"and": []}}""").Single().Field);
        Assert.Equal("rule.expr", Refused("""{"version": 1, "expr": {"is_superuser": {}, "is_locked": {}}}""").Single().Field);
        Assert.Equal("rule.expr.is_superuser", Refused("""{"version": 1, "expr": {"is_superuser": {"x": 1}}}""").Single().Field);
        Assert.Equal("rule", Refused("""{"version": 1, "expr": """).Single().Field);
    }

    [Fact]
    public void A_key_given_twice_a_misspelt_scope_and_a_schema_where_none_applies_are_refused()
    {
        Assert.Equal("rule.expr.has_role.name", Refused("""{"version": 1, "expr": {"has_role": {"name": "a", "name": "b"}}}""").Single().Field);
        Assert.Equal("rule.expr", Refused("""{"version": 1, "expr": {"is_locked": {}}, "expr": {"is_superuser": {}}}""").Single().Field);
        Assert.Equal("rule.expr.has_privilege.scope", Refused("""{"version": 1, "expr": {"has_privilege": {"name": "SELECT", "scope": "tabel"}}}""").Single().Field);
        Assert.Equal("rule.expr.has_privilege.schema",
            Refused("""{"version": 1, "expr": {"has_privilege": {"name": "CONNECT", "scope": "database", "database": "shop", "schema": "s1"}}}""").Single().Field);
    }

    [Fact]
    public void A_pattern_that_could_backtrack_is_refused_when_written()
    {
        var error = Refused("""{"version": 1, "expr": {"name_matches": {"pattern": "^(a+)\\1$"}}}""").Single();
        Assert.Equal("rule.expr.name_matches.pattern", error.Field);
        Assert.StartsWith("Not a usable pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_wide_and_huge_documents_are_refused_with_their_limit()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"not": """, 40)) + """{"is_superuser": {}}""" + new string('}', 40);
        Assert.Contains("deeper than", Refused($$"""{"version": 1, "expr": {{deep}}}""").Single().Message, StringComparison.Ordinal);

        var moderate = string.Concat(Enumerable.Repeat("""{"not": """, 17)) + """{"is_superuser": {}}""" + new string('}', 17);
        Assert.Contains("deeper than", Refused($$"""{"version": 1, "expr": {{moderate}}}""").Single().Message, StringComparison.Ordinal);

        var wide = string.Join(",", Enumerable.Repeat("""{"or": [{"is_locked": {}}, {"is_locked": {}}, {"is_locked": {}}, {"is_locked": {}}]}""", 45));
        Assert.Contains($"at most {RuleExpression.MaxNodes}", Refused("{\"version\": 1, \"expr\": {\"and\": [" + wide + "]}}")[0].Message, StringComparison.Ordinal);

        var huge = "{\"version\": 1, \"expr\": {\"has_role\": {\"name\": \"" + new string('r', 20_000) + "\"}}}";
        Assert.Contains("at most 16 KiB", Refused(huge).Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stored_form_is_the_document_compacted()
    {
        var rule = RuleExpression.Compile("""
            { "version": 1,
              "expr": { "is_superuser": { } } }
            """);
        Assert.Equal("""{"version":1,"expr":{"is_superuser":{}}}""", rule.Json);
    }

    [Fact]
    public void Has_object_privilege_asks_the_fact_set_with_the_rules_object_privilege_grant_option_and_effect_and_says_it_reads_objects()
    {
        var asked = new List<(string Object, string Privilege, bool GrantOption, bool Effective)>();
        var account = new AccountFactSet
        {
            Name = "app", DbType = "postgresql", Now = Now,
            ObjectPrivileges = (target, privilege, grantOption, effective) =>
            {
                asked.Add((target, privilege, grantOption, effective));
                return target == "app.payments.cards" && privilege == "SELECT" && effective && !grantOption;
            },
        };
        var through = RuleExpression.Compile("""{"version": 1, "expr": {"has_object_privilege": {"name": "select", "object": "app.payments.cards", "effective": true}}}""");
        Assert.True(through.ReadsObjects);
        Assert.True(through.Matches(account, out _));
        Assert.False(Matches("""{"version": 1, "expr": {"has_object_privilege": {"name": "SELECT", "object": "app.payments.cards"}}}""", account));
        Assert.False(Matches("""{"version": 1, "expr": {"has_object_privilege": {"name": "SELECT", "object": "app.payments.cards", "effective": true, "grant_option": true}}}""", account));
        Assert.Equal([("app.payments.cards", "SELECT", false, true), ("app.payments.cards", "SELECT", false, false), ("app.payments.cards", "SELECT", true, true)], asked);
        // Without the instance's snapshots (an account the pass could not place) nothing is held: the rule fails closed.
        Assert.False(Matches("""{"version": 1, "expr": {"has_object_privilege": {"name": "SELECT", "object": "app.payments.cards"}}}""", Account()));
        Assert.False(RuleExpression.Compile("""{"version": 1, "expr": {"is_locked": {}}}""").ReadsObjects);
    }

    [Fact]
    public void Sign_in_states_and_anonymous_accounts_are_asked_in_the_ledgers_words()
    {
        var expired = new AccountFactSet { Name = "old", DbType = "mysql", Now = Now, SignInState = "password_expired" };
        var anonymous = new AccountFactSet { Name = "@localhost", DbType = "mysql", Now = Now, SignInState = "can_sign_in", Anonymous = true };
        const string states = """{"version": 1, "expr": {"sign_in_state_in": {"states": ["password_expired", "account_locked"]}}}""";
        Assert.True(Matches(states, expired));
        Assert.False(Matches(states, anonymous));
        Assert.True(Matches("""{"version": 1, "expr": {"is_anonymous": {}}}""", anonymous));
        Assert.False(Matches("""{"version": 1, "expr": {"is_anonymous": {}}}""", expired));
    }

    [Fact]
    public void Object_and_sign_in_mistakes_are_named_by_their_path()
    {
        var errors = Refused("""
            {"version": 1, "expr": {"or": [
              {"has_object_privilege": {"name": "SELECT"}},
              {"has_object_privilege": {"name": "SEL;ECT", "object": "a.b", "effective": "yes"}},
              {"sign_in_state_in": {"states": ["asleep"]}},
              {"is_anonymous": {"x": 1}}
            ]}}
            """);
        var fields = errors.Select(e => e.Field).ToList();
        Assert.Contains("rule.expr.or[0].has_object_privilege.object", fields);
        Assert.Contains("rule.expr.or[1].has_object_privilege.name", fields);
        Assert.Contains("rule.expr.or[1].has_object_privilege.effective", fields);
        Assert.Contains(fields, f => f.StartsWith("rule.expr.or[2].sign_in_state_in.states", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("rule.expr.or[3].is_anonymous", StringComparison.Ordinal));
    }
}
