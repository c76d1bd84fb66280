using System.Diagnostics;
using System.Globalization;
using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Limits;
using LinkMobility.WhatsApp.Redis;
using LinkMobility.WhatsApp.Sandbox;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// --campaign: SendManyAsync to the sandbox under WhatsApp's limits, with 1,000 messages per second. The sandbox runs here
/// and counts what it takes (and what is past a limit); each sender is a child process, so its peak working set is its
/// own. Prints the rate against the limit for 100,000 recipients (spread: the rate of each tenth of them), the sender's
/// peak working set at 10,000 and 100,000, and the combined rate of two senders sharing the limits on Redis (three rounds).
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
        var small = await OneSenderAsync(10_000);
        var large = await OneSenderAsync(100_000);
        double growth = (large.PeakBytes - small.PeakBytes) / 1024.0 / 1024.0;
        Console.WriteLine($"campaign 10k: {small.Rate:0.0}/s, peak working set {small.PeakBytes / 1024 / 1024} MB; 100k: {large.Rate:0.0}/s, peak working set {large.PeakBytes / 1024 / 1024} MB; past the throughput {large.PastThroughput}, past the pair rate {large.PastPairRate}");
        Print("campaign-rate-vs-limit", large.Rate / Limit, large.Slices.Select(s => s / Limit).ToArray());
        targets.Add(Target("campaign-rate-vs-limit", ">=", 0.95, large.Rate / Limit >= 0.95));
        targets.Add(Target("campaign-past-pair-rate", "==", 0, large.PastPairRate == 0 && small.PastPairRate == 0));
        Console.WriteLine($"memory campaign-peak-growth-10k-to-100k {growth:0.0} MB");
        targets.Add(Target("campaign-peak-growth-10k-to-100k-mb", "<", 50, growth < 50));

        if (!File.Exists("/usr/bin/redis-server"))
        {
            Console.WriteLine("two instances: skipped, redis-server is not installed (apt-get install redis-server)");
        }
        else
        {
            var rates = new List<double>();
            for (int round = 0; round < 3; round++) rates.Add(await TwoSendersAsync(10_000) / Limit);
            double[] sorted = [.. rates.Order()];
            Print("campaign-two-instances-rate-vs-limit", PairedRunner.Quantile(sorted, 0.5), sorted);
            double median = PairedRunner.Quantile(sorted, 0.5);
            targets.Add(Target("campaign-two-instances-rate-vs-limit", "in", 0.90, median is >= 0.90 and <= 1.02, "1.02"));
        }
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

    private sealed record SenderRun(double Rate, long PeakBytes, double[] Slices, long PastThroughput, long PastPairRate);

    private static LinkSandboxOptions SandboxOptions() => new() { Limits = { Enabled = true, MessagesPerSecond = Limit } };

    private static async Task<SenderRun> OneSenderAsync(int recipients)
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(SandboxOptions());
        string[] output = await StartSender(sandbox, recipients, first: 0, redis: null).ConfigureAwait(false);
        SandboxTraffic traffic = sandbox.Traffic;
        string Field(string name) => output.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..];
        return new SenderRun(
            Rate(traffic),
            long.Parse(Field("peak"), CultureInfo.InvariantCulture),
            [.. Field("slices").Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture))],
            traffic.PastThroughput, traffic.PastPairRate);
    }

    private static async Task<double> TwoSendersAsync(int recipients)
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(SandboxOptions());
        int port = FreePort();
        using Process redis = Process.Start(new ProcessStartInfo("/usr/bin/redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
        try
        {
            // Ready when it answers: its first line of log says so only loosely, so wait for its "Ready" line.
            while (await redis.StandardOutput.ReadLineAsync() is { } line && !line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
            }
            string connection = $"127.0.0.1:{port},abortConnect=false";
            await Task.WhenAll(StartSender(sandbox, recipients / 2, first: 0, connection), StartSender(sandbox, recipients / 2, first: recipients / 2, connection));
            SandboxTraffic traffic = sandbox.Traffic;
            if (traffic.Messages != recipients) throw new InvalidOperationException($"the sandbox took {traffic.Messages} messages, not {recipients}");
            Console.WriteLine($"two instances: {Rate(traffic):0.0}/s together; past the throughput {traffic.PastThroughput}");
            return Rate(traffic);
        }
        finally
        {
            redis.Kill();
        }
    }

    private static double Rate(SandboxTraffic traffic) => (traffic.Messages - 1) / (traffic.Last!.Value - traffic.First!.Value).TotalSeconds;

    private static async Task<string[]> StartSender(LinkSandbox sandbox, int recipients, int first, string? redis)
    {
        ProcessStartInfo start = ThisProgram.Again(["--campaign", SenderFlag, sandbox.BaseUrl.ToString(), recipients.ToString(CultureInfo.InvariantCulture), first.ToString(CultureInfo.InvariantCulture), redis ?? "-"]);
        start.RedirectStandardOutput = true;
        using Process sender = Process.Start(start)!;
        string output = await sender.StandardOutput.ReadToEndAsync();
        await sender.WaitForExitAsync();
        if (sender.ExitCode != 0) throw new InvalidOperationException($"the sender failed ({sender.ExitCode}): {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The child: sends to its recipients (numbers from <c>first</c>), each a message of its own, and prints what it saw.</summary>
    private static async Task<int> SendAsync(string[] args)
    {
        int at = Array.IndexOf(args, SenderFlag);
        var baseUrl = new Uri(args[at + 1]);
        int recipients = int.Parse(args[at + 2], CultureInfo.InvariantCulture), first = int.Parse(args[at + 3], CultureInfo.InvariantCulture);
        string? redis = args[at + 4] == "-" ? null : args[at + 4];
        var options = new WhatsAppClientOptions
        {
            BaseUrl = baseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
            Limits = { Enabled = true, MessagesPerSecond = Limit },
        };
        StackExchange.Redis.ConnectionMultiplexer? connection = null;
        if (redis is not null)
        {
            connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis);
            options.Limiters = RedisSendLimiters.Create(connection, options.Limits, new WhatsAppRedisOptions { KeyPrefix = "campaign-bench:" + baseUrl.Port + ":" });
        }
        using var http = new HttpClient(WhatsAppClient.CreateHandler());
        var client = new WhatsAppClient(http, options);
        var bulk = new BulkSendOptions { PlatformId = "bench", PlatformPartnerId = "bench", Source = Source, MaxConcurrency = 16 };
        var times = new long[recipients];
        int done = 0, sent = 0;
        await foreach (BulkResult result in client.SendManyAsync(Recipients(recipients, first), bulk))
        {
            times[done++] = Stopwatch.GetTimestamp();
            if (result.Outcome == BulkOutcome.Sent) sent++;
        }
        if (sent != recipients) throw new InvalidOperationException($"{recipients - sent} of {recipients} were not sent");
        // The rate of each tenth of the results.
        var slices = Enumerable.Range(0, 10).Select(s =>
        {
            int from = s * recipients / 10, to = (s + 1) * recipients / 10 - 1;
            return (to - from) / Stopwatch.GetElapsedTime(times[from], times[to]).TotalSeconds;
        });
        Console.WriteLine("slices " + string.Join(' ', slices.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture))));
        Console.WriteLine("peak " + PeakWorkingSet().ToString(CultureInfo.InvariantCulture));
        connection?.Dispose();
        return 0;
    }

    private static async IAsyncEnumerable<BulkMessage> Recipients(int count, int first)
    {
        for (int i = first; i < first + count; i++)
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
