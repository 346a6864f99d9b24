using System.Text.RegularExpressions;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Every endpoint called by every role: admin, operator, viewer, non-member, anonymous and two tokens. Calls that
/// change nothing (reads, and refusals) share one world of resources per server; a call that may change something
/// gets a world of its own, so no case can disturb another.
/// </summary>
public abstract class RoleMatrixTests(SymphonyApp app)
{
    protected static TheoryData<string, TestRole> CasesFor(IEnumerable<TestRole> roles)
    {
        var data = new TheoryData<string, TestRole>();
        foreach (var endpoint in ApiCatalogue.All)
            foreach (var role in roles)
                data.Add(endpoint.ToString(), role);
        return data;
    }

    protected async Task CheckAsync(string endpointName, TestRole role)
    {
        var endpoint = ApiCatalogue.All.Single(e => e.ToString() == endpointName);
        var expected = ApiCatalogue.Expected(endpoint, role);
        var changes = endpoint.Method != "GET" && (int)expected < 300;
        var resources = changes ? await Resources.CreateAsync(app, endpoint) : await Resources.SharedAsync(app);
        // Ending the session of a shared client would spoil the cases after this one: such endpoints get a fresh one.
        using var fresh = endpoint.EndsSession && role != TestRole.Anonymous && TokenOf(role) is null
            ? await app.LoginAsync(UsernameOf(role), role == TestRole.Admin ? AdminPassword : UserPassword)
            : null;
        var client = fresh?.Bearer(app) ?? app.ClientFor(role);
        if (endpoint.EndsSession && TokenOf(role) is { } token)
        {
            client = app.ClientFor(TestRole.Anonymous);
            client.DefaultRequestHeaders.Authorization = new("Bearer", (await app.CreateApiTokenAsync(token.Creator, token.Role)).Token);
        }
        var body = await endpoint.ContentAsync(resources, client);

        var response = await ApiCatalogue.SendAsync(app, client, endpoint, endpoint.Path(resources), body);
        Assert.True(expected == response.StatusCode,
            $"{endpoint} as {role}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if ((int)expected >= 400)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await DeclaredAnswers.AssertDeclaredAsync(app, endpoint, response, $"as {role}");
    }
}

/// <summary>Authorization does not depend on the provider: the whole matrix runs on SQLite.</summary>
[Collection(SqliteContractServer.Name)]
public sealed class SqliteRoleMatrixTests(SqliteApp app) : RoleMatrixTests(app)
{
    public static TheoryData<string, TestRole> Cases() => CasesFor(Enum.GetValues<TestRole>());

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Each_role_gets_exactly_the_access_of_the_permission_table(string endpointName, TestRole role) => CheckAsync(endpointName, role);

    [Fact]
    public async Task The_matrix_covers_every_operation_of_the_openapi_document_and_nothing_else()
    {
        var document = await ReadJsonAsync(await app.ClientFor(TestRole.Anonymous).GetAsync("/api/v1/openapi.json"));
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(op => $"{op.Key.ToUpperInvariant()} {Normalize(path.Key)}"))
            .OrderBy(x => x, StringComparer.Ordinal).ToList();
        var catalogued = ApiCatalogue.All.Select(e => $"{e.Method} {Normalize(e.Template)}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.Equal(documented, catalogued);
    }

    private static string Normalize(string template) => Regex.Replace(template, @"\{[^}]+\}", "{}");
}

/// <summary>
/// What does depend on the provider, the answer each endpoint gives a caller it lets in, is checked on PostgreSQL too:
/// the admin's column of the matrix (the sweep sends every endpoint its bad input there as well).
/// </summary>
[Collection(PostgresContractServer.Name)]
public sealed class PostgresRoleMatrixTests(PostgresApp app) : RoleMatrixTests(app)
{
    public static TheoryData<string, TestRole> Cases() => CasesFor([TestRole.Admin]);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task The_admin_gets_each_endpoint_s_answer_on_postgresql(string endpointName, TestRole role) => CheckAsync(endpointName, role);
}
