using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>Classifications, the rule editor with its preview, and the workspace ledger in headless Chromium, over a real PostgreSQL.</summary>
public sealed class ConsoleClassificationTests(BrowserApp app) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    private readonly string _p = "uic_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _password = "Ui-" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        await TestPostgres.CreatePasswordRoleAsync(_p + "_collector", _password);
        await TestPostgres.ExecuteAsync($"CREATE ROLE {_p}_locked NOLOGIN; CREATE ROLE {_p}_open LOGIN;");
    }

    public async Task DisposeAsync() =>
        await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {_p}_locked; DROP ROLE IF EXISTS {_p}_open; DROP ROLE IF EXISTS {_p}_collector");

    /// <summary>An instance of the test server, its accounts synced, through the API.</summary>
    private async Task<string> SyncedInstanceAsync()
    {
        var instance = await TestInstances.AddAsync(app.Admin, "default", TestTarget.Postgres(_p + "_collector", _password), _p);
        var (run, _) = await TestInstances.SyncAsync(app.Admin, "default", instance);
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        return instance;
    }

    [Fact]
    public async Task An_operator_writes_a_rule_sees_its_mistakes_and_preview_saves_it_and_finds_the_accounts_in_the_ledger()
    {
        await SyncedInstanceAsync();
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");

        await page.GotoAsync("/workspaces/default/classifications");
        await page.FillAsync("#class-code", _p.Replace('_', '-'));
        await page.FillAsync("#class-name", "Locked " + _p);
        await page.SelectOptionAsync("#class-risk", "3");
        await page.ClickAsync("text=Create classification");
        await page.WaitForSelectorAsync("[data-testid=no-rules]");

        await page.FillAsync("[data-testid=rule-text]", """{"version": 1, "expr": {"and": [{"is_locked": {}}, {"has_role": {}}]}}""");
        await page.ClickAsync("[data-testid=rule-preview]");
        Assert.Contains("rule.expr.and[1].has_role.name", await page.InnerTextAsync("[data-testid=rule-errors]"));

        var rule = """{"version": 1, "expr": {"and": [{"is_locked": {}}, {"name_matches": {"pattern": "^PREFIX_"}}]}}""".Replace("PREFIX", _p, StringComparison.Ordinal);
        await page.FillAsync("[data-testid=rule-text]", rule);
        await page.ClickAsync("[data-testid=rule-preview]");
        var preview = await page.InnerTextAsync("[data-testid=rule-preview-result]");
        Assert.Contains("1 of", preview);
        Assert.Contains(_p + "_locked", preview);

        await page.ClickAsync("[data-testid=rule-save]");
        Assert.Contains("Saved as postgresql version 1", await page.InnerTextAsync("[data-testid=classification-message]"));
        Assert.Contains("(current)", await page.InnerTextAsync("[data-testid=rule-version]"));

        // Applied now from the console: a run of auto-classify over the workspace's instances.
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=apply-now]");
        Assert.Contains("/runs/", page.Url);
        Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));

        await page.GotoAsync($"/workspaces/default/accounts?search={_p}");
        Assert.Equal("3 account(s)", await page.InnerTextAsync("[data-testid=ledger-total]"));
        await page.SelectOptionAsync("#ledger-classification", _p.Replace('_', '-'));
        await page.ClickAsync("[data-testid=ledger-filters] >> text=Filter");
        var rows = await page.Locator("[data-testid=ledger-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)");
        Assert.Equal([_p + "_locked"], rows);
        Assert.Contains(_p.Replace('_', '-'), await page.InnerTextAsync("[data-testid=ledger-classes]"));
        // The account's own page shows it, with the rule version.
        await page.ClickAsync($"[data-testid=ledger-row] >> text={_p}_locked");
        Assert.Contains("(rule v1", await page.InnerTextAsync("[data-testid=account-classifications]"));
        await page.GoBackAsync();
        await page.SelectOptionAsync("#ledger-sign-in", "can_sign_in");
        await page.SelectOptionAsync("#ledger-classification", "");
        await page.ClickAsync("[data-testid=ledger-filters] >> text=Filter");
        rows = await page.Locator("[data-testid=ledger-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)");
        Assert.Equal([_p + "_collector", _p + "_open"], rows);
        // Sorted by name the other way round by a second click on its heading; the export keeps the view.
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=sort-name]");
        rows = await page.Locator("[data-testid=ledger-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)");
        Assert.Equal([_p + "_open", _p + "_collector"], rows);
        Assert.Equal($"/api/v1/workspaces/default/accounts/actions/export?search={_p}&sign_in_state=can_sign_in&sort=name&order=desc",
            await page.GetAttributeAsync("[data-testid=ledger-export]", "href"));
    }

    [Fact]
    public async Task A_classification_is_edited_and_deleted_in_chinese_after_a_question()
    {
        var code = "zh-" + Guid.NewGuid().ToString("N")[..8];
        var id = (await SymphonyApp.ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/classifications",
            SymphonyApp.Json(new { code, name = "Old name", risk_level = 2 }))))["id"]!.GetValue<string>();
        var page = await app.NewPageAsync(locale: "zh-CN");
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync($"/workspaces/default/classifications/{id}");
        await page.ClickAsync("[data-testid=edit-classification] summary");
        await page.FillAsync("#edit-class-colour", "red");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-classification]");
        Assert.NotEmpty((await page.InnerTextAsync("#edit-class-colour ~ .field-error")).Trim());
        Assert.Equal("red", await page.InputValueAsync("#edit-class-colour"));
        await page.FillAsync("#edit-class-name", "Dormant owners");
        await page.FillAsync("#edit-class-colour", "#6a1b9a");
        await page.SelectOptionAsync("#edit-class-risk", "5");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-classification]");
        Assert.Equal("“Dormant owners”已保存。", (await page.InnerTextAsync("[data-testid=classification-message]")).Trim());
        Assert.Equal("5", (await page.InnerTextAsync("[data-testid=risk]")).Trim());

        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=delete-classification]");
        Assert.Equal("删除分类 Dormant owners？其中的账号将移出该分类。", asked);
        Assert.Equal("分类“Dormant owners”已删除。", (await page.InnerTextAsync("main [role=status]")).Trim());
        Assert.EndsWith("/workspaces/default/classifications", page.Url, StringComparison.Ordinal);
    }
}
