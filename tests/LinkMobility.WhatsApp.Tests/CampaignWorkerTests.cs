using System.Diagnostics;
using System.Text;
using LinkMobility.WhatsApp.Campaigns;
using LinkMobility.WhatsApp.Redis;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Testing;
using StackExchange.Redis;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>
/// linkwa campaign as several processes: two runs of one results file, workers sharing a ledger on a real redis-server,
/// one killed with SIGKILL, and Redis restarted mid-campaign. The sandbox (here) logs every request it takes.
/// </summary>
public sealed class CampaignWorkerTests : IDisposable
{
    private static readonly string Templates = Path.Combine(Repository.Root, "samples", "linkwa", "whatsapp-templates.json");
    private readonly string _directory = Directory.CreateTempSubdirectory("linkwa-workers-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Number(int i) => $"+4673{i:0000000}";

    private string Csv(int count)
    {
        string path = Path.Combine(_directory, "recipients.csv");
        File.WriteAllLines(path, ["recipient,customer_name,orderNumber,language", .. Enumerable.Range(1, count).Select(i => $"{Number(i)},Customer {i},A-{i},en_US")]);
        return path;
    }

    private static string[] Campaign(LinkSandbox sandbox, string csv, params string[] more) =>
    [
        "campaign", "-t", Templates, "-n", "demo_namespace", "--template", "order_shipped", "-r", csv,
        "--url", sandbox.BaseUrl.ToString(), "--allow-http", "-u", "sandbox", "--password", "sandbox", "--from", "+4670000000", "--platform-id", "p", "--partner-id", "pp",
        .. more,
    ];

    private static List<string> Sent(LinkSandbox sandbox) => [.. sandbox.ReceivedRequests.SelectMany(r => r.Destinations)];

    /// <summary>linkwa in a process of its own; <see cref="Progress"/> completes with its first progress line (it has sent).</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _out = new(), _err = new();
        private readonly TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Worker(string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "linkwa.dll"), .. args]) info.ArgumentList.Add(arg);
            _process = new Process { StartInfo = info };
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_out) _out.AppendLine(e.Data);
                if (e.Data.Contains(" done: ", StringComparison.Ordinal) && !e.Data.Contains(" 0 sent,", StringComparison.Ordinal)) _progress.TrySetResult();
            };
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_err) _err.AppendLine(e.Data);
            };
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            _ = _process.WaitForExitAsync().ContinueWith(_ => _progress.TrySetException(new InvalidOperationException($"linkwa exited before it sent: {Output}")), TaskScheduler.Default);
        }

        public Task Progress => _progress.Task;

        public string Output
        {
            get
            {
                lock (_out) lock (_err) return $"out: {_out} err: {_err}";
            }
        }

        public async Task<int> ExitAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            _process.WaitForExit();   // the output read to its end
            return _process.ExitCode;
        }

        public int SentCount()
        {
            string last;
            lock (_out) last = _out.ToString().Split('\n').Last(l => l.StartsWith("campaign: ", StringComparison.Ordinal) && l.Contains(" sent, ", StringComparison.Ordinal) && l.Contains("ledger", StringComparison.Ordinal));
            return int.Parse(last["campaign: ".Length..last.IndexOf(' ', "campaign: ".Length)], System.Globalization.CultureInfo.InvariantCulture);
        }

        public void Kill() => _process.Kill();   // SIGKILL

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }

    [Fact]
    public async Task Two_runs_of_one_results_file_at_once_the_second_refuses_and_nobody_is_sent_twice()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        string csv = Csv(100), results = Path.Combine(_directory, "results.csv");
        using var first = new Worker(Campaign(sandbox, csv, "--results", results, "--rate", "25"));
        await first.Progress.WaitAsync(TimeSpan.FromMinutes(2));

        // The overlapping cron job: the same resume while the first run holds the file.
        using var second = new Worker(Campaign(sandbox, csv, "--resume", results, "--rate", "25"));
        Assert.Equal(1, await second.ExitAsync());
        Assert.Contains("is in use by another run", second.Output);

        Assert.Equal(0, await first.ExitAsync());
        Assert.Equal(Enumerable.Range(1, 100).Select(Number).Order(), Sent(sandbox).Order());   // each once
        Assert.Equal(100, (await new CampaignFileLedger(results).GetStatusAsync("c", TimeSpan.Zero, default))[CampaignState.Sent]);
        Assert.All(File.ReadLines(results).Skip(1), line => Assert.Equal(9, line.Split(',').Length));   // no row torn or interleaved
    }

    [RedisFact]
    public async Task Three_workers_on_one_redis_ledger_send_every_recipient_exactly_once_and_share_the_work()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        string csv = Csv(600);

        using var workers = new DisposableList<Worker>([.. Enumerable.Range(0, 3).Select(_ => new Worker(Campaign(sandbox, csv, "--redis", redis.ConnectionString, "--campaign", "three", "--rate", "100")))]);
        foreach (Worker worker in workers) Assert.True(await worker.ExitAsync() == 0, worker.Output);

        Assert.Equal(Enumerable.Range(1, 600).Select(Number).Order(), Sent(sandbox).Order());
        Assert.Equal(600, workers.Sum(w => w.SentCount()));
        Assert.All(workers, w => Assert.True(w.SentCount() > 0, w.Output));   // the work was split
        // The three keep one number's rate together, on Redis's clock: nothing past WhatsApp's throughput. (How evenly three
        // processes on a loaded machine reach the sandbox is the --campaign benchmark's to measure, not a test's to assert.)
        Assert.Equal(0, sandbox.Traffic.PastThroughput);
    }

    [RedisFact]
    public async Task A_worker_killed_mid_run_leaves_the_rest_to_the_others_and_at_most_its_requests_in_flight_unknown()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        string csv = Csv(450);
        string[] Args() => Campaign(sandbox, csv, "--redis", redis.ConnectionString, "--campaign", "killed", "--rate", "100", "--claim-lease", "00:00:03");

        using var doomed = new Worker(Args());
        using var others = new DisposableList<Worker>([new Worker(Args()), new Worker(Args())]);
        await doomed.Progress.WaitAsync(TimeSpan.FromMinutes(2));
        doomed.Kill();
        foreach (Worker worker in others) Assert.InRange(await worker.ExitAsync(), 0, 1);

        using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        CampaignStatus status = await new RedisCampaignLedger(connection).GetStatusAsync("killed", TimeSpan.Zero, default);
        List<string> sent = Sent(sandbox);
        Assert.Equal(sent.Count, sent.Distinct().Count());                                    // nobody twice
        string counts = string.Join(", ", Enum.GetValues<CampaignState>().Select(s => $"{s} {status[s]}"));
        Assert.True(450 == status[CampaignState.Sent] + status[CampaignState.Unknown], counts);   // the others finished the rest
        Assert.InRange(status[CampaignState.Unknown], 0, 4);                                   // at most the dead one's requests in flight
        Assert.Equal(status[CampaignState.Sent], status.Total - status.StaleUnknown.Count);
        Assert.True(sent.Count >= status[CampaignState.Sent]);
    }

    [RedisFact]
    public async Task Redis_restarted_mid_campaign_with_aof_sends_nobody_twice()
    {
        await using RedisServer redis = await RedisServer.StartAsync(appendOnly: true);
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        string csv = Csv(300);
        string[] Args() => Campaign(sandbox, csv, "--redis", redis.ConnectionString, "--campaign", "restart", "--rate", "100", "--claim-lease", "00:00:03");

        using (var workers = new DisposableList<Worker>([new Worker(Args()), new Worker(Args())]))
        {
            await Task.WhenAny(workers.Select(w => w.Progress)).Unwrap().WaitAsync(TimeSpan.FromMinutes(2));
            await redis.RestartAsync(TimeSpan.FromMilliseconds(300));   // SIGKILL: only the AOF (fsync always) brings the rows back
            foreach (Worker worker in workers) await worker.ExitAsync();
        }
        // A worker that lost Redis stopped; one more run finishes what is left.
        using (var last = new Worker(Args())) await last.ExitAsync();

        using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        CampaignStatus status = await new RedisCampaignLedger(connection).GetStatusAsync("restart", TimeSpan.Zero, default);
        List<string> sent = Sent(sandbox);
        Assert.Equal(sent.Count, sent.Distinct().Count());                                    // nobody twice
        // Nobody lost: each is sent, or unknown. Which are unknown depends on what was in flight to Redis when it died (a
        // mark fsynced whose answer never came, results whose record failed), and each of those is never sent again.
        Assert.Equal(300, status[CampaignState.Sent] + status[CampaignState.Unknown]);
        Assert.All(status.StaleUnknown, row => Assert.NotNull(row.RefId));
    }

    private sealed class DisposableList<T>(List<T> items) : List<T>(items), IDisposable where T : IDisposable
    {
        public void Dispose()
        {
            foreach (T item in this) item.Dispose();
        }
    }
}
