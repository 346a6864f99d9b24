using Npgsql;
using Symphony.Client;
using Symphony.Client.Models;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// The typed client of <c>src/Symphony.Client</c>, used for real: the accounts-sync SOP driven through it alone against
/// the real PostgreSQL (that it was generated from the document this server serves is <see cref="OpenApiContractTests"/>'s).
/// </summary>
public abstract class ClientTests(SymphonyApp app) : IAsyncLifetime
{
    private readonly string _p = "c" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _password = "Client-" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        await TestPostgres.CreatePasswordRoleAsync($"{_p}_collector", _password);
        await TestPostgres.ExecuteAsync($"CREATE ROLE {_p}_reader LOGIN; CREATE ROLE {_p}_writer LOGIN CREATEDB");
    }

    public Task DisposeAsync() =>
        TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {_p}_reader; DROP ROLE IF EXISTS {_p}_writer; DROP ROLE IF EXISTS {_p}_collector; DROP ROLE IF EXISTS {_p}_late");

    [Fact]
    public async Task The_accounts_sync_sop_runs_through_the_typed_client_alone()
    {
        var server = app.ClientOptions.BaseAddress;
        // Sign in as a browser script would (CSRF token, then the login), then work with a personal access token.
        var anonymous = SymphonyClient.Create(server, "", app.NewClient(cookies: true));
        var csrf = await anonymous.Api.V1.Auth.CsrfToken.GetAsync();
        var login = await anonymous.Api.V1.Auth.Login.PostAsync(new LoginCommand { Username = "admin", Password = AdminPassword },
            c => c.Headers.Add("X-CSRF-Token", csrf!.CsrfToken!));
        var signedIn = SymphonyClient.Create(server, login!.AccessToken!, app.NewClient(cookies: false));
        var workspace = await signedIn.Api.V1.Workspaces.PostAsync(new CreateWorkspaceCommand { Slug = _p, Name = "Client" });
        var token = await signedIn.Api.V1.Auth.Tokens.PostAsync(new CreateApiTokenCommand
        {
            Name = "sop", ExpiresInDays = 1, Role = TokenRole.Operator, Workspaces = [workspace!.Slug!],
        });
        var api = SymphonyClient.Create(server, token!.Token!, app.NewClient(cookies: false)).Api.V1.Workspaces[_p];

        var vault = await api.Vaults.PostAsync(new CreateVaultCommand { Name = "collectors" });
        var credential = await api.Vaults[vault!.Id!.Value].Credentials.PostAsync(new CreateCredentialCommand
        {
            Name = "collector", Username = $"{_p}_collector", Secret = _password,
        });
        var port = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
        var instance = await api.Instances.PostAsync(new CreateInstanceCommand
        {
            Name = "pg", DbType = "postgresql", Host = "127.0.0.1", Port = port, CredentialId = credential!.Id,
        });

        var run = await api.Instances[instance!.Id!.Value].Actions.SyncAccounts.PostAsync(c => c.QueryParameters.Wait = 60);
        Assert.Equal(ExecutionStatus.Completed, run!.Status);
        var accounts = await api.Accounts.GetAsync(c => { c.QueryParameters.Search = _p + "_"; c.QueryParameters.Limit = 200; });
        Assert.Equal([$"{_p}_collector", $"{_p}_reader", $"{_p}_writer"], accounts!.Items!.Select(a => a.Name!).Order(StringComparer.Ordinal));
        var writer = await api.Accounts[accounts.Items!.Single(a => a.Name == $"{_p}_writer").Id!.Value].GetAsync();
        // Free-form JSON (facts, snapshots, payloads) comes as Kiota's untyped nodes.
        Assert.Contains("\"CREATEDB\"", await Microsoft.Kiota.Abstractions.Serialization.KiotaJsonSerializer.SerializeAsStringAsync(writer!.Facts!), StringComparison.Ordinal);

        // A role added on the server shows up in the change log after the next sync.
        await TestPostgres.ExecuteAsync($"CREATE ROLE {_p}_late LOGIN");
        Assert.Equal(ExecutionStatus.Completed, (await api.Instances[instance.Id.Value].Actions.SyncAccounts.PostAsync(c => c.QueryParameters.Wait = 60))!.Status);
        var changes = await api.AccountChanges.GetAsync(c => c.QueryParameters.Limit = 200);
        Assert.Contains(changes!.Items!, c => c.AccountName == $"{_p}_late" && c.Kind == AccountChangeKind.Created);
        var late = (await api.Accounts.GetAsync(c => c.QueryParameters.Search = $"{_p}_late"))!.Items!.Single();
        var history = await api.Accounts[late.Id!.Value].Changes.GetAsync();
        Assert.Equal(AccountChangeKind.Created, Assert.Single(history!.Items!).Kind);

        // Problems arrive as typed exceptions with their message code.
        var refused = await Assert.ThrowsAsync<Problem>(() => api.Instances.PostAsync(new CreateInstanceCommand { Name = "pg", DbType = "postgresql", Host = "h" }));
        Assert.Equal(409, refused.ResponseStatusCode);
        Assert.Equal("NAME_EXISTS", refused.MessageCode);
    }
}

[Collection(SqliteLedgerServer.Name)]
public sealed class SqliteClientTests(SqliteApp app) : ClientTests(app);

[Collection(PostgresLedgerServer.Name)]
public sealed class PostgresClientTests(PostgresApp app) : ClientTests(app);
