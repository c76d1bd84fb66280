using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Campaigns;
using LinkMobility.WhatsApp.Redis;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>RunCampaignAsync against the sandbox over HTTP: retries that are safe, an account refused mid-run, pacing, and reports.</summary>
public sealed class CampaignRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("linkwa-campaign-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Number(int i) => $"+4672{i:0000000}";

    /// <summary>Each recipient a message of its own, so each is a request of its own.</summary>
    private static async IAsyncEnumerable<BulkMessage> Recipients(int count)
    {
        for (int i = 1; i <= count; i++) yield return new BulkMessage(Number(i), new TextMessage { Text = new() { Body = $"Your code is {i}" } }) { Key = i.ToString() };
        await Task.CompletedTask;
    }

    private static WhatsAppClient Client(LinkSandbox sandbox, int rate = 1000, int maxRetries = 2) => new(new HttpClient(WhatsAppClient.CreateHandler()), new WhatsAppClientOptions
    {
        BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true, MaxRetries = maxRetries,
        Limits = { Enabled = true, MessagesPerSecond = rate },
    });

    private static Campaign Campaign(string id, IReadOnlyList<string>? gates = null) => new()
    {
        Id = id,
        Send = new BulkSendOptions { PlatformId = "p", PlatformPartnerId = "pp", Source = "+4670000000", MaxConcurrency = 4, EventReportGates = gates },
    };

    private static async Task<List<CampaignResult>> RunAsync(WhatsAppClient client, Campaign campaign, int count, ICampaignLedger ledger)
    {
        var results = new List<CampaignResult>();
        await foreach (CampaignResult result in client.RunCampaignAsync(campaign, Recipients(count), ledger)) results.Add(result);
        return results;
    }

    private static List<string> Sent(LinkSandbox sandbox) => [.. sandbox.ReceivedRequests.SelectMany(r => r.Destinations)];

    [Fact]
    public async Task Requests_refused_with_503_or_429_and_Retry_After_are_sent_again_once()
    {
        int refused = 0;
        // Ten of the first forty requests are refused before LINK takes them; their retries come a second later, past them.
        var options = new LinkSandboxOptions
        {
            Refusals = n => n <= 40 && n % 4 == 2 && Interlocked.Increment(ref refused) > 0 ? new SandboxRefusal(n % 8 == 2 ? 503 : 429, TimeSpan.FromSeconds(1)) : null,
        };
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);

        List<CampaignResult> results = await RunAsync(Client(sandbox, rate: 200, maxRetries: 5), Campaign("retries"), 100, new CampaignFileLedger(Path.Combine(_directory, "ledger.csv")));

        Assert.Equal(10, refused);
        Assert.All(results, r => Assert.Equal(CampaignState.Sent, r.State));
        Assert.Equal(Enumerable.Range(1, 100).Select(Number).Order(), Sent(sandbox).Order());   // each once
    }

    [Fact]
    public async Task Refusals_left_retryable_by_one_run_are_sent_by_the_next_and_nothing_twice()
    {
        var options = new LinkSandboxOptions { Refusals = n => n <= 30 && n % 3 == 0 ? new SandboxRefusal(503, TimeSpan.FromSeconds(1)) : null };
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        var ledger = new CampaignFileLedger(Path.Combine(_directory, "ledger.csv"));

        // No retries in the client: a 503 is proven not sent, so the recipient is retryable, not failed.
        List<CampaignResult> first = await RunAsync(Client(sandbox, maxRetries: 0), Campaign("retryable"), 60, ledger);
        var retryable = first.Where(r => r.State == CampaignState.Retryable).ToList();
        Assert.Equal(10, retryable.Count);
        Assert.All(retryable, r => Assert.Equal(503, r.Result!.StatusCode));
        Assert.Equal(10, (await ledger.GetStatusAsync("retryable", TimeSpan.Zero, default))[CampaignState.Retryable]);

        List<CampaignResult> second = await RunAsync(Client(sandbox), Campaign("retryable"), 60, ledger);
        Assert.Equal(10, second.Count(r => r.Result is not null && r.State == CampaignState.Sent));
        Assert.Equal(50, second.Count(r => r.Skipped == CampaignSkip.Recorded));
        Assert.Equal(Enumerable.Range(1, 60).Select(Number).Order(), Sent(sandbox).Order());
        Assert.Equal(60, (await ledger.GetStatusAsync("retryable", TimeSpan.Zero, default))[CampaignState.Sent]);
    }

    [Fact]
    public async Task An_account_refused_from_the_201st_request_stops_the_campaign_and_a_run_after_the_fix_sends_the_rest_once()
    {
        bool passwordChanged = true;
        var options = new LinkSandboxOptions { Refusals = n => n >= 201 && Volatile.Read(ref passwordChanged) ? new SandboxRefusal(401) : null };
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        var ledger = new CampaignFileLedger(Path.Combine(_directory, "ledger.csv"));

        var results = new List<CampaignResult>();
        var stopped = await Assert.ThrowsAsync<CampaignStoppedException>(async () =>
        {
            await foreach (CampaignResult result in Client(sandbox, rate: 500).RunCampaignAsync(Campaign("account"), Recipients(400), ledger)) results.Add(result);
        });
        Assert.Contains("401", stopped.Message);
        Assert.Contains("--resume", stopped.Message);
        Assert.Equal(200, Sent(sandbox).Count);
        CampaignStatus afterStop = await ledger.GetStatusAsync("account", TimeSpan.Zero, default);
        // At most the requests in flight (MaxConcurrency, one recipient each) met the 401; none is lost or unknown.
        Assert.InRange(afterStop[CampaignState.Retryable], 1, 4);
        Assert.Equal(afterStop[CampaignState.Retryable], results.Count(r => r.State == CampaignState.Retryable));
        Assert.Equal(0, afterStop[CampaignState.Unknown] + afterStop[CampaignState.Sending] + afterStop[CampaignState.Claimed]);

        Volatile.Write(ref passwordChanged, false);
        await RunAsync(Client(sandbox), Campaign("account"), 400, ledger);
        Assert.Equal(Enumerable.Range(1, 400).Select(Number).Order(), Sent(sandbox).Order());
        Assert.Equal(400, (await ledger.GetStatusAsync("account", TimeSpan.Zero, default))[CampaignState.Sent]);
    }

    [Fact]
    public async Task No_second_at_the_sandbox_holds_more_messages_than_the_rate()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        // A message every 53 ms: a request would have to reach the sandbox about 60 ms later than its turn to crowd a second.
        const int Rate = 20;

        await RunAsync(Client(sandbox, rate: Rate), Campaign("paced"), 70, new CampaignFileLedger(Path.Combine(_directory, "ledger.csv")));

        SandboxTraffic traffic = sandbox.Traffic;
        Assert.Equal(70, traffic.Messages);
        // At most the rate; how close to it the campaign runs is the --campaign benchmark's (a loaded machine sends fewer).
        Assert.InRange(traffic.BusiestSecond, 1, Rate);
    }

    [Fact]
    public async Task A_file_ledger_held_by_a_run_refuses_a_second_one_and_a_torn_last_row_is_dropped()
    {
        string path = Path.Combine(_directory, "ledger.csv");
        var ledger = new CampaignFileLedger(path);
        await using (ICampaignLedgerSession first = await ledger.OpenAsync("c", "one", default))
        {
            var busy = await Assert.ThrowsAsync<CampaignLedgerBusyException>(async () => await new CampaignFileLedger(path).OpenAsync("c", "two", default));
            Assert.Contains("in use by another run", busy.Message);
            Assert.True((await first.ClaimAsync(["+46720000001", "+46720000002", "+46720000001"], TimeSpan.FromMinutes(1), default))
                .Select(c => (c.Claimed, c.Mine)).SequenceEqual([(true, true), (true, true), (false, true)]));
            Assert.Empty(await first.MarkSendingAsync("c.1", ["+46720000001"], TimeSpan.FromMinutes(1), default));
            await first.RecordAsync([new CampaignOutcome("+46720000001", CampaignState.Refused) { RefId = "c.1", Reason = "a reason, with \"quotes\"" }], default);
            Assert.Empty(await first.MarkSendingAsync("c.2", ["+46720000002"], TimeSpan.FromMinutes(1), default));
        }
        // A crash mid-write: half a row at the end of the file.
        await File.AppendAllTextAsync(path, "+46720000003,sending,c.3,,1");

        await using (ICampaignLedgerSession second = await ledger.OpenAsync("c", "two", default))
        {
            IReadOnlyList<CampaignRow?> rows = await second.ReadAsync(["+46720000001", "+46720000002", "+46720000003"], default);
            Assert.Equal(CampaignState.Refused, rows[0]!.State);
            Assert.Equal(CampaignState.Unknown, rows[1]!.State);   // left sending by the run that stopped: never sent again
            Assert.Null(rows[2]);                                    // the torn row's request had not left
            Assert.True((await second.ClaimAsync(["+46720000002", "+46720000003"], TimeSpan.FromMinutes(1), default))
                .Select(c => c.Claimed).SequenceEqual([false, true]));
        }
        Dictionary<string, CampaignRow> read = CampaignFileLedger.Read(path, out _);
        Assert.Equal("a reason, with \"quotes\"", read["+46720000001"].Reason);
        Assert.All(File.ReadAllLines(path).Skip(1), line => Assert.StartsWith("+4672", line));
    }

    [RedisFact]
    public async Task Concurrent_claims_on_redis_give_each_recipient_to_one_worker()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var ledger = new RedisCampaignLedger(redis);
        string[] recipients = [.. Enumerable.Range(1, 500).Select(Number)];

        var sessions = await Task.WhenAll(Enumerable.Range(0, 6).Select(w => ledger.OpenAsync("race", $"worker-{w}", default).AsTask()));
        var claims = await Task.WhenAll(sessions.Select(s => Task.Run(async () =>
        {
            var mine = new List<string>();
            foreach (string[] chunk in recipients.Chunk(25)) mine.AddRange((await s.ClaimAsync(chunk, TimeSpan.FromMinutes(1), default)).Where(c => c.Claimed).Select(c => c.Recipient));
            return mine;
        })));

        Assert.Equal(recipients.Order(), claims.SelectMany(c => c).Order());   // every one claimed, by exactly one
        // A claim another worker holds cannot be marked sending: it is lost to that worker.
        int holder = Array.FindIndex(claims, c => c.Count > 0);
        string taken = claims[holder][0];
        Assert.Equal([taken], await sessions[(holder + 1) % sessions.Length].MarkSendingAsync("race.x.1", [taken], TimeSpan.FromMinutes(1), default));
        Assert.Empty(await sessions[holder].MarkSendingAsync("race.y.1", [taken], TimeSpan.FromMinutes(1), default));
    }

    [RedisFact]
    public async Task A_report_that_comes_between_the_mark_and_the_record_is_kept_on_redis()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var ledger = new RedisCampaignLedger(redis);
        await using ICampaignLedgerSession session = await ledger.OpenAsync("early", "worker", default);
        string[] recipients = [Number(1), Number(2)];
        await session.ClaimAsync(recipients, TimeSpan.FromMinutes(1), default);
        Assert.Empty(await session.MarkSendingAsync("early.a1b2c3.1", [Number(1)], TimeSpan.FromMinutes(1), default));
        Assert.Empty(await session.MarkSendingAsync("early.a1b2c3.2", [Number(2)], TimeSpan.FromMinutes(1), default));

        // The delivery report of the first request overtakes its answer: the record that follows must not write over it.
        Assert.True(await ledger.RecordReportAsync(new EventReport { MessageId = "m-1", RefId = "early.a1b2c3.1", ResultCode = ResultCodes.Delivered, MessageIndex = 0, MessageType = "text" }, default));
        await session.RecordAsync(
        [
            new CampaignOutcome(Number(1), CampaignState.Sent) { RefId = "early.a1b2c3.1", MessageId = "m-1" },
            new CampaignOutcome(Number(2), CampaignState.Sent) { RefId = "early.a1b2c3.2", MessageId = "m-2" },
        ], default);

        IReadOnlyList<CampaignRow?> rows = await session.ReadAsync(recipients, default);
        Assert.Equal((CampaignState.Delivered, "m-1", 1), (rows[0]!.State, rows[0]!.MessageId, rows[0]!.Attempts));
        Assert.Equal((CampaignState.Sent, "m-2", 1), (rows[1]!.State, rows[1]!.MessageId, rows[1]!.Attempts));
    }

    [RedisFact]
    public async Task Event_reports_move_rows_to_delivered_and_failed_and_an_unknown_row_to_sent()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var ledger = new RedisCampaignLedger(redis);
        await using Receiver receiver = await Receiver.StartAsync(services: s =>
        {
            s.AddSingleton<ICampaignLedger>(ledger);
            s.AddWhatsAppCampaignReports();
        });
        var options = new LinkSandboxOptions { DeliveryDelay = TimeSpan.FromMilliseconds(5) };
        options.Gates["gate"] = receiver.Url;
        options.FailingDestinations[Number(3)] = ResultCodes.InvalidContact;
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);

        await RunAsync(Client(sandbox), Campaign("reports", ["gate"]), 10, ledger);
        Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(30)));

        CampaignStatus status = await ledger.GetStatusAsync("reports", TimeSpan.Zero, default);
        Assert.Equal(9, status[CampaignState.Delivered]);
        Assert.Equal(1, status[CampaignState.Failed]);
        Assert.Equal(10, receiver.Recorder.Seen.OfType<EventReport>().Count(r => r.ResultCode == ResultCodes.Delivered) + 1);   // the handler still sees every report

        // A row whose answer never came: unknown, until a report for its refId says the request was taken.
        await using (ICampaignLedgerSession session = await ledger.OpenAsync("reports", "lost-answer", default))
        {
            await session.ClaimAsync([Number(99)], TimeSpan.FromMinutes(1), default);
            await session.MarkSendingAsync("reports.a1b2c3.1", [Number(99)], TimeSpan.FromMinutes(1), default);
            await session.RecordAsync([new CampaignOutcome(Number(99), CampaignState.Unknown) { RefId = "reports.a1b2c3.1" }], default);
        }
        Assert.Single((await ledger.GetStatusAsync("reports", TimeSpan.Zero, default)).StaleUnknown);
        var report = new EventReport { MessageId = "late-report-0001", RefId = "reports.a1b2c3.1", ResultCode = ResultCodes.Sent, MessageIndex = 0, MessageType = "text" };
        using HttpResponseMessage answer = await receiver.PostAsync(System.Text.Encoding.UTF8.GetString(report.ToUtf8Json()));
        Assert.True(answer.IsSuccessStatusCode);

        status = await ledger.GetStatusAsync("reports", TimeSpan.Zero, default);
        Assert.Equal(0, status[CampaignState.Unknown]);
        Assert.Equal(1, status[CampaignState.Sent]);
    }
}
