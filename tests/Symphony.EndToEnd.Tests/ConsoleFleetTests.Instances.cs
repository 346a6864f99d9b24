using System.Text;
using Microsoft.Playwright;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>The instance list's CSV import and export, its pages and sort, and an instance's edit, delete and undo.</summary>
public sealed partial class ConsoleFleetTests
{
    [Fact]
    public async Task An_operator_imports_a_csv_with_a_bad_line_exports_the_filtered_list_edits_deletes_and_undoes()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync("/workspaces/default/instances");

        // Line 3 has a port that is not a number: it is refused by line and field, the other two rows are added.
        var csv = $"name,db_type,host,port,environment\r\nimp-a-{suffix},postgresql,10.1.0.1,5432,production\r\nimp-b-{suffix},postgresql,10.1.0.2,five,test\r\n"
            + $"imp-c-{suffix},mysql,10.1.0.3,3306,production\r\n";
        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = "fleet.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=import-instances]");
        Assert.Equal("2 instance(s) added, 1 row(s) refused.", (await page.InnerTextAsync("[data-testid=instances-message]")).Trim());
        Assert.Contains("port\tport must be a number.", await page.InnerTextAsync("[data-testid=import-error][data-line='3']"));
        Assert.Equal(1, await page.Locator("[data-testid=import-error]").CountAsync());
        await BrowserApp.ScreenshotAsync(page, "instances-import");

        // Filters live in the address; the export gives the rows they match, in the columns the import reads.
        await page.GotoAsync($"/workspaces/default/instances?search=imp-&environment=production&sort=name&order=desc");
        var names = await page.Locator("[data-testid=instance-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)");
        Assert.Equal([$"imp-c-{suffix}", $"imp-a-{suffix}"], names.Where(n => n.EndsWith(suffix, StringComparison.Ordinal)));
        Assert.Contains("▼", await page.InnerTextAsync("thead"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-instances]"));
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("name,db_type,host,port,database_name,environment,description,credential_id,tls_mode", exported, StringComparison.Ordinal);
        Assert.Contains($"imp-a-{suffix},postgresql,10.1.0.1,5432", exported);
        Assert.DoesNotContain($"imp-b-{suffix}", exported);
        Assert.True(exported.IndexOf($"imp-c-{suffix}", StringComparison.Ordinal) < exported.IndexOf($"imp-a-{suffix}", StringComparison.Ordinal), exported);

        // An edit the API refuses keeps what was typed and says why beside the field; a valid one saves.
        await BrowserApp.ClickAndWaitForLoadAsync(page, $"[data-testid=instance-row][data-name=imp-a-{suffix}] a");
        await page.ClickAsync("[data-testid=edit-instance] summary");
        await page.FillAsync("#edit-name", $"imp-c-{suffix}");
        await page.FillAsync("#edit-port", "6543");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-instance]");
        Assert.Contains("taken", await page.InnerTextAsync("#edit-name + .field-error"));
        Assert.Equal("6543", await page.InputValueAsync("#edit-port"));
        await page.FillAsync("#edit-name", $"imp-d-{suffix}");
        await page.FillAsync("#edit-threshold", "1.5");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-instance]");
        Assert.Equal($"'imp-d-{suffix}' saved.", (await page.InnerTextAsync("[data-testid=instance-message]")).Trim());
        Assert.Contains("10.1.0.1:6543", await page.InnerTextAsync("[data-testid=instance-facts]"));
        await page.ClickAsync("[data-testid=edit-instance] summary");
        Assert.Equal("1.5", await page.InputValueAsync("#edit-threshold"));

        // A delete asks first, naming the instance; the list it leads to offers to undo it.
        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=delete-instance]");
        Assert.Contains($"imp-d-{suffix}", asked);
        Assert.Contains("can be restored", await page.InnerTextAsync("[data-testid=instances-message]"));
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=undo-delete]");
        Assert.Equal($"'imp-d-{suffix}' restored.", (await page.InnerTextAsync("[data-testid=instances-message]")).Trim());
        Assert.Equal(1, await page.Locator($"[data-testid=instance-row][data-name=imp-d-{suffix}] a").CountAsync());
    }

    [Fact]
    public async Task The_instance_list_in_chinese_pages_imports_and_says_a_refused_row_by_line()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync(locale: "zh-CN");
        await app.SignInAsync(page, "operator", SymphonyApp.UserPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync($"/workspaces/default/instances?search={suffix}");
        Assert.Equal("没有符合这些筛选条件的实例。", (await page.InnerTextAsync("[data-testid=instances-empty]")).Trim());

        var rows = new StringBuilder("name,db_type,host\r\n");
        for (var i = 0; i < 52; i++) rows.Append(ImportRow(i, suffix));
        rows.Append(ImportRow(0, suffix)); // line 54: a name taken earlier in the file
        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = "fleet.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(rows.ToString()) });
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=import-instances]");
        Assert.Equal("已添加 52 个实例，拒绝 1 行。", (await page.InnerTextAsync("[data-testid=instances-message]")).Trim());
        Assert.Equal(1, await page.Locator("[data-testid=import-error][data-line='54']").CountAsync());
        await BrowserApp.ScreenshotAsync(page, "instances-import-zh-Hans");

        // 52 rows match: two pages of 50, with the total said in Chinese.
        await page.GotoAsync($"/workspaces/default/instances?search={suffix}");
        Assert.Contains("第 1 至 50 行，共 52 行", await page.InnerTextAsync("[data-testid=instances-pager]"));
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=next-page]");
        Assert.Contains($"search={suffix}", page.Url);
        Assert.Contains("第 51 至 52 行，共 52 行", await page.InnerTextAsync("[data-testid=instances-pager]"));
        Assert.Equal(2, await page.Locator("[data-testid=instance-row]").CountAsync());
        // An address the list refuses (typed by hand) is said on the page, which shows the whole list.
        var refused = await page.GotoAsync($"/workspaces/default/instances?status=sideways");
        Assert.Equal(400, refused!.Status);
        Assert.NotEmpty((await page.InnerTextAsync("[data-testid=instances-message]")).Trim());
        await page.GotoAsync($"/workspaces/default/instances?search={suffix}&page=9");
        Assert.Contains("第一页", await page.InnerTextAsync("[data-testid=instances-pager]"));

        // A vault's page in Chinese: empty, it says what to do; with a credential, its rotation is offered.
        var vault = (await SymphonyApp.ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/vaults",
            SymphonyApp.Json(new { name = "zh-vault-" + suffix }))))["id"]!.GetValue<string>();
        await page.GotoAsync($"/workspaces/default/vaults/{vault}");
        Assert.StartsWith("还没有凭据", (await page.InnerTextAsync("[data-testid=credentials-empty]")).Trim(), StringComparison.Ordinal);
        await page.FillAsync("#credential-name", "collector");
        await page.FillAsync("#credential-username", "symphony");
        await page.FillAsync("#credential-secret", "Zh-Secret-1");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "main form[action*=Create] button");
        Assert.Equal("凭据“collector”已保存；其密钥已加密，无法再次显示。", (await page.InnerTextAsync("[data-testid=vault-message]")).Trim());
        Assert.Equal("轮换密钥", (await page.InnerTextAsync("[data-testid=rotate-secret] summary")).Trim());
        Assert.Equal("无实例", (await page.InnerTextAsync("[data-testid=credential-used-by]")).Trim());
        await BrowserApp.ScreenshotAsync(page, "vault-zh-Hans");
    }

    private static string ImportRow(int i, string suffix) => $"zh-{i:00}-{suffix},postgresql,10.2.0.{i + 1}\r\n";
}
