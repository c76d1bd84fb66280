using System.Diagnostics;
using System.Globalization;
using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Campaigns;
using LinkMobility.WhatsApp.Limits;
using LinkMobility.WhatsApp.Redis;
using LinkMobility.WhatsApp.Sandbox;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// --campaign: RunCampaignAsync to the sandbox under WhatsApp's limits, at 1,000 messages per second. The sandbox runs here
/// and counts what it takes (the busiest sliding second, and what is past a limit); each worker is a child process, so its
/// peak working set is its own. Prints, each with its spread: the rate against the limit for 100,000 recipients on a file
/// ledger (spread: the rate of each whole second), the busiest second against the limit (spread: over every run), two workers on
/// one Redis ledger with shared limits for 100,000 recipients, and each ledger's peak working set from 10,000 to 100,000.
/// </summary>
internal static class CampaignRate
{
    private const string SenderFlag = "--campaign-sender";
    private const int Limit = 1_000;
    private const string Source = "+4670000000";

    public static int Run()
    {
        if (Environment.GetCommandLineArgs().Contains(SenderFlag)) return SendAsync(Environment.GetCommandLineArgs()).GetAwaiter().GetResult();
        return MeasureAsync().GetAwaiter().GetResult();
    }

    private static async Task<int> MeasureAsync()
    {
        var targets = new List<string>();
        var busiest = new List<double>();
        // LINKWA_CAMPAIGN_ONLY=file or redis runs one ledger's part.
        string? only = Environment.GetEnvironmentVariable("LINKWA_CAMPAIGN_ONLY");
        if (only is null or "file")
        {
            var small = await WorkersAsync(10_000, workers: 1, redis: null);
            var large = await WorkersAsync(100_000, workers: 1, redis: null);
            busiest.AddRange([small.Busiest, large.Busiest]);
            double growth = (large.PeakBytes - small.PeakBytes) / 1024.0 / 1024.0;
            Console.WriteLine($"campaign, file ledger, 10k: {small.Rate:0.0}/s, peak working set {small.PeakBytes / 1024 / 1024} MB; 100k: {large.Rate:0.0}/s, peak working set {large.PeakBytes / 1024 / 1024} MB; busiest second {large.Busiest * Limit:0}; past the throughput {large.PastThroughput}, past the pair rate {large.PastPairRate}");
            Print("campaign-rate-vs-limit", large.Rate / Limit, [.. large.Slices.Select(s => s / Limit)]);
            targets.Add(Target("campaign-rate-vs-limit", ">=", 0.95, large.Rate / Limit >= 0.95));
            targets.Add(Target("campaign-past-pair-rate", "==", 0, large.PastPairRate == 0 && small.PastPairRate == 0));
            Console.WriteLine($"memory campaign-file-ledger-peak-growth-10k-to-100k {growth:0.0} MB");
            targets.Add(Target("campaign-file-ledger-peak-growth-10k-to-100k-mb", "<", 50, growth < 50));
        }

        if (only is "file")
        {
        }
        else if (!File.Exists("/usr/bin/redis-server"))
        {
            Console.WriteLine("redis ledger: skipped, redis-server is not installed (apt-get install redis-server)");
        }
        else
        {
            using Process redis = StartRedis(out string connection);
            try
            {
                var one = await WorkersAsync(10_000, workers: 1, connection);
                var two = await WorkersAsync(100_000, workers: 2, connection);
                busiest.AddRange([one.Busiest, two.Busiest]);
                double redisGrowth = (two.PeakBytes - one.PeakBytes) / 1024.0 / 1024.0;
                Console.WriteLine($"campaign, redis ledger: one worker 10k {one.Rate:0.0}/s, peak {one.PeakBytes / 1024 / 1024} MB; two workers 100k {two.Rate:0.0}/s together (sent {string.Join(" + ", two.SentEach)}), peak {two.PeakBytes / 1024 / 1024} MB; busiest second {two.Busiest * Limit:0}; past the throughput {two.PastThroughput}");
                Print("campaign-redis-ledger-rate-vs-limit", two.Rate / Limit, [.. two.Slices.Select(s => s / Limit)]);
                targets.Add(Target("campaign-redis-ledger-rate-vs-limit", ">=", 0.95, two.Rate / Limit >= 0.95));
                Console.WriteLine($"memory campaign-redis-ledger-peak-growth-10k-to-100k {redisGrowth:0.0} MB");
                targets.Add(Target("campaign-redis-ledger-peak-growth-10k-to-100k-mb", "<", 50, redisGrowth < 50));
            }
            finally
            {
                redis.Kill();
            }
        }
        Print("campaign-busiest-second-vs-limit", busiest.Max(), [.. busiest]);
        targets.Add(Target("campaign-busiest-second-vs-limit", "<=", 1.02, busiest.Max() <= 1.02));
        foreach (string target in targets) Console.WriteLine(target);
        return 0;
    }

    private static void Print(string name, double ratio, double[] values)
    {
        double[] sorted = [.. values.Order()];
        Console.WriteLine($"ratio {name} {ratio:0.000}");
        Console.WriteLine($"spread {name} {PairedRunner.Quantile(sorted, 0.25):0.000} {PairedRunner.Quantile(sorted, 0.75):0.000}");
    }

    private static string Target(string name, string relation, double limit, bool met, string? upper = null) =>
        $"target {name} {relation} {limit.ToString(CultureInfo.InvariantCulture)}{(upper is null ? "" : ".." + upper)} {(met ? "met" : "MISSED")}";

    /// <summary>One round: the rate the sandbox saw, the busiest second against the limit, the largest worker peak, the rate of each tenth.</summary>
    private sealed record Round(double Rate, double Busiest, long PeakBytes, double[] Slices, long PastThroughput, long PastPairRate, int[] SentEach);

    private static LinkSandboxOptions SandboxOptions() => new() { Limits = { Enabled = true, MessagesPerSecond = Limit } };

    /// <summary><paramref name="workers"/> processes running one campaign of <paramref name="recipients"/> on a file ledger (one worker) or Redis.</summary>
    private static async Task<Round> WorkersAsync(int recipients, int workers, string? redis)
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(SandboxOptions());
        string campaign = $"bench-{recipients}-{workers}-{Guid.NewGuid().ToString("N")[..6]}";
        string ledger = redis is null ? "file:" + Path.Combine(Path.GetTempPath(), campaign + ".csv") : "redis:" + redis;
        string[][] outputs = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => StartSender(sandbox, recipients, ledger, campaign)));
        SandboxTraffic traffic = sandbox.Traffic;
        if (traffic.Messages != recipients) throw new InvalidOperationException($"the sandbox took {traffic.Messages} messages, not {recipients}");
        if (redis is null) File.Delete(ledger["file:".Length..]);
        string Field(string[] output, string name) => output.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..];
        double[] slices = Slices(sandbox);
        return new Round(
            Rate(traffic), traffic.BusiestSecond / (double)Limit,
            outputs.Max(o => long.Parse(Field(o, "peak"), CultureInfo.InvariantCulture)),
            slices, traffic.PastThroughput, traffic.PastPairRate,
            [.. outputs.Select(o => int.Parse(Field(o, "sent"), CultureInfo.InvariantCulture))]);
    }

    /// <summary>The rate of each whole second the sandbox took messages in, but the first and the last (partial).</summary>
    private static double[] Slices(LinkSandbox sandbox)
    {
        IReadOnlyList<long> seconds = sandbox.Traffic.PerSecond;
        return seconds.Count > 2 ? [.. seconds.Skip(1).Take(seconds.Count - 2).Select(n => (double)n)] : [.. seconds.Select(n => (double)n)];
    }

    private static Process StartRedis(out string connection)
    {
        int port = FreePort();
        string directory = Directory.CreateTempSubdirectory("campaign-bench-redis-").FullName;
        // AOF with fsync on every write, as the docs ask of a campaign ledger.
        var redis = Process.Start(new ProcessStartInfo("/usr/bin/redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly yes --appendfsync always --dir {directory}") { RedirectStandardOutput = true })!;
        while (redis.StandardOutput.ReadLine() is { } line && !line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
        }
        _ = redis.StandardOutput.ReadToEndAsync();
        connection = $"127.0.0.1:{port},abortConnect=false";
        return redis;
    }

    private static double Rate(SandboxTraffic traffic) => (traffic.Messages - 1) / (traffic.Last!.Value - traffic.First!.Value).TotalSeconds;

    private static async Task<string[]> StartSender(LinkSandbox sandbox, int recipients, string ledger, string campaign)
    {
        ProcessStartInfo start = ThisProgram.Again(["--campaign", SenderFlag, sandbox.BaseUrl.ToString(), recipients.ToString(CultureInfo.InvariantCulture), ledger, campaign]);
        start.RedirectStandardOutput = true;
        using Process sender = Process.Start(start)!;
        string output = await sender.StandardOutput.ReadToEndAsync();
        await sender.WaitForExitAsync();
        if (sender.ExitCode != 0) throw new InvalidOperationException($"the sender failed ({sender.ExitCode}): {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The child: a worker of the campaign (each recipient a message of its own), printing what it sent and its peak.</summary>
    private static async Task<int> SendAsync(string[] args)
    {
        int at = Array.IndexOf(args, SenderFlag);
        var baseUrl = new Uri(args[at + 1]);
        int recipients = int.Parse(args[at + 2], CultureInfo.InvariantCulture);
        string ledgerAt = args[at + 3], campaignId = args[at + 4];
        var options = new WhatsAppClientOptions
        {
            BaseUrl = baseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
            Limits = { Enabled = true, MessagesPerSecond = Limit },
        };
        StackExchange.Redis.ConnectionMultiplexer? connection = null;
        ICampaignLedger ledger;
        WhatsAppSendLimiters? limiters = null;
        if (ledgerAt.StartsWith("redis:", StringComparison.Ordinal))
        {
            connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(ledgerAt["redis:".Length..]);
            var redisOptions = new WhatsAppRedisOptions { KeyPrefix = "campaign-bench:" + campaignId + ":" };
            limiters = RedisSendLimiters.Create(connection, options.Limits, redisOptions);
            ledger = new RedisCampaignLedger(connection, redisOptions);
        }
        else
        {
            ledger = new CampaignFileLedger(ledgerAt["file:".Length..]);
        }
        using var http = new HttpClient(WhatsAppClient.CreateHandler());
        var client = new WhatsAppClient(http, options, limiters: limiters);
        var campaign = new Campaign { Id = campaignId, Send = new BulkSendOptions { PlatformId = "bench", PlatformPartnerId = "bench", Source = Source, MaxConcurrency = 16 } };
        int sent = 0, other = 0;
        await foreach (CampaignResult result in client.RunCampaignAsync(campaign, Recipients(recipients), ledger))
        {
            if (result.Result is { Outcome: BulkOutcome.Sent }) sent++;
            else if (result.Skipped is null) other++;
        }
        if (other > 0) throw new InvalidOperationException($"{other} recipient(s) were not sent");
        Console.WriteLine("sent " + sent.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("peak " + PeakWorkingSet().ToString(CultureInfo.InvariantCulture));
        connection?.Dispose();
        return 0;
    }

    private static async IAsyncEnumerable<BulkMessage> Recipients(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return new BulkMessage($"+4671{i:0000000}", new TextMessage { Text = new() { Body = $"Your code is {i}" } });
        }
        await Task.CompletedTask;
    }

    /// <summary>VmHWM: the most resident memory the process had.</summary>
    private static long PeakWorkingSet()
    {
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
