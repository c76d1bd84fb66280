using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LinkMobility.WhatsApp.Sandbox;
using Microsoft.Playwright;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// The sandbox's inbox under a campaign's load, with the page open in a real Chromium (Debian's, through Playwright):
/// 1. the sandbox's own rate, unpaced, with the page open and without, in turns (ratio sandbox-rate-with-inbox-vs-without);
/// 2. 1,000 messages per second for a minute with the page open: how far behind the newest chat the page ever shows is.
/// </summary>
internal static class InboxLoad
{
    private const string Name = "sandbox-rate-with-inbox-vs-without";
    private const string Business = "+46700000000";
    private const int Customers = 500;

    public static int Run(int rounds, int turnSeconds, int pacedSeconds)
    {
        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Console.Error.WriteLine("--inbox needs Chromium: apt-get install chromium");
            return 2;
        }
        return RunAsync(chromium, rounds, turnSeconds, pacedSeconds).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string chromium, int rounds, int turnSeconds, int pacedSeconds)
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });

        // 1. The sandbox's rate, as fast as 16 senders go, with the page open and without, the first of each round alternating.
        // One turn of each first, unmeasured and as long as a measured one: the process's JIT (its rate still rose by a tenth
        // over the first rounds after turns of 5 s) and Chromium's first page are paid for before the rounds.
        await RateAsync(browser, turnSeconds);
        await RateAsync(null, turnSeconds);
        var ratios = new List<double>();
        var browserCores = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            bool withFirst = round % 2 == 1;
            var first = await RateAsync(withFirst ? browser : null, turnSeconds);
            var second = await RateAsync(withFirst ? null : browser, turnSeconds);
            var (with, without) = withFirst ? (first, second) : (second, first);
            ratios.Add(with.Rate / without.Rate);
            browserCores.Add(with.BrowserCores);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {without.Rate:0} messages/s without the page, {with.Rate:0} with it (Chromium used {with.BrowserCores:0.00} cores); ratio {with.Rate / without.Rate:0.000}"));
        }
        double[] sorted = [.. ratios.Order()];
        double median = Quantile(sorted, 0.5);

        // 2. Paced at 1,000 messages a second with the page open: every 250 ms, how old the newest chat the page shows is.
        (double rate, List<double> behind) = await PacedAsync(browser, pacedSeconds);
        double[] lags = [.. behind.Order()];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"paced: {rate:0} messages/s for {pacedSeconds} s with the page open; the page's newest chat behind the sandbox's by p50 {Quantile(lags, 0.5):0.00} s, p99 {Quantile(lags, 0.99):0.00} s, at most {lags[^1]:0.00} s ({lags.Length} looks)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu chromium-with-the-page-open {Quantile([.. browserCores.Order()], 0.5):0.00} cores (median of the rounds)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {Name} {median:0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spread {Name} {Quantile(sorted, 0.25):0.000} {Quantile(sorted, 0.75):0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target {Name} >= 0.90 {(median >= 0.90 ? "met" : "missed")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target inbox-behind-seconds <= 2.00 {(lags[^1] <= 2.0 ? "met" : "missed")} (at most {lags[^1]:0.00})"));
        return 0;
    }

    private static MessageRequest Request(long i) => new()
    {
        PlatformId = "bench", PlatformPartnerId = "bench", RefId = "inbox." + i.ToString(CultureInfo.InvariantCulture), Priority = Priority.Normal,
        Source = Business, Destinations = [Customer(i)], EventReportGates = [],
        Messages = [new TextMessage { Text = new() { Body = "Your code is " + i.ToString(CultureInfo.InvariantCulture) } }],
    };

    private static string Customer(long i) => "+4673" + (i % Customers).ToString("0000000", CultureInfo.InvariantCulture);

    private static WhatsAppClient Client(LinkSandbox sandbox, HttpClient http) => new(http, new WhatsAppClientOptions
    {
        BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true, ValidateTemplates = false,
    });

    /// <summary>Opens the inbox with a chat open, as a developer watching a campaign would, and waits until it is live.</summary>
    private static async Task<IPage> OpenAsync(IBrowser browser, LinkSandbox sandbox, WhatsAppClient client)
    {
        await client.SendAsync(Request(0));
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(sandbox.InboxUrl.ToString());
        await page.Locator("#connection").GetByText("live").WaitForAsync();
        await page.Locator("#chat-list li").First.ClickAsync();
        return page;
    }

    /// <summary>
    /// Messages per second the sandbox took from 16 senders going as fast as they can for <paramref name="seconds"/>, and
    /// the CPU Chromium's processes used meanwhile (cores: CPU seconds per second).
    /// </summary>
    private static async Task<(double Rate, double BrowserCores)> RateAsync(IBrowser? browser, int seconds)
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(new LinkSandboxOptions { DeliveryDelay = TimeSpan.FromMilliseconds(50) });
        using var http = new HttpClient(WhatsAppClient.CreateHandler());
        WhatsAppClient client = Client(sandbox, http);
        IPage? page = browser is null ? null : await OpenAsync(browser, sandbox, client);
        long next = 0, taken = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        double browserCpu = ChromiumCpuSeconds();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await client.SendAsync(Request(Interlocked.Increment(ref next)));
                Interlocked.Increment(ref taken);
            }
        })));
        double rate = taken / clock.Elapsed.TotalSeconds;
        double browserCores = (ChromiumCpuSeconds() - browserCpu) / clock.Elapsed.TotalSeconds;
        if (page is not null) await page.CloseAsync();
        return (rate, browserCores);
    }

    /// <summary>1,000 messages a second for <paramref name="seconds"/>, the page open; how far behind the page's newest chat is, looked at every 250 ms.</summary>
    private static async Task<(double Rate, List<double> Behind)> PacedAsync(IBrowser browser, int seconds)
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        using var http = new HttpClient(WhatsAppClient.CreateHandler());
        WhatsAppClient client = Client(sandbox, http);
        IPage page = await OpenAsync(browser, sandbox, client);
        var accepted = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);   // customer: when its latest message was taken
        var clock = Stopwatch.StartNew();
        long total = seconds * 1000L, sent = 0;
        Task sending = Task.Run(async () =>
        {
            // 1,000 a second in steps of 10 ms, each step's requests at once.
            var inFlight = new List<Task>();
            for (long i = 1; i <= total; i += 10)
            {
                double due = (i - 1) / 1000.0;
                double wait = due - clock.Elapsed.TotalSeconds;
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait));
                for (long j = i; j < i + 10 && j <= total; j++)
                {
                    long n = j;
                    inFlight.Add(Task.Run(async () =>
                    {
                        await client.SendAsync(Request(n));
                        accepted[Customer(n)] = clock.Elapsed.TotalSeconds;
                        Interlocked.Increment(ref sent);
                    }));
                }
                if (inFlight.Count > 2000)
                {
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                }
            }
            await Task.WhenAll(inFlight);
        });
        var behind = new List<double>();
        while (!sending.IsCompleted)
        {
            await Task.Delay(250);
            double now = clock.Elapsed.TotalSeconds;
            string? shown = await page.EvaluateAsync<string?>("() => document.querySelector('#chat-list li')?.dataset.customer ?? null");
            if (shown is null || accepted.IsEmpty || now < 2) continue;
            double newest = accepted.Values.Max();
            // The page's newest chat was last written at accepted[shown]: the page is behind by what came after it.
            behind.Add(accepted.TryGetValue(shown, out double at) ? Math.Max(0, newest - at) : newest);
        }
        await sending;
        double rate = sent / clock.Elapsed.TotalSeconds;
        await page.CloseAsync();
        return (rate, behind);
    }

    /// <summary>The CPU time (user and system) of every Chromium process so far, from /proc (clock ticks of 1/100 s).</summary>
    private static double ChromiumCpuSeconds()
    {
        long ticks = 0;
        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                string command = File.ReadAllText(Path.Combine(process, "cmdline"));
                // Chromium's child processes rewrite their command line as one string: its program is the first word.
                if (!command.Split('\0', ' ')[0].EndsWith("/chromium", StringComparison.Ordinal)) continue;
                string stat = File.ReadAllText(Path.Combine(process, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while it was read.
            }
        }
        return ticks / 100.0;
    }

    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double position = (sorted.Length - 1) * q;
        int low = (int)Math.Floor(position), high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
