using LinkMobility.WhatsApp.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using LinkMobility.WhatsApp.Sandbox;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>Listeners see nothing from other tests while these run.</summary>
[CollectionDefinition("telemetry", DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>OpenTelemetry as a listener sees it: the package's ActivitySource and Meter, no personal data in tags.</summary>
[Collection("telemetry")]
public sealed class TelemetryTests : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TelemetryTests()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WhatsAppTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WhatsAppTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    [Fact]
    public async Task Sends_and_callbacks_are_counted_timed_and_traced_without_phone_numbers()
    {
        await using Scene scene = await Scene.StartAsync();
        var (receiver, sandbox, client) = (scene.Receiver, scene.Sandbox, scene.Client);

        MessageRequest request = ClientTests.Request("+46700000001");
        request.EventReportGates = ["gate-1"];
        MessageResponse response = await client.SendAsync(request);
        Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20)));
        MessageRequest invalid = ClientTests.Request("12");
        await Assert.ThrowsAsync<WhatsAppValidationException>(() => client.SendAsync(invalid));
        using (HttpResponseMessage again = await receiver.PostAsync(System.Text.Encoding.UTF8.GetString(sandbox.DeliveredCallbacks[0].Json))) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using (HttpResponseMessage bad = await receiver.PostAsync("{ nope")) Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var sends = _measurements.Where(m => m.Instrument == "linkmobility.whatsapp.sends").ToList();
        Assert.Contains(sends, m => Equals(m.Tags["outcome"], "sent") && Equals(m.Tags["result_code"], ResultCodes.Queued));
        Assert.Contains(sends, m => Equals(m.Tags["outcome"], "refused") && Equals(m.Tags["error.type"], "invalid"));
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "linkmobility.whatsapp.send.duration"));
        var callbacks = _measurements.Where(m => m.Instrument == "linkmobility.whatsapp.callbacks").ToList();
        Assert.Equal(2, callbacks.Count(m => Equals(m.Tags["kind"], "event_report") && Equals(m.Tags["outcome"], "handled")));
        Assert.Single(callbacks, m => Equals(m.Tags["outcome"], "duplicate"));
        Assert.Single(callbacks, m => Equals(m.Tags["outcome"], "malformed"));
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "linkmobility.whatsapp.callback.duration"));

        Activity send = Assert.Single(_stopped, a => a.OperationName == "send" && Equals(a.GetTagItem("linkmobility.whatsapp.outcome"), "sent"));
        Assert.Equal(response.MessageIds![0], send.GetTagItem("linkmobility.whatsapp.message_ids"));   // ids on activities only
        Assert.Contains(_stopped, a => a.OperationName == "process" && Equals(a.GetTagItem("linkmobility.whatsapp.message_id"), response.MessageIds[0]));

        // No phone number, no message text, no message id in any metric tag; no phone number on any activity. The numbers
        // are matched whole ("4670000000", the digits both share): a random 22-character message id can hold "4670".
        const string Numbers = "4670000000";
        Assert.Contains(Numbers, request.Source);
        Assert.All(request.Destinations, d => Assert.Contains(Numbers, d));
        var metricValues = _measurements.SelectMany(m => m.Tags.Values).Select(v => v?.ToString() ?? "").ToList();
        Assert.DoesNotContain(metricValues, v => v.Contains(Numbers) || v.Contains(response.MessageIds[0]));
        Assert.DoesNotContain(_stopped.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? ""), v => v.Contains(Numbers));
    }

    [Fact]
    public async Task The_OpenTelemetry_SDK_sees_producer_and_consumer_spans_and_metrics_named_by_the_messaging_conventions()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(WhatsAppTelemetry.Name).AddInMemoryExporter(spans).Build())
        using (MeterProvider meters = Sdk.CreateMeterProviderBuilder().AddMeter(WhatsAppTelemetry.Name).AddInMemoryExporter(metrics).Build())
        {
            await using Scene scene = await Scene.StartAsync();
            var (sandbox, client) = (scene.Sandbox, scene.Client);
            MessageRequest one = ClientTests.Request("+46700000001");
            one.EventReportGates = ["gate-1"];
            MessageResponse response = await client.SendAsync(one);
            await client.SendAsync(ClientTests.Request("+46700000002", "+46700000003"));
            Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20)));
            await Assert.ThrowsAsync<WhatsAppApiException>(() => new WhatsAppClient(new HttpClient(WhatsAppClient.CreateHandler()),
                new WhatsAppClientOptions { BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "wrong", AllowInsecureHttp = true }).SendAsync(ClientTests.Request()));

            tracing.ForceFlush();
            meters.ForceFlush();

            Activity sent = Assert.Single(spans, s => s.Kind == ActivityKind.Producer && Equals(s.GetTagItem("messaging.message.id"), response.MessageIds![0]));
            Assert.Equal("send", sent.DisplayName);
            Assert.Equal("whatsapp", sent.GetTagItem("messaging.system"));
            Assert.Equal("send", sent.GetTagItem("messaging.operation.type"));
            Assert.Equal("send", sent.GetTagItem("messaging.operation.name"));
            Assert.Equal(sandbox.BaseUrl.Host, sent.GetTagItem("server.address"));
            Assert.Contains(spans, s => s.Kind == ActivityKind.Producer && Equals(s.GetTagItem("messaging.batch.message_count"), 2));
            Activity refused = Assert.Single(spans, s => s.Kind == ActivityKind.Producer && s.Status == ActivityStatusCode.Error);
            Assert.Equal("api_error", refused.GetTagItem("error.type"));
            Activity processed = spans.First(s => s.Kind == ActivityKind.Consumer && Equals(s.GetTagItem("messaging.message.id"), response.MessageIds![0]));
            Assert.Equal("process", processed.DisplayName);
            Assert.Equal(("whatsapp", "process", "process"),
                (processed.GetTagItem("messaging.system"), processed.GetTagItem("messaging.operation.type"), processed.GetTagItem("messaging.operation.name")));

            string[] names = [.. metrics.Select(m => m.Name)];
            Assert.Contains("messaging.client.operation.duration", names);
            Assert.Contains("messaging.client.sent.messages", names);
            Assert.Contains("messaging.process.duration", names);
            Assert.Contains("messaging.client.consumed.messages", names);
            Assert.Contains("linkmobility.whatsapp.sends", names);   // the SDK's own, beside the conventions'
            Assert.Equal(1 + 2 + 2, Sum(metrics, "messaging.client.sent.messages"));   // one, two, and the refused request's two
            Assert.NotEmpty(sandbox.DeliveredCallbacks);
            Assert.Equal(sandbox.DeliveredCallbacks.Count, Sum(metrics, "messaging.client.consumed.messages"));   // each event report the receiver took
            Assert.Equal(sandbox.DeliveredCallbacks.Count, spans.Count(s => s.Kind == ActivityKind.Consumer));
            Assert.Contains(Points(metrics, "messaging.client.operation.duration"), p => Tags(p).Contains(new("error.type", "api_error")));

            // No phone number in any attribute, span or metric.
            string[] values = [.. spans.SelectMany(s => s.TagObjects).Concat(Points(metrics).SelectMany(Tags)).Select(t => t.Value?.ToString() ?? "")];
            Assert.DoesNotContain(values, v => v.Contains("4670000000", StringComparison.Ordinal));
        }
    }

    /// <summary>A receiver of callbacks on gate-1, the sandbox posting to it, and a client of the sandbox.</summary>
    private sealed class Scene(Receiver receiver, LinkSandbox sandbox) : IAsyncDisposable
    {
        public Receiver Receiver => receiver;

        public LinkSandbox Sandbox => sandbox;

        public WhatsAppClient Client { get; } = new(new HttpClient(WhatsAppClient.CreateHandler()),
            new WhatsAppClientOptions { BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true });

        public static async Task<Scene> StartAsync()
        {
            Receiver receiver = await Receiver.StartAsync();
            var options = new LinkSandboxOptions { DeliveryDelay = TimeSpan.FromMilliseconds(5) };
            options.Gates["gate-1"] = receiver.Url;
            return new Scene(receiver, await LinkSandbox.StartAsync(options));
        }

        public async ValueTask DisposeAsync()
        {
            await sandbox.DisposeAsync();
            await receiver.DisposeAsync();
        }
    }

    private static IEnumerable<MetricPoint> Points(IEnumerable<Metric> metrics, string? name = null)
    {
        foreach (Metric metric in metrics.Where(m => name is null || m.Name == name))
        {
            var points = new List<MetricPoint>();
            foreach (MetricPoint point in metric.GetMetricPoints()) points.Add(point);
            foreach (MetricPoint point in points) yield return point;
        }
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (KeyValuePair<string, object?> tag in point.Tags) tags.Add(tag);
        return tags;
    }

    private static long Sum(IEnumerable<Metric> metrics, string name) => Points(metrics, name).Sum(p => p.GetSumLong());

    [Fact]
    public async Task Retries_are_counted_with_their_reason()
    {
        // A port nothing listens on: connection refused, retried (nothing can have been sent), then given up.
        var client = new WhatsAppClient(new HttpClient(WhatsAppClient.CreateHandler()),
            new WhatsAppClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/api"), Username = "u", Password = "p", AllowInsecureHttp = true, MaxRetries = 2 });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(ClientTests.Request()));
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "linkmobility.whatsapp.send.retries" && Equals(m.Tags["reason"], "connection")));
        Assert.Contains(_measurements, m => m.Instrument == "linkmobility.whatsapp.sends" && Equals(m.Tags["outcome"], "retryable") && Equals(m.Tags["error.type"], "not_connected"));
    }

    [Fact]
    public async Task A_campaign_counts_its_recipients_by_state_shows_its_progress_and_the_time_sends_waited_for_the_throughput()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var client = new WhatsAppClient(new HttpClient(WhatsAppClient.CreateHandler()), new WhatsAppClientOptions
        {
            BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true, Limits = { Enabled = true, MessagesPerSecond = 10 },
        });
        var campaign = new Campaigns.Campaign { Id = "telemetry", Send = new Bulk.BulkSendOptions { PlatformId = "p", PlatformPartnerId = "pp", Source = "+46700000000" } };
        async IAsyncEnumerable<Bulk.BulkMessage> Recipients()
        {
            for (int i = 1; i <= 5; i++) yield return new Bulk.BulkMessage($"+4674000000{i}", new TextMessage { Text = new() { Body = $"Code {i}" } });
            yield return new Bulk.BulkMessage("12", new TextMessage { Text = new() { Body = "Not a number" } });
            await Task.CompletedTask;
        }
        string ledger = Path.Combine(Path.GetTempPath(), $"telemetry-{Guid.NewGuid():N}.csv");
        try
        {
            await foreach (Campaigns.CampaignResult _ in client.RunCampaignAsync(campaign, Recipients(), new Campaigns.CampaignFileLedger(ledger))) _meters.RecordObservableInstruments();
        }
        finally
        {
            File.Delete(ledger);
            File.Delete(ledger + ".lock");
        }

        var recipients = _measurements.Where(m => m.Instrument == "linkmobility.whatsapp.campaign.recipients").ToList();
        Assert.Equal(5, recipients.Count(m => Equals(m.Tags["state"], "sent")));
        Assert.Single(recipients, m => Equals(m.Tags["state"], "refused"));
        Assert.Contains(_measurements, m => m.Instrument == "linkmobility.whatsapp.campaign.settled" && Equals(m.Tags["campaign.id"], "telemetry") && m.Value >= 1);
        // Five sends at 10 a second: the later ones waited for the throughput's spacing.
        Assert.Contains(_measurements, m => m.Instrument == "linkmobility.whatsapp.limit.wait" && Equals(m.Tags["limit"], "throughput") && m.Value > 0);
        Assert.DoesNotContain(_measurements.SelectMany(m => m.Tags.Values), v => v?.ToString()?.Contains("+4674", StringComparison.Ordinal) == true);
    }
}
