using Microsoft.Playwright;
using Xunit;

namespace LinkMobility.WhatsApp.Browser.Tests;

/// <summary>
/// A test that needs a real Chromium (Debian's chromium package). Without one it is skipped, saying why, unless
/// LINKWA_REQUIRE_BROWSER=1 (set by .ci/run, which installs it): then it runs and fails.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Executable is null && Environment.GetEnvironmentVariable("LINKWA_REQUIRE_BROWSER") != "1")
        {
            Skip = "Chromium is not installed here (apt-get install chromium; .ci/run installs it and sets LINKWA_REQUIRE_BROWSER=1)";
        }
    }
}

/// <summary>A headless Chromium for one test, driven by Playwright; the system's, by its path.</summary>
public sealed class Chromium : IAsyncDisposable
{
    public static string? Executable { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Alerts and other dialogs the page opened (none, ever, in the inbox).</summary>
    public List<string> Dialogs { get; } = [];

    /// <summary>Uncaught errors of the page's script (none, ever); a test that fails says them.</summary>
    public List<string> ScriptErrors { get; } = [];

    public static async Task<Chromium> StartAsync()
    {
        if (Executable is null) throw new InvalidOperationException("Chromium is not installed: apt-get install chromium (.ci/run does)");
        // How long an expectation waits for what it expects: CI's two cores are shared by the sandbox, the app's receiver
        // (cold on its first callback) and Chromium. An expectation met sooner ends sooner.
        Assertions.SetDefaultExpectTimeout(15_000);
        IPlaywright playwright = await Playwright.CreateAsync();
        // --no-sandbox: CI runs as root, where Chromium's own sandbox cannot start.
        IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = ["--no-sandbox"] });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 700 } });
        var chromium = new Chromium(playwright, browser, page);
        page.PageError += (_, error) => { lock (chromium.ScriptErrors) chromium.ScriptErrors.Add(error); };
        page.Dialog += async (_, dialog) =>
        {
            chromium.Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        return chromium;
    }

    /// <summary>
    /// A screenshot for the docs: written to docs/images/ with LINKWA_UPDATE_SCREENSHOTS=1 (as UPDATE_BASELINES writes
    /// baselines), else to a temporary file, so a test run leaves the clone as it was.
    /// </summary>
    public async Task ScreenshotAsync(string name)
    {
        string path = Environment.GetEnvironmentVariable("LINKWA_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "docs", "images", name)
            : Path.Combine(Path.GetTempPath(), "linkwa-" + name);
        await Page.ScreenshotAsync(new() { Path = path });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        if (ScriptErrors.Count > 0) throw new InvalidOperationException("The page's script failed: " + string.Join(" | ", ScriptErrors));
    }
}
