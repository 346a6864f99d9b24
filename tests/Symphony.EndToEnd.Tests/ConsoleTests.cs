using Microsoft.Playwright;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

public sealed partial class ConsoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Signing_in_shows_the_dashboard_with_the_user_and_their_workspaces()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        Assert.Equal("admin", await page.InnerTextAsync("[data-testid=current-user]"));
        Assert.Contains("Welcome", await page.InnerTextAsync("h1"));
        Assert.Contains("default", await page.InnerTextAsync("main"));
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "symphony_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_user_on_the_login_page_with_an_error()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", "Wrong1Password");
        var error = await page.WaitForSelectorAsync("[data-testid=login-error]");
        Assert.Contains("wrong", await error!.InnerTextAsync());
        Assert.StartsWith($"{app.BaseUrl}/login", page.Url);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "symphony_session");
    }

    [Fact]
    public async Task The_console_speaks_the_browsers_chinese_and_the_switcher_changes_its_language()
    {
        var page = await app.NewPageAsync(locale: "zh-CN");
        await page.GotoAsync("/login");
        Assert.Equal("登录 Symphony", (await page.InnerTextAsync("h1")).Trim());
        Assert.Equal("zh-Hans", await page.GetAttributeAsync("html", "lang"));
        await app.SignInAsync(page, "admin", "Wrong1Password");
        Assert.Equal("用户名或密码错误。", (await (await page.WaitForSelectorAsync("[data-testid=login-error]"))!.InnerTextAsync()).Trim());

        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        Assert.StartsWith("欢迎", await page.InnerTextAsync("h1"));
        Assert.Contains("仪表盘", await page.InnerTextAsync("nav"));
        Assert.Contains("管理员", await page.InnerTextAsync("main"));
        await BrowserApp.ScreenshotAsync(page, "home-zh-Hans");

        // The switcher's choice outlasts the browser's language.
        await page.SelectOptionAsync("[data-testid=language]", "en");
        await page.WaitForFunctionAsync("document.documentElement.lang === 'en'");
        Assert.StartsWith("Welcome", await page.InnerTextAsync("h1"));
        Assert.Contains("Dashboard", await page.InnerTextAsync("nav"));
        await page.GotoAsync("/no-such-page");
        Assert.Equal("Not found", (await page.InnerTextAsync("h1")).Trim());
    }

    [Fact]
    public async Task A_token_made_in_the_console_works_with_the_api_until_it_is_revoked_there()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=my-tokens]");
        var name = "ci-" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#token-name", name);
        await page.FillAsync("#token-days", "30");
        await page.SelectOptionAsync("#token-role", "Operator");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-token]");
        var token = await page.InputValueAsync("[data-testid=new-token-value]");
        Assert.StartsWith("sym_", token);
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=tokens-table]"));

        using var api = app.ClientFor(TestRole.Anonymous);
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("/api/v1/auth/me")).StatusCode);

        // Revoking asks first.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var row = page.Locator("[data-testid=tokens-table] tbody tr", new() { HasText = name });
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"[data-testid=tokens-table] tbody tr:has-text('{name}') [data-testid=revoke-token]");
        Assert.Contains("revoked", await page.InnerTextAsync("[data-testid=tokens-message]"));
        Assert.Contains("revoked", await row.InnerTextAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_tokens_page_in_chinese_makes_a_token_and_says_a_refusal_from_its_code()
    {
        var page = await app.NewPageAsync(locale: "zh-CN");
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=my-tokens]");
        Assert.Equal("个人访问令牌", (await page.InnerTextAsync("h1")).Trim());
        await page.FillAsync("#token-name", "nightly");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-token]");
        Assert.Contains("令牌 nightly 已创建", await page.InnerTextAsync("[data-testid=new-token]"));
        await BrowserApp.ScreenshotAsync(page, "tokens-zh-Hans");

        // A workspace the admin is not in: refused by the use case, said in Chinese first, with what was typed kept.
        await page.FillAsync("#token-name", "too-wide");
        await page.EvaluateAsync("() => { const o = new Option('x', 'no-such-workspace', true, true); document.getElementById('token-workspaces').add(o); }");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-token]");
        Assert.StartsWith("该资源不存在", (await page.InnerTextAsync("[data-testid=tokens-message]")).Trim());
        Assert.Equal("too-wide", await page.InputValueAsync("#token-name"));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_protected_pages_send_back_to_login()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        var stolen = (await page.Context.CookiesAsync()).Single(c => c.Name == "symphony_session");

        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForSelectorAsync("#username");
        Assert.StartsWith($"{app.BaseUrl}/login", page.Url);
        await page.GotoAsync("/users");
        Assert.StartsWith($"{app.BaseUrl}/login", page.Url);

        // The old cookie was revoked on the server, not only deleted in the browser.
        var replay = await app.NewPageAsync();
        await replay.Context.AddCookiesAsync([new Cookie { Name = stolen.Name, Value = stolen.Value, Domain = stolen.Domain, Path = stolen.Path }]);
        await replay.GotoAsync("/");
        Assert.StartsWith($"{app.BaseUrl}/login", replay.Url);
    }

    [Fact]
    public async Task An_admin_creates_a_user_on_the_users_page_and_adds_them_to_a_workspace()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.ClickAsync("nav >> text=Users");
        var name = "ui" + Guid.NewGuid().ToString("N")[..8];
        await page.FillAsync("#new-username", name);
        await page.FillAsync("#new-password", "Browser1Password");
        await page.SelectOptionAsync("#new-role", "Operator");
        await page.ClickAsync("text=Create user");
        Assert.Contains($"'{name}' created", await page.InnerTextAsync("[data-testid=users-message]"));
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=users-table]"));

        // Another role, a new password that works at once, disable (asked first) and enable again.
        var row = $"[data-testid=user-row][data-name={name}]";
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.SelectOptionAsync($"{row} [data-testid=user-role]", "Viewer");
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=change-role]");
        Assert.Contains($"User '{name}' is now viewer.", await page.InnerTextAsync("[data-testid=users-message]"));
        await page.ClickAsync($"{row} [data-testid=reset-password] summary");
        await page.FillAsync($"{row} [data-testid=reset-password] input[name=newPassword]", "Reset1Password");
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=save-reset]");
        Assert.Contains($"Password of '{name}' reset", await page.InnerTextAsync("[data-testid=users-message]"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.TryLoginAsync(name, "Reset1Password")).StatusCode);
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=toggle-user]");
        Assert.Contains($"User '{name}' disabled", await page.InnerTextAsync("[data-testid=users-message]"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await app.TryLoginAsync(name, "Reset1Password")).StatusCode);
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=toggle-user]");
        Assert.Contains($"User '{name}' enabled.", await page.InnerTextAsync("[data-testid=users-message]"));
        await page.SelectOptionAsync($"{row} [data-testid=user-role]", "Operator");
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=change-role]");

        await page.ClickAsync("nav >> text=Members");
        await page.FillAsync("#member-username", name);
        await page.SelectOptionAsync("#member-role", "Operator");
        await page.ClickAsync("form >> text=Add");
        Assert.Contains($"'{name}' added as operator", await page.InnerTextAsync("[data-testid=members-message]"));
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=members-table]"));
    }

    [Fact]
    public async Task A_viewer_cannot_open_the_users_page_or_change_members()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "viewer", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        Assert.Equal(0, await page.Locator("nav >> text=Users").CountAsync());
        var users = await page.GotoAsync("/users");
        Assert.NotEqual(200, users!.Status);

        await page.GotoAsync("/workspaces/default/members");
        await page.FillAsync("#member-username", "admin");
        await page.ClickAsync("form >> text=Add");
        Assert.Contains("Only workspace owners", await page.InnerTextAsync("[data-testid=members-message]"));
    }

    [Fact]
    public async Task An_admin_reads_the_audit_log_filtered_by_action_workspace_and_actor()
    {
        var vault = await SymphonyApp.ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/vaults",
            SymphonyApp.Json(new { name = "audit-" + Guid.NewGuid().ToString("N")[..8] })));
        var credential = "cred-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await app.Admin.PostAsync($"/api/v1/workspaces/default/vaults/{vault["id"]}/credentials",
            SymphonyApp.Json(new { name = credential, username = "reader", secret = "Audit-Secret-1" }))).IsSuccessStatusCode);

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.ClickAsync("nav >> text=Audit");
        await page.FillAsync("#audit-action", "credential.*");
        await page.SelectOptionAsync("#audit-workspace", "default");
        await page.FillAsync("#audit-actor", "admin");
        await page.ClickAsync("[data-testid=audit-filters] >> text=Filter");

        var table = await page.InnerTextAsync("[data-testid=audit-table]");
        Assert.Contains("credential.created", table);
        Assert.Contains(credential, table);
        Assert.DoesNotContain("Audit-Secret-1", await page.ContentAsync());
        Assert.DoesNotContain("auth.login", table);
    }

    [Fact]
    public async Task A_viewer_has_no_audit_page()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "viewer", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        Assert.Equal(0, await page.Locator("nav >> text=Audit").CountAsync());
        Assert.NotEqual(200, (await page.GotoAsync("/audit"))!.Status);
    }
}
