using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Vaults;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Vaults;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Credentials through the API and the database: secrets are write-only, encrypted, bound to their row, rotatable.</summary>
public abstract class CredentialTests(SymphonyApp app)
{
    private const string Workspace = "/api/v1/workspaces/default";

    private async Task<string> VaultAsync()
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/vaults", Json(new { name = "v" + Guid.NewGuid().ToString("N")[..8] }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response))["id"]!.GetValue<string>();
    }

    private async Task<(HttpResponseMessage Response, string Body)> CreateAsync(string vault, string name, string secret)
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/vaults/{vault}/credentials",
            Json(new { name, username = "collector", secret }));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<T> InScopeAsync<T>(Func<IApplicationDbContext, ISecretProtector, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<IApplicationDbContext>(), scope.ServiceProvider.GetRequiredService<ISecretProtector>());
    }

    /// <summary>Decrypts a credential's secret as a connection test would.</summary>
    private async Task<UsableCredential> UseAsync(Guid workspaceId, Guid credentialId, ISecretProtector? protector = null)
    {
        using var scope = app.Services.CreateScope();
        return await CredentialSecrets.UseAsync(scope.ServiceProvider.GetRequiredService<IApplicationDbContext>(),
            protector ?? scope.ServiceProvider.GetRequiredService<ISecretProtector>(), scope.ServiceProvider.GetRequiredService<AuditLog>(),
            workspaceId, credentialId, SecretUse.ConnectionTest(null), default);
    }

    private async Task<Guid> DefaultWorkspaceIdAsync() =>
        await InScopeAsync((db, _) => db.Workspaces.Where(w => w.Slug == "default").Select(w => w.Id).SingleAsync());

    [Fact]
    public async Task A_secret_goes_in_but_never_comes_out_of_the_api_and_is_stored_encrypted()
    {
        const string secret = "Very-Secret-Collector-1";
        var vault = await VaultAsync();
        var (created, body) = await CreateAsync(vault, "collector", secret);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var credential = await ReadJsonAsync(created);
        var id = credential["id"]!.GetValue<string>();
        Assert.True(credential["has_secret"]!.GetValue<bool>());
        Assert.Null(credential["secret"]);

        var reads = new[]
        {
            body,
            await app.Admin.GetStringAsync($"{Workspace}/vaults/{vault}/credentials/{id}"),
            await app.Admin.GetStringAsync($"{Workspace}/vaults/{vault}/credentials"),
            await app.Admin.GetStringAsync("/api/v1/openapi.json"),
        };
        Assert.All(reads, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));

        var stored = await InScopeAsync((db, _) => db.Credentials.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(id)));
        Assert.DoesNotContain(secret, Encoding.UTF8.GetString(stored.SecretCiphertext), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, Encoding.UTF8.GetString(stored.WrappedKey), StringComparison.Ordinal);
        var workspaceId = await DefaultWorkspaceIdAsync();
        var used = await UseAsync(workspaceId, Guid.Parse(id));
        Assert.Equal(("collector", secret), (used.Username, used.Secret));
        Assert.DoesNotContain(secret, used.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_secret_replaces_the_old_one_and_deleting_destroys_it()
    {
        var vault = await VaultAsync();
        var (created, _) = await CreateAsync(vault, "rotating", "First-Secret-1");
        var credential = await ReadJsonAsync(created);
        var id = Guid.Parse(credential["id"]!.GetValue<string>());
        var client = app.ClientFor(TestRole.Operator);

        // Before it is rotated or deleted, what uses it: the count on the credential, the instances by the list's filter.
        Assert.Equal(0, credential["instances_using"]!.GetValue<int>());
        var name = "uses-" + Guid.NewGuid().ToString("N")[..8];
        var instance = await ReadJsonAsync(await client.PostAsync($"{Workspace}/instances",
            Json(new { name, db_type = "postgresql", host = "10.9.9.9", credential_id = id })));
        var deletedInstance = await ReadJsonAsync(await client.PostAsync($"{Workspace}/instances",
            Json(new { name = name + "-gone", db_type = "postgresql", host = "10.9.9.8", credential_id = id })));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Workspace}/instances/{deletedInstance["id"]}")).StatusCode);
        Assert.Equal(1, (await ReadJsonAsync(await client.GetAsync($"{Workspace}/vaults/{vault}/credentials/{id}")))["instances_using"]!.GetValue<int>());
        Assert.Equal(1, (await ReadJsonAsync(await client.GetAsync($"{Workspace}/vaults/{vault}/credentials")))["items"]![0]!["instances_using"]!.GetValue<int>());
        var users = (await ReadJsonAsync(await client.GetAsync($"{Workspace}/instances?credential_id={id}")))["items"]!.AsArray();
        Assert.Equal([instance["id"]!.GetValue<string>()], users.Select(i => i!["id"]!.GetValue<string>()));

        var updated = await ReadJsonAsync(await client.PatchAsync($"{Workspace}/vaults/{vault}/credentials/{id}",
            Json(new { secret = "Second-Secret-2", version = 1 })));
        Assert.Equal(1, updated["instances_using"]!.GetValue<int>());
        Assert.True(updated["secret_updated_at"]!.GetValue<DateTime>() > credential["secret_updated_at"]!.GetValue<DateTime>());
        var workspaceId = await DefaultWorkspaceIdAsync();
        Assert.Equal("Second-Secret-2", (await UseAsync(workspaceId, id)).Secret);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Workspace}/vaults/{vault}/credentials/{id}")).StatusCode);
        var deleted = await InScopeAsync((db, _) => db.Credentials.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.False(deleted.IsActive);
        Assert.Empty(deleted.SecretCiphertext);
        Assert.Empty(deleted.WrappedKey);
    }

    [Fact]
    public async Task A_locked_vaults_credentials_can_be_neither_used_nor_changed()
    {
        var vault = await VaultAsync();
        var (created, _) = await CreateAsync(vault, "locked-one", "Locked-Secret-1");
        var id = Guid.Parse((await ReadJsonAsync(created))["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await app.Admin.PostAsync($"{Workspace}/vaults/{vault}/actions/lock", null)).StatusCode);

        var workspaceId = await DefaultWorkspaceIdAsync();
        var refused = await Assert.ThrowsAsync<DomainException>(() => UseAsync(workspaceId, id));
        Assert.Equal(MessageCodes.VaultLocked, refused.Code);
        var problem = await AssertProblemAsync((await CreateAsync(vault, "another", "Another-Secret-1")).Response, HttpStatusCode.Conflict, "VAULT_LOCKED");
        Assert.DoesNotContain("Another-Secret-1", problem.ToJsonString(), StringComparison.Ordinal);
        await AssertProblemAsync(await app.ClientFor(TestRole.Operator).PatchAsync($"{Workspace}/vaults/{vault}/credentials/{id}",
            Json(new { secret = "Changed-Secret-2", version = 1 })), HttpStatusCode.Conflict, "VAULT_LOCKED");
    }

    [Fact]
    public async Task Rotation_rewraps_every_secret_in_resumable_batches_and_every_secret_stays_readable()
    {
        var vault = await VaultAsync();
        var secrets = new Dictionary<Guid, string>();
        for (var i = 0; i < RotateMasterKeysHandler.BatchSize + 30; i++)
        {
            var secret = $"Rotation-Secret-{i}";
            var (created, _) = await CreateAsync(vault, $"c{i}", secret);
            secrets[Guid.Parse((await ReadJsonAsync(created))["id"]!.GetValue<string>())] = secret;
        }
        var data = app.Services.GetRequiredService<IOptions<SymphonyOptions>>().Value.DataDirectory;
        var oldKey = app.Services.GetRequiredService<ISecretProtector>().ActiveKeyId;
        Thread.Sleep(5);
        var newKey = MasterKeyRing.AddKeyFile(data);
        var both = new EnvelopeEncryption(MasterKeyRing.From(new SecretsOptions(), data));
        Assert.Equal(newKey, both.ActiveKeyId);
        var workspaceId = await DefaultWorkspaceIdAsync();

        // Interrupted after one batch: some rows are on the new key, the rest on the old, all readable.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            Assert.Equal(RotateMasterKeysHandler.BatchSize, await new RotateMasterKeysHandler(db, both).HandleAsync(maxBatches: 1, default));
        }
        var keyIds = await InScopeAsync((db, _) => db.Credentials.Where(c => c.VaultId == Guid.Parse(vault)).Select(c => c.KeyId).ToListAsync());
        Assert.Contains(oldKey, keyIds);
        Assert.Contains(newKey, keyIds);
        foreach (var (id, secret) in secrets)
            Assert.Equal(secret, (await UseAsync(workspaceId, id, both)).Secret);

        // Resumed: the rest moves, and the new key alone reads every secret.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            Assert.True(await new RotateMasterKeysHandler(db, both).HandleAsync(null, default) >= 30);
            Assert.Equal(0, await new RotateMasterKeysHandler(db, both).HandleAsync(null, default));
        }
        var newOnly = new EnvelopeEncryption(MasterKeyRing.From(new SecretsOptions
        {
            MasterKeys = new() { [newKey] = File.ReadAllText(Path.Combine(data, "keys", "master", newKey + ".key")) },
            ActiveKeyId = newKey,
        }, data));
        foreach (var (id, secret) in secrets)
            Assert.Equal(secret, (await UseAsync(workspaceId, id, newOnly)).Secret);
    }
}

[Collection(SqliteIdentityServer.Name)]
public sealed class SqliteCredentialTests(SqliteApp app) : CredentialTests(app);

[Collection(PostgresIdentityServer.Name)]
public sealed class PostgresCredentialTests(PostgresApp app) : CredentialTests(app);
