using LinkMobility.WhatsApp.Testing;
using System.Net;
using LinkMobility.WhatsApp.Sandbox;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>The sandbox's callbacks: event reports after a send, inbound messages on demand, webhooks that fail.</summary>
public class SandboxTests
{
    private static WhatsAppClient Client(LinkSandbox sandbox) =>
        new(new HttpClient(), new WhatsAppClientOptions { BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true });

    /// <summary>A callback receiver, and a sandbox whose gate-1 posts to it.</summary>
    private static async Task<(Receiver Receiver, LinkSandbox Sandbox)> StartAsync(Action<LinkSandboxOptions>? configure = null)
    {
        Receiver receiver = await Receiver.StartAsync();
        var options = new LinkSandboxOptions();
        options.Gates["gate-1"] = receiver.Url;
        configure?.Invoke(options);
        return (receiver, await LinkSandbox.StartAsync(options));
    }

    private static MessageRequest Request(params string[] destinations)
    {
        MessageRequest request = ClientTests.Request(destinations);
        request.EventReportGates = ["gate-1"];
        request.Messages.Add(new ImageMessage { Image = new() { Link = "https://example.com/a.png" } });
        return request;
    }

    [Fact]
    public async Task Every_message_to_every_destination_is_reported_sent_then_delivered()
    {
        var (receiver, sandbox) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;

        MessageResponse response = await Client(sandbox).SendAsync(Request("+46700000001", "+46700000002"));
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20));

        var reports = receiver.Recorder.Seen.Cast<EventReport>().ToList();
        Assert.Equal(8, reports.Count); // 2 destinations × 2 messages × (sent, delivered)
        foreach (string id in response.MessageIds!)
        {
            foreach (int index in new[] { 0, 1 })
            {
                Assert.Equal([ResultCodes.Sent, ResultCodes.Delivered],
                    reports.Where(r => r.MessageId == id && r.MessageIndex == index).Select(r => r.ResultCode!.Value));
            }
        }
        Assert.All(reports, r => Assert.Equal("order-42", r.RefId));
        Assert.Empty(sandbox.UndeliverableCallbacks);
    }

    [Fact]
    public async Task Many_senders_at_once_get_every_delivery_report_exactly_once()
    {
        var (receiver, sandbox) = await StartAsync(o => { o.DeliveryDelay = TimeSpan.FromMilliseconds(5); });
        await using var _ = receiver;
        await using var __ = sandbox;
        using var http = new HttpClient();
        var client = new WhatsAppClient(http, new WhatsAppClientOptions { BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true });

        // 25 senders at once, each to 2 destinations with 2 messages: 100 message-destination pairs, each sent then delivered.
        MessageResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(i =>
        {
            MessageRequest request = Request($"+4670000{i:D4}", $"+4671000{i:D4}");
            request.RefId = $"order-{i}";
            return client.SendAsync(request);
        }));
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(60));

        var reports = receiver.Recorder.Seen.Cast<EventReport>().ToList();
        Assert.Equal(200, reports.Count);
        Assert.Equal(200, reports.Select(r => (r.MessageId, r.MessageIndex, r.ResultCode)).Distinct().Count());
        Assert.All(responses.SelectMany(r => r.MessageIds!), id => Assert.Equal(4, reports.Count(r => r.MessageId == id)));
        Assert.Empty(sandbox.UndeliverableCallbacks);
    }

    [Fact]
    public async Task A_configured_number_fails_with_its_result_code()
    {
        var (receiver, sandbox) = await StartAsync(o => { o.FailingDestinations["+46700000009"] = ResultCodes.InvalidContact; });
        await using var _ = receiver;
        await using var __ = sandbox;

        MessageResponse response = await Client(sandbox).SendAsync(Request("+46700000009"));
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20));

        var reports = receiver.Recorder.Seen.Cast<EventReport>().ToList();
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal((response.MessageIds![0], ResultCodes.InvalidContact), (r.MessageId!, r.ResultCode!.Value)));
        Assert.Equal(ResultCodeOutcome.Failure, ResultCodes.Find(reports[0].ResultCode!.Value)!.Outcome);
    }

    [Fact]
    public async Task A_failing_webhook_is_tried_again_and_nothing_is_lost()
    {
        var (receiver, sandbox) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;
        receiver.Recorder.FailNext = 1; // the first event report's handler throws: the endpoint answers 500

        await Client(sandbox).SendAsync(Request("+46700000001"));
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(4, receiver.Recorder.Seen.Count);
        Assert.Equal(4, sandbox.DeliveredCallbacks.Count);
        Assert.Contains(sandbox.DeliveredCallbacks, c => c.Attempts == 2);
        Assert.Empty(sandbox.UndeliverableCallbacks);
    }

    [Fact]
    public async Task Waiting_past_the_timeout_returns_false_with_what_is_left_instead_of_throwing()
    {
        var (receiver, sandbox) = await StartAsync(o => o.DeliveryDelay = TimeSpan.FromSeconds(2));
        await using var _ = receiver;
        await using var __ = sandbox;

        await Client(sandbox).SendAsync(Request("+46700000001"));
        Assert.False(await sandbox.WaitForCallbacksAsync(TimeSpan.FromMilliseconds(100)));
        // Left: the request's reports, and the "sent" report's post while it is still on its way (a loaded machine).
        Assert.InRange(sandbox.PendingCallbacks, 1, 2);
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20), canceled.Token));
    }

    [Fact]
    public async Task Inbound_messages_are_sent_on_demand_with_their_reply_context()
    {
        var (receiver, sandbox) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;

        await sandbox.SendReceiveMessageAsync("gate-1", LinkSandbox.TextFrom("+46700000001", "+46700000000", "Where is my order?"));
        await sandbox.SendReceiveMessageAsync("gate-1", LinkSandbox.ButtonFrom("+46700000001", "+46700000000", "Track", "track-42", replyTo: "template-message-id"));

        await sandbox.SendReceiveMessageAsync("gate-1", LinkSandbox.MediaFrom("+46700000001", "+46700000000", "image/jpeg", new Uri("https://example.com/parcel.jpg"), "Broken box"));
        await sandbox.SendAlternativeReceiveMessageAsync("gate-1", LinkSandbox.AlternativeTextFrom("+46700000001", "+46700000000", "Thanks"));

        var messages = receiver.Recorder.Seen.OfType<ReceiveMessage>().ToList();
        Assert.Equal("Where is my order?", Assert.IsType<ReceiveTextMessage>(messages[0].Content!.Message).Text);
        Assert.Equal(("image/jpeg", "Broken box"), (Assert.IsType<ReceiveMediaMessage>(messages[2].Content!.Message).Media!.Type!, ((ReceiveMediaMessage)messages[2].Content!.Message!).Media!.Caption!));
        Assert.Equal("Thanks", Assert.IsType<AlternativeTextContent>(receiver.Recorder.Seen.OfType<AlternativeReceiveMessage>().Single().Content).Data);
        var button = Assert.IsType<ReceiveButtonMessage>(messages[1].Content!.Message);
        Assert.Equal(("track-42", "template-message-id"), (button.Button!.Payload!, button.Context!.MessageId!));
    }

    [Fact]
    public async Task What_the_sandbox_received_and_posted_can_be_read_over_http()
    {
        var (receiver, sandbox) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;
        await Client(sandbox).SendAsync(Request("+46700000001"));
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20));

        using var http = new HttpClient();
        var root = new Uri(sandbox.BaseUrl, "/sandbox/");
        using var requests = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(root, "requests")));
        Assert.Equal("order-42", requests.RootElement[0].GetProperty("refId").GetString());
        using var callbacks = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(root, "callbacks")));
        Assert.Equal(4, callbacks.RootElement.GetProperty("delivered").GetArrayLength());
        Assert.Equal(112003, callbacks.RootElement.GetProperty("delivered")[3].GetProperty("body").GetProperty("resultCode").GetInt32());
        Assert.Equal(0, callbacks.RootElement.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task A_callback_for_a_gate_without_a_webhook_is_kept_as_undeliverable()
    {
        await using var sandbox = await LinkSandbox.StartAsync();
        await sandbox.SendReceiveMessageAsync("no-such-gate", LinkSandbox.TextFrom("+46700000001", "+46700000000", "hi"));
        DeliveredCallback kept = Assert.Single(sandbox.UndeliverableCallbacks);
        Assert.Equal(("no-such-gate", "no such gate"), (kept.GateId, kept.Failure!));
        Assert.Equal(CallbackKind.ReceiveMessage, kept.Read().Kind);
    }
}
