using System.Net;
using System.Text;
using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Limits;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>SendManyAsync against the sandbox over HTTP: packing, concurrency, pacing, each outcome, cancellation.</summary>
public class BulkSendTests
{
    private static readonly BulkSendOptions Options = new() { PlatformId = "platform", PlatformPartnerId = "partner", Source = "+46700000000" };

    private static WhatsAppClient Client(LinkSandbox sandbox, HttpMessageHandler? handler = null, Action<WhatsAppClientOptions>? configure = null, string password = "sandbox")
    {
        var options = new WhatsAppClientOptions { BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = password, AllowInsecureHttp = true, ValidateTemplates = false };
        configure?.Invoke(options);
        return new WhatsAppClient(new HttpClient(handler ?? WhatsAppClient.CreateHandler()), options);
    }

    private static Message Text(string body) => new TextMessage { Text = new() { Body = body } };

    private static string Number(int i) => $"+4670{i:0000000}";

    private static async IAsyncEnumerable<BulkMessage> Recipients(int count, Func<int, Message> message)
    {
        for (int i = 1; i <= count; i++) yield return new BulkMessage(Number(i), message(i)) { Key = i.ToString() };
        await Task.CompletedTask;
    }

    private static async Task<List<BulkResult>> AllAsync(IAsyncEnumerable<BulkResult> results)
    {
        var all = new List<BulkResult>();
        await foreach (BulkResult result in results) all.Add(result);
        return all;
    }

    [Fact]
    public async Task Identical_messages_are_packed_into_requests_of_at_most_the_maximum_and_each_recipient_gets_its_message_id()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var options = new BulkSendOptions { PlatformId = "platform", PlatformPartnerId = "partner", Source = "+46700000000", MaxDestinationsPerRequest = 100 };

        List<BulkResult> results = await AllAsync(Client(sandbox).SendManyAsync(Recipients(250, _ => Text("Our shop opens at 9")), options));

        Assert.Equal(250, results.Count);
        Assert.All(results, r => Assert.Equal(BulkOutcome.Sent, r.Outcome));
        Assert.Equal(250, results.Select(r => r.MessageId).Distinct().Count());
        Assert.Equal([50, 100, 100], sandbox.ReceivedRequests.Select(r => r.Destinations.Count).Order());
        // Each result's message id is its destination's in the request it went in.
        foreach (BulkResult result in results)
        {
            MessageRequest request = sandbox.ReceivedRequests.Single(r => r.RefId == result.RefId);
            Assert.Contains(result.Message.Destination, request.Destinations);
        }
    }

    [Fact]
    public async Task Different_messages_go_in_their_own_requests_never_more_in_flight_than_the_maximum()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var counting = new InFlightHandler(WhatsAppClient.CreateHandler());
        var options = new BulkSendOptions { PlatformId = "p", PlatformPartnerId = "pp", Source = "+46700000000", MaxConcurrency = 3 };

        List<BulkResult> results = await AllAsync(Client(sandbox, counting).SendManyAsync(Recipients(60, i => Text($"Your code is {i}")), options));

        Assert.All(results, r => Assert.Equal(BulkOutcome.Sent, r.Outcome));
        Assert.Equal(60, sandbox.ReceivedRequests.Count);
        Assert.InRange(counting.MostInFlight, 1, 3);
    }

    [Fact]
    public async Task A_bad_recipient_is_refused_alone_and_its_neighbours_are_sent()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        async IAsyncEnumerable<BulkMessage> Mixed()
        {
            yield return new BulkMessage(Number(1), Text("Hello"));
            yield return new BulkMessage("not a number", Text("Hello")) { Key = "bad" };
            yield return new BulkMessage(Number(2), Text("Hello"));
            await Task.CompletedTask;
        }

        List<BulkResult> results = await AllAsync(Client(sandbox).SendManyAsync(Mixed(), Options));

        BulkResult bad = Assert.Single(results, r => r.Message.Key == "bad");
        Assert.Equal(BulkOutcome.Refused, bad.Outcome);
        Assert.Equal(BulkRefusal.Validation, bad.Refusal);
        Assert.Contains("LMWA1008", bad.Reason);
        Assert.Equal(2, results.Count(r => r.Outcome == BulkOutcome.Sent));
        Assert.Equal([Number(1), Number(2)], sandbox.ReceivedRequests.SelectMany(r => r.Destinations).Order());
    }

    [Fact]
    public async Task A_template_message_that_does_not_fit_the_templates_is_refused_as_a_template_problem()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        TemplateRegistry templates = TemplateFile.Parse("""
            [{ "name": "order_update", "language": "en_US", "status": "APPROVED", "namespace": "shop",
               "components": [{ "type": "BODY", "text": "Order {{1}} is on its way" }] }]
            """).Templates;
        WhatsAppClient client = Client(sandbox, configure: o => { o.ValidateTemplates = true; o.Templates = templates; });
        Message Template(params string[] parameters) => new TemplateMessage
        {
            Template = new()
            {
                Namespace = "shop", Name = "order_update", Language = new() { Code = "en_US" },
                Components = [new() { Type = ComponentType.Body, Parameters = [.. parameters.Select(p => (Parameter)new TextParameter { Text = p })] }],
            },
        };
        async IAsyncEnumerable<BulkMessage> Two()
        {
            yield return new BulkMessage(Number(1), Template("A-1"));
            yield return new BulkMessage(Number(2), Template("A-2", "too many")) { Key = "wrong" };
            await Task.CompletedTask;
        }

        List<BulkResult> results = await AllAsync(client.SendManyAsync(Two(), Options));

        BulkResult wrong = Assert.Single(results, r => r.Message.Key == "wrong");
        Assert.Equal(BulkRefusal.Template, wrong.Refusal);
        Assert.Contains("LMWA1204", wrong.Reason);
        Assert.Single(results, r => r.Outcome == BulkOutcome.Sent);
    }

    [Fact]
    public async Task Past_the_tier_only_the_new_recipients_beyond_it_are_refused()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, configure: o => { o.Limits.Enabled = true; o.Limits.Tier = (MessagingTier)2; });
        Message template = new TemplateMessage { Template = new() { Namespace = "shop", Name = "sale", Language = new() { Code = "en_US" }, Components = [] } };

        List<BulkResult> results = await AllAsync(client.SendManyAsync(Recipients(3, _ => template), Options));

        Assert.Equal(2, results.Count(r => r.Outcome == BulkOutcome.Sent));
        BulkResult refused = Assert.Single(results, r => r.Outcome == BulkOutcome.Refused);
        Assert.Equal(BulkRefusal.Limit, refused.Refusal);
        Assert.Equal(2, sandbox.ReceivedRequests.Sum(r => r.Destinations.Count));
        Assert.DoesNotContain(refused.Message.Destination, sandbox.ReceivedRequests.SelectMany(r => r.Destinations));
    }

    [Fact]
    public async Task A_recipient_whose_window_is_closed_is_refused_alone_and_the_rest_of_its_request_goes()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var windows = new Conversations.InMemoryConversationWindowStore();
        await windows.RecordInboundAsync(Number(1), DateTimeOffset.UtcNow, CancellationToken.None);
        await windows.RecordInboundAsync(Number(3), DateTimeOffset.UtcNow, CancellationToken.None);
        WhatsAppClient client = Client(sandbox, configure: o => { o.ConversationWindow = Conversations.ConversationWindowCheck.Refuse; o.ConversationWindows = windows; });

        List<BulkResult> results = await AllAsync(client.SendManyAsync(Recipients(3, _ => Text("Thanks for writing")), Options));

        BulkResult closed = Assert.Single(results, r => r.Outcome == BulkOutcome.Refused);
        Assert.Equal((Number(2), BulkRefusal.Window), (closed.Message.Destination, closed.Refusal));
        Assert.Equal([Number(1), Number(3)], sandbox.ReceivedRequests.SelectMany(r => r.Destinations).Order());
    }

    [Fact]
    public async Task When_sends_do_not_wait_a_recipient_with_no_permit_is_retryable_after_the_limit_s_wait()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, configure: o =>
        {
            o.Limits.Enabled = true; o.Limits.PairBurst = 1; o.Limits.PairInterval = TimeSpan.FromHours(1); o.Limits.WhenLimited = WhenLimited.Fail;
        });
        async IAsyncEnumerable<BulkMessage> Twice()
        {
            yield return new BulkMessage(Number(1), Text("First"));
            yield return new BulkMessage(Number(1), Text("Second"));
            await Task.CompletedTask;
        }

        List<BulkResult> results = await AllAsync(client.SendManyAsync(Twice(), new BulkSendOptions { PlatformId = "p", PlatformPartnerId = "pp", Source = "+46700000000", MaxConcurrency = 1 }));

        Assert.Single(results, r => r.Outcome == BulkOutcome.Sent);
        // Not sent, and sendable as it is once the limit has a permit: retryable, with when.
        BulkResult refused = Assert.Single(results, r => r.Outcome == BulkOutcome.Retryable);
        Assert.Null(refused.Refusal);
        // The pair's next turn, an hour after the first send: less the time since it.
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Contains("pair rate", refused.Reason);
        Assert.Single(sandbox.ReceivedRequests);
    }

    [Fact]
    public async Task An_account_refusal_stops_the_send_and_no_connection_is_retryable_per_recipient_and_nothing_is_sent()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        // A wrong password refuses every request: the recipients in flight are retryable, then the send stops with the 401.
        var refused = new List<BulkResult>();
        var stopped = await Assert.ThrowsAsync<WhatsAppApiException>(async () =>
        {
            await foreach (BulkResult result in Client(sandbox, password: "wrong").SendManyAsync(Recipients(3, _ => Text("Hi")), Options)) refused.Add(result);
        });
        Assert.Equal(401, stopped.StatusCode);
        Assert.Equal(3, refused.Count);
        Assert.All(refused, r => { Assert.Equal(BulkOutcome.Retryable, r.Outcome); Assert.Equal(ResultCodes.Unauthorized, r.ResultCode); Assert.Equal(401, r.StatusCode); });

        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var nowhere = new WhatsAppClient(new HttpClient(), new WhatsAppClientOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/whatsapp-message"), Username = "u", Password = "p", AllowInsecureHttp = true, MaxRetries = 0,
        });
        List<BulkResult> unreachable = await AllAsync(nowhere.SendManyAsync(Recipients(3, _ => Text("Hi")), Options));
        Assert.All(unreachable, r => Assert.Equal(BulkOutcome.Retryable, r.Outcome));
        Assert.Empty(sandbox.ReceivedRequests);
    }

    [Fact]
    public async Task An_answer_lost_after_the_request_went_out_is_an_unknown_outcome_with_its_ref_id_and_is_never_sent_again()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var losing = new LosingHandler(WhatsAppClient.CreateHandler(), Number(2));

        List<BulkResult> results = await AllAsync(Client(sandbox, losing).SendManyAsync(Recipients(3, i => Text($"Code {i}")), Options));

        BulkResult unknown = Assert.Single(results, r => r.Outcome == BulkOutcome.Unknown);
        Assert.Equal(Number(2), unknown.Message.Destination);
        Assert.Equal(sandbox.ReceivedRequests.Single(r => r.Destinations.Contains(Number(2))).RefId, unknown.RefId);
        Assert.Equal(3, sandbox.ReceivedRequests.Count);   // the lost one went out once, and only once
    }

    [Fact]
    public async Task Canceling_stops_cleanly_reporting_every_recipient_that_was_sent_and_none_that_was_not()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, configure: o => { o.Limits.Enabled = true; o.Limits.MessagesPerSecond = 20; });
        var recorded = new List<string>();
        var options = new BulkSendOptions
        {
            PlatformId = "p", PlatformPartnerId = "pp", Source = "+46700000000",
            BeforeSending = (sending, _) => { lock (recorded) recorded.AddRange(sending.Recipients.Select(r => r.Destination)); return ValueTask.CompletedTask; },
        };
        using var cancel = new CancellationTokenSource();
        var results = new List<BulkResult>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (BulkResult result in client.SendManyAsync(Recipients(400, i => Text($"Code {i}")), options, cancel.Token))
            {
                results.Add(result);
                if (results.Count == 10) cancel.Cancel();
            }
        });

        var sent = sandbox.ReceivedRequests.SelectMany(r => r.Destinations).ToList();
        Assert.InRange(sent.Count, 10, 399);   // paced at 20 a second: 400 take 20 seconds
        Assert.Equal(sent.Order(), results.Where(r => r.Outcome == BulkOutcome.Sent).Select(r => r.Message.Destination).Order());
        Assert.Equal(sent.Order(), recorded.Order());   // each was recorded before it was sent; none recorded was left unsent
    }

    [Fact]
    public async Task Leaving_the_results_early_stops_the_send()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, configure: o => { o.Limits.Enabled = true; o.Limits.MessagesPerSecond = 20; });

        await foreach (BulkResult result in client.SendManyAsync(Recipients(400, i => Text($"Code {i}")), Options))
        {
            break;
        }
        int sent = sandbox.ReceivedRequests.Count;

        Assert.InRange(sent, 1, 399);
        Assert.Equal(sent, sandbox.ReceivedRequests.Count);
    }

    /// <summary>Counts requests in flight at once.</summary>
    private sealed class InFlightHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _inFlight, _most;

        public int MostInFlight => Volatile.Read(ref _most);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref _inFlight);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>Loses the answer to a request for one destination, after the sandbox took it: the connection broke on the way back.</summary>
    private sealed class LosingHandler(HttpMessageHandler inner, string destination) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = await request.Content!.ReadAsStringAsync(cancellationToken);
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (!body.Contains(destination, StringComparison.Ordinal)) return response;
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        }
    }
}
