using Microsoft.Playwright;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>
/// The real server on Kestrel (a loopback port) and Debian's headless Chromium driven by Playwright.
/// Playwright never downloads a browser here: it launches the one at SYMPHONY_CHROMIUM.
/// </summary>
public sealed class BrowserApp : SymphonyApp
{
    // A free port chosen here rather than port 0: with port 0 the factory can read the address before Kestrel has
    // bound it and hand out http://127.0.0.1:0 (seen once in a full run; dotnet/aspnetcore#67714 is about this race).
    public BrowserApp() : base(DatabaseProvider.Sqlite) => UseKestrel(TestProcesses.FreePort());

    public string BaseUrl { get; private set; } = "";
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>Webhooks made in the console may send to a listener of the test on this machine.</summary>
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Symphony:Egress:AllowedNetworks:0", "127.0.0.1/32")];

    protected override void OnDatabaseReady()
    {
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    /// <summary>
    /// A page in a context of its own; <paramref name="timeZone"/> is the viewer's time zone (the machine's by default),
    /// <paramref name="locale"/> the browser's language (en-US by default).
    /// </summary>
    public async Task<IPage> NewPageAsync(string? timeZone = null, string? locale = null)
    {
        var context = await (await Chromium.Value).NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, TimezoneId = timeZone, Locale = locale });
        lock (_contexts) _contexts.Add(context);
        return await context.NewPageAsync();
    }

    public async Task SignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("main button[type=submit]");
    }

    /// <summary>With SYMPHONY_SCREENSHOTS set to a folder, the page as the test saw it, for reading the console without running it.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SYMPHONY_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>Clicks what submits a form or follows a link, and waits for the page it loads (its script running).</summary>
    public static async Task ClickAndWaitForLoadAsync(IPage page, string selector)
    {
        // The page shown must have loaded first: its own late load event (a slow stylesheet) would otherwise be taken
        // for the next page's, and the next step would act on a page whose script has not run yet.
        await page.WaitForLoadStateAsync(LoadState.Load);
        var loaded = new TaskCompletionSource();
        void OnLoad(object? sender, IPage loadedPage) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await page.ClickAsync(selector);
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }

    /// <summary>Waits, without reloading, until the run page shows the status wanted (the page updates itself while the run is active).</summary>
    public static async Task<string> WaitForRunStatusAsync(IPage page, string wanted)
    {
        for (var i = 0; i < 300; i++)
        {
            var status = await page.InnerTextAsync("[data-testid=run-status]");
            if (status == wanted) return status;
            await Task.Delay(100);
        }
        return await page.InnerTextAsync("[data-testid=run-status]");
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await base.DisposeAsync();
    }

    /// <summary>One Chromium for every console test of the run, each fixture's pages in contexts of their own; closed as the test process ends.</summary>
    private static readonly Lazy<Task<IBrowser>> Chromium = new(LaunchAsync);

    private static async Task<IBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SYMPHONY_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().GetAwaiter().GetResult();
            playwright.Dispose();
        };
        return browser;
    }
}
