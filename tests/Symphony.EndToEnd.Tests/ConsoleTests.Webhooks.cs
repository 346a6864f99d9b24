using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>Webhooks in the console: add one (a refused URL first), send a test event a local listener takes, its delivery, edit, delete.</summary>
public sealed partial class ConsoleTests
{
    private const string WebhookSecret = "secret-of-the-console-test";

    [Fact]
    public async Task An_owner_adds_a_webhook_sends_a_test_event_a_listener_takes_and_follows_its_delivery()
    {
        await using var listener = await LocalHttpServer.StartAsync(web => web.MapPost("/{path}", () => Results.Ok()));
        var name = "ui-hook-" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "nav >> text=Webhooks");

        // A URL with a password in it is refused on its field; what was typed stays, the secret excepted.
        await page.FillAsync("#new-webhook-name", name);
        await page.FillAsync("#new-webhook-url", "https://user:pw@hooks.example.com/in");
        await page.CheckAsync("[data-testid=add-webhook] input[name=Events][value='run.failed']");
        await page.FillAsync("#new-webhook-secret", WebhookSecret);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-webhook]");
        Assert.Contains("without credentials", await page.InnerTextAsync("#new-webhook-url ~ .field-error"));
        Assert.Equal(name, await page.InputValueAsync("#new-webhook-name"));
        Assert.True(await page.IsCheckedAsync("[data-testid=add-webhook] input[name=Events][value='run.failed']"));
        Assert.Equal("", await page.InputValueAsync("#new-webhook-secret"));

        await page.FillAsync("#new-webhook-url", $"{listener.Url}console");
        await page.FillAsync("#new-webhook-secret", WebhookSecret);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-webhook]");
        Assert.Contains($"Webhook '{name}' created", await page.InnerTextAsync("[data-testid=webhook-message]"));

        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=test-webhook]");
        Assert.Contains("A test event is on its way", await page.InnerTextAsync("[data-testid=webhook-message]"));
        // The delivery on the page (reloaded until it is done): completed in one attempt, answered 200; the listener
        // took it, signed with the secret.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await page.InnerTextAsync("[data-testid=delivery-row] [data-testid=delivery-status]") != "completed" && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
            await page.ReloadAsync();
        }
        var received = Assert.Single(listener.To("POST", "/console"));
        Assert.Equal("webhook.test", received.Headers["X-Symphony-Event"]);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(received.Body))),
            received.Headers["X-Symphony-Signature"]);
        Assert.Equal(name, JsonNode.Parse(received.Body)!["data"]!["webhook"]!.GetValue<string>());
        Assert.Equal("completed\t1\t200", string.Join('\t', await page.Locator("[data-testid=delivery-row]").First
            .Locator("[data-testid=delivery-status], [data-testid=delivery-attempts], [data-testid=delivery-answer]").AllInnerTextsAsync()));
        await BrowserApp.ScreenshotAsync(page, "webhook");

        await page.ClickAsync("[data-testid=edit-webhook] summary");
        await page.UncheckAsync("#edit-webhook-enabled");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-webhook]");
        Assert.Equal("disabled", (await page.InnerTextAsync("[data-testid=webhook-state]")).Trim());

        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=delete-webhook]");
        Assert.Contains(name, asked);
        Assert.Contains($"Webhook '{name}' deleted", await page.InnerTextAsync("[data-testid=webhooks-message]"));
        Assert.Equal(0, await page.Locator($"[data-testid=webhook-row][data-name={name}]").CountAsync());
    }

    [Fact]
    public async Task The_webhook_pages_in_chinese_and_a_viewer_sees_no_form()
    {
        var page = await app.NewPageAsync(locale: "zh-CN");
        await app.SignInAsync(page, "admin", SymphonyApp.AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        await page.GotoAsync("/workspaces/default/webhooks");
        Assert.Equal("添加 Webhook", (await page.InnerTextAsync("[data-testid=create-webhook]")).Trim());
        var name = "zh-hook-" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#new-webhook-name", name);
        await page.FillAsync("#new-webhook-url", "https://hooks.example.com/zh");
        await page.CheckAsync("[data-testid=add-webhook] input[name=Events][value='run.failed']");
        await page.FillAsync("#new-webhook-secret", WebhookSecret);
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=create-webhook]");
        Assert.Equal($"Webhook“{name}”已创建；发送一个测试事件看看它能否收到。", (await page.InnerTextAsync("[data-testid=webhook-message]")).Trim());
        Assert.Equal("尚未发送任何内容。", (await page.InnerTextAsync("[data-testid=deliveries-empty]")).Trim());
        await BrowserApp.ScreenshotAsync(page, "webhook-zh-Hans");
        var webhookPage = page.Url;

        var viewer = await app.NewPageAsync();
        await app.SignInAsync(viewer, "viewer", SymphonyApp.UserPassword);
        await viewer.WaitForSelectorAsync("[data-testid=current-user]");
        await viewer.GotoAsync("/workspaces/default/webhooks");
        Assert.Equal(0, await viewer.Locator("[data-testid=add-webhook]").CountAsync());
        await viewer.GotoAsync(webhookPage);
        Assert.Equal(0, await viewer.Locator("[data-testid=test-webhook]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=edit-webhook]").CountAsync());
        Assert.Contains("hooks.example.com", await viewer.InnerTextAsync("main"));
    }
}
