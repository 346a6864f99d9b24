using Microsoft.Playwright;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>Vaults, credentials and instances in headless Chromium, reaching the real PostgreSQL of the test command.</summary>
public sealed class ConsoleFleetTests(BrowserApp app) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly string _role = "ui_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _password = "Ui-" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => TestPostgres.CreatePasswordRoleAsync(_role, _password);

    public Task DisposeAsync() => TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {_role}");

    [Fact]
    public async Task An_operator_stores_a_credential_adds_an_instance_and_tests_its_connection()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");

        await page.ClickAsync("nav >> text=Vaults");
        var vault = "ui-vault-" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#vault-name", vault);
        await page.ClickAsync("text=Create vault");
        Assert.Contains($"Vault '{vault}' created", await page.InnerTextAsync("[data-testid=vaults-message]"));
        await page.ClickAsync($"[data-testid=vaults-table] a >> text={vault}");
        await page.FillAsync("#credential-name", "collector");
        await page.FillAsync("#credential-username", _role);
        await page.FillAsync("#credential-secret", _password);
        await page.ClickAsync("text=Store credential");
        Assert.Contains("cannot be shown again", await page.InnerTextAsync("[data-testid=vault-message]"));
        Assert.DoesNotContain(_password, await page.ContentAsync(), StringComparison.Ordinal);

        var port = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
        var name = "ui-pg-" + Guid.NewGuid().ToString("N")[..6];
        await page.ClickAsync("nav >> text=Instances");
        await page.FillAsync("#new-name", name);
        await page.SelectOptionAsync("#new-type", "postgresql");
        await page.FillAsync("#new-host", "127.0.0.1");
        await page.FillAsync("#new-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#new-credential", new SelectOptionValue { Label = $"{vault} / collector ({_role})" });
        await page.SelectOptionAsync("#new-environment", "test");
        await page.ClickAsync("text=Add instance");
        await page.WaitForSelectorAsync("[data-testid=instance-health]");
        Assert.Equal("unknown", await page.InnerTextAsync("[data-testid=instance-health]"));

        await page.ClickAsync("[data-testid=test-connection]");
        Assert.Contains("Connected in", await page.InnerTextAsync("[data-testid=instance-message]"));
        Assert.Equal("good", await page.InnerTextAsync("[data-testid=instance-health]"));
        Assert.StartsWith("PostgreSQL ", await page.InnerTextAsync("[data-testid=instance-version]"), StringComparison.Ordinal);

        await page.ClickAsync("nav >> text=Instances");
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=instances-table]"));
        await page.ClickAsync("[data-testid=test-shown]");
        Assert.Contains("reached", await page.InnerTextAsync("[data-testid=instances-message]"));
    }

    [Fact]
    public async Task An_instance_without_a_credential_shows_the_classified_error_and_a_viewer_cannot_add_instances()
    {
        var created = await app.Admin.PostAsync("/api/v1/workspaces/default/instances", SymphonyApp.Json(new
        {
            name = "ui-closed-" + Guid.NewGuid().ToString("N")[..6], db_type = "postgresql", host = "127.0.0.1", port = 9,
        }));
        var id = (await SymphonyApp.ReadJsonAsync(created))["id"]!.GetValue<string>();

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync($"/workspaces/default/instances/{id}");
        await page.ClickAsync("[data-testid=test-connection]");
        Assert.Contains("authentication_failed", await page.InnerTextAsync("[data-testid=instance-message]"));
        Assert.Equal("poor", await page.InnerTextAsync("[data-testid=instance-health]"));

        var viewer = await app.NewPageAsync();
        await app.SignInAsync(viewer, "viewer", SymphonyApp.UserPassword);
        await viewer.WaitForSelectorAsync("[data-testid=current-user]");
        await viewer.GotoAsync("/workspaces/default/instances");
        await viewer.FillAsync("#new-name", "viewer-made");
        await viewer.FillAsync("#new-host", "h.internal");
        await viewer.ClickAsync("text=Add instance");
        Assert.Contains("does not allow", await viewer.InnerTextAsync("[data-testid=instances-message]"));
    }
}
