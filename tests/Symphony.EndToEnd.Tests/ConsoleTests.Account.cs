using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>My account: the profile with its language, the password, and the sessions signed out one by one or all but this one.</summary>
public sealed partial class ConsoleTests
{
    [Fact]
    public async Task A_person_edits_their_profile_changes_their_password_and_signs_out_their_other_sessions()
    {
        var name = "acct-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserAsync(name, "viewer");
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, name, SymphonyApp.UserPassword);
        var laptop = await app.NewPageAsync();
        await app.SignInAsync(laptop, name, SymphonyApp.UserPassword);
        await laptop.WaitForSelectorAsync("[data-testid=current-user]");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=my-account]");
        Assert.Equal(2, await page.Locator("[data-testid=session-row]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=session-row][data-current=true]").CountAsync());

        // A refused profile keeps what was typed and says why beside the field.
        await page.FillAsync("#display-name", "Ada L.");
        await page.FillAsync("#email", "ada-at-example");
        await page.EvaluateAsync("() => document.getElementById('email').type = 'text'");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-profile]");
        Assert.NotNull(await page.TextContentAsync("#email ~ .field-error"));
        Assert.Equal("Ada L.", await page.InputValueAsync("#display-name"));
        await page.FillAsync("#email", "ada@example.com");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-profile]");
        Assert.Equal("Profile saved.", (await page.InnerTextAsync("[data-testid=account-message]")).Trim());
        Assert.Equal("ada@example.com", await page.InputValueAsync("#email"));

        // The password: the two new ones must agree, the current one must be right; then the other session ends.
        await page.FillAsync("#current-password", SymphonyApp.UserPassword);
        await page.FillAsync("#new-password", "Second-Pass1");
        await page.FillAsync("#confirm-password", "Second-Pass2");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=change-password]");
        Assert.Equal("The two new passwords differ.", (await page.InnerTextAsync("#confirm-password ~ .field-error")).Trim());
        await page.FillAsync("#current-password", "Wrong-Pass1");
        await page.FillAsync("#new-password", "Second-Pass1");
        await page.FillAsync("#confirm-password", "Second-Pass1");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=change-password]");
        Assert.Contains("wrong", await page.InnerTextAsync("#current-password ~ .field-error"));
        await page.FillAsync("#current-password", SymphonyApp.UserPassword);
        await page.FillAsync("#new-password", "Second-Pass1");
        await page.FillAsync("#confirm-password", "Second-Pass1");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=change-password]");
        Assert.Contains("Password changed", await page.InnerTextAsync("[data-testid=account-message]"));
        await laptop.ReloadAsync();
        Assert.StartsWith($"{app.BaseUrl}/login", laptop.Url);

        // Signed in again elsewhere, then signed out from here: everywhere else, at once.
        await app.SignInAsync(laptop, name, "Second-Pass1");
        await laptop.WaitForSelectorAsync("[data-testid=current-user]");
        await page.ReloadAsync();
        Assert.Equal(2, await page.Locator("[data-testid=session-row]").CountAsync());
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=sign-out-others]");
        Assert.Equal("1 other session(s) signed out.", (await page.InnerTextAsync("[data-testid=account-message]")).Trim());
        await laptop.ReloadAsync();
        Assert.StartsWith($"{app.BaseUrl}/login", laptop.Url);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=session-row][data-current=true] [data-testid=sign-out-session]");
        Assert.StartsWith($"{app.BaseUrl}/login", page.Url);
    }

    [Fact]
    public async Task The_language_of_the_profile_follows_the_person_to_another_browser()
    {
        var name = "lang-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserAsync(name, "viewer");
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, name, SymphonyApp.UserPassword);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=my-account]");
        await page.SelectOptionAsync("#profile-language", "zh-Hans");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-profile]");
        Assert.Equal("个人资料已保存。", (await page.InnerTextAsync("[data-testid=account-message]")).Trim());
        Assert.Equal("我的账号", (await page.InnerTextAsync("h1")).Split(' ')[0].Trim());
        await BrowserApp.ScreenshotAsync(page, "account-zh-Hans");

        // Another browser, in English: once signed in, the console speaks the profile's language.
        var other = await app.NewPageAsync(locale: "en-US");
        await app.SignInAsync(other, name, SymphonyApp.UserPassword);
        await other.WaitForSelectorAsync("[data-testid=current-user]");
        Assert.Equal("zh-Hans", await other.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task The_users_page_in_chinese_deletes_a_user_after_asking()
    {
        var name = "zh-user-" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserAsync(name, "viewer");
        var page = await app.NewPageAsync(locale: "zh-CN");
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync("/users");
        var row = $"[data-testid=user-row][data-name={name}]";
        Assert.Equal("重置密码", (await page.InnerTextAsync($"{row} [data-testid=reset-password] summary")).Trim());
        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"{row} [data-testid=delete-user]");
        Assert.Equal($"删除用户 {name}？其会话和令牌将立即结束。", asked);
        Assert.Equal($"用户“{name}”已删除。", (await page.InnerTextAsync("[data-testid=users-message]")).Trim());
        Assert.Equal(0, await page.Locator(row).CountAsync());
        await BrowserApp.ScreenshotAsync(page, "users-zh-Hans");
    }

    [Fact]
    public async Task An_admin_reads_the_partitions_and_runs_their_maintenance_now_and_a_viewer_may_not()
    {
        var page = await app.NewPageAsync(locale: "zh-CN");
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "nav >> text=分区");
        Assert.Equal("分区", (await page.InnerTextAsync("h1")).Trim());
        // The test command's console runs on SQLite: the three tables are named, none partitioned.
        Assert.StartsWith("此存储没有分区", (await page.InnerTextAsync("[data-testid=partitions-none]")).Trim(), StringComparison.Ordinal);
        Assert.Equal(["item_state_history", "database_size_stats", "instance_size_stats"],
            await page.Locator("[data-testid=partitioned-table]").EvaluateAllAsync<string[]>("t => t.map(x => x.dataset.table)"));
        await BrowserApp.ScreenshotAsync(page, "partitions-zh-Hans");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=run-maintenance]");
        Assert.Contains("/runs/", page.Url);
        Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));

        var english = await app.NewPageAsync();
        await app.SignInAsync(english, "admin", SymphonyApp.AdminPassword);
        await english.WaitForSelectorAsync("[data-testid=current-user]");
        await english.GotoAsync("/partitions");
        Assert.StartsWith("Nothing is partitioned in this store", (await english.InnerTextAsync("[data-testid=partitions-none]")).Trim(), StringComparison.Ordinal);

        var viewer = await app.NewPageAsync();
        await app.SignInAsync(viewer, "viewer", SymphonyApp.UserPassword);
        await viewer.WaitForSelectorAsync("[data-testid=current-user]");
        Assert.Equal(0, await viewer.Locator("nav >> text=Partitions").CountAsync());
        Assert.NotEqual(200, (await viewer.GotoAsync("/partitions"))!.Status);
    }

    [Fact]
    public async Task An_operator_creates_a_workspace_from_the_home_page_and_a_viewer_is_not_offered_it()
    {
        var page = await app.NewPageAsync(locale: "zh-CN");
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync("/");
        // A slug of the wrong form is refused beside its field, what was typed kept.
        await page.FillAsync("#workspace-slug", "Bad Slug");
        await page.FillAsync("#workspace-name", "Payments");
        await page.EvaluateAsync("() => document.getElementById('workspace-slug').removeAttribute('minlength')");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-workspace]");
        Assert.Contains("lower-case", await page.InnerTextAsync("#workspace-slug ~ .field-error"));
        Assert.Equal("Payments", await page.InputValueAsync("#workspace-name"));

        var slug = "pay-" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#workspace-slug", slug);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-workspace]");
        Assert.EndsWith($"/workspaces/{slug}", page.Url, StringComparison.Ordinal);
        Assert.Equal("工作区“Payments”已创建；你是它的所有者。", (await page.InnerTextAsync("[data-testid=dashboard-message]")).Trim());

        var english = await app.NewPageAsync();
        await app.SignInAsync(english, "operator", SymphonyApp.UserPassword);
        await english.WaitForSelectorAsync("[data-testid=current-user]");
        await english.GotoAsync("/");
        Assert.Equal("Create workspace", (await english.InnerTextAsync("[data-testid=create-workspace]")).Trim());
        var viewer = await app.NewPageAsync();
        await app.SignInAsync(viewer, "viewer", SymphonyApp.UserPassword);
        await viewer.WaitForSelectorAsync("[data-testid=current-user]");
        await viewer.GotoAsync("/");
        Assert.Equal(0, await viewer.Locator("[data-testid=new-workspace]").CountAsync());
    }
}
