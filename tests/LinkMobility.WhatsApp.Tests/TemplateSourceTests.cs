using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using LinkMobility.WhatsApp.Cli;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;
using LinkMobility.WhatsApp.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>
/// Templates that change after the build, with real files on disk and the client over HTTP to the sandbox: the
/// registry compiled into linkwa (the app here) says APPROVED; the file, changed while the app runs, says otherwise.
/// </summary>
public sealed class TemplateSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("linkwa-template-source-").FullName;
    private readonly string _file;

    public TemplateSourceTests()
    {
        _file = Path.Combine(_directory, "whatsapp-templates.json");
        File.Copy(Path.Combine(Repository.Root, "samples", "linkwa", "whatsapp-templates.json"), _file);
        _ = WhatsAppTemplates.Registry;   // the app's compiled templates are registered (TemplateRegistry.Generated)
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Changes one template of the file on disk, as a person or a sync job would, and waits for the sources to reload.</summary>
    private async Task ChangeAsync(string name, Action<JsonObject> change, params ITemplateSource[] sources)
    {
        var reloaded = sources.Select(source =>
        {
            var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            source.GetReloadToken().RegisterChangeCallback(_ => fired.TrySetResult(), null);
            return fired.Task;
        }).ToList();
        JsonNode root = JsonNode.Parse(File.ReadAllText(_file))!;
        foreach (JsonObject template in root["data"]!.AsArray().Cast<JsonObject>().Where(t => (string?)t["name"] == name)) change(template);
        // Written beside it and renamed over it, as editors and sync jobs save: the watcher never reads half a file.
        string written = _file + ".new";
        File.WriteAllText(written, root.ToJsonString());
        File.Move(written, _file, overwrite: true);
        Task all = Task.WhenAll(reloaded);
        Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))) == all, "the templates file was changed, but a source did not reload it");
    }

    private static MessageRequest Request(TemplateMessage message) => new()
    {
        Source = "+4670000000", Destinations = ["+46700000001"], Messages = [message], PlatformId = "platform", PlatformPartnerId = "partner", Priority = Priority.Normal, RefId = Guid.NewGuid().ToString("N"),
    };

    private static TemplateMessage OrderShipped() =>
        WhatsAppTemplates.OrderShipped.Create(WhatsAppTemplates.OrderShipped.Language.EnglishUS, customerName: "Ann", orderNumber: "42");

    private static TemplateMessage OrderUpdate() =>
        WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS, orderNumber: "42", trackPayload: "track-42", orderPath: "42");

    private static WhatsAppClient Client(LinkSandbox sandbox, ITemplateSource source, ILogger<WhatsAppClient>? logger = null, bool validate = true) => new(new HttpClient(), new WhatsAppClientOptions
    {
        BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true, TemplateSource = source, ValidateTemplates = validate,
    }, logger);

    [Fact]
    public async Task A_template_paused_in_the_file_is_refused_before_sending_logged_once_and_counted()
    {
        var counted = new List<(long Value, string? Template, string? Change)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WhatsAppTelemetry.Name && instrument.Name == "linkmobility.whatsapp.template.changes") listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? template = null, change = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "template") template = tag.Value as string;
                if (tag.Key == "change") change = tag.Value as string;
            }
            lock (counted) counted.Add((value, template, change));
        });
        meters.Start();
        var logger = new ListLogger<WhatsAppClient>();
        using var source = new TemplateFileSource(_file);
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, source, logger);

        await client.SendAsync(Request(OrderUpdate()));
        Assert.Single(sandbox.ReceivedRequests);

        // order_update: linkwa's demo, which other tests run in this process, pauses order_shipped.
        await ChangeAsync("order_update", t => t["status"] = "PAUSED", source);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var refused = await Assert.ThrowsAsync<WhatsAppValidationException>(() => client.SendAsync(Request(OrderUpdate())));
            ValidationProblem problem = Assert.Single(refused.Result.Errors);
            Assert.Equal(Problems.TemplateNotApproved.Code, problem.Code);   // the words of today's LMWA1203
            Assert.Contains("'order_update' (en_US) is PAUSED, not APPROVED", problem.Message);
        }
        Assert.Single(sandbox.ReceivedRequests);   // nothing more went out
        await client.SendAsync(Request(OrderShipped()));   // the other templates still go
        Assert.Equal(2, sandbox.ReceivedRequests.Count);

        string logged = Assert.Single(logger.Messages);   // once, for two refusals
        Assert.Contains("order_update (en_US) changed since the build (status: status APPROVED then, PAUSED now)", logged);
        Assert.DoesNotContain("+4670", logged);
        // The Meter is the process's: only this template's status changes are this test's.
        lock (counted) Assert.Equal([(1L, "order_update", "status"), (1L, "order_update", "status")], counted.Where(c => c is { Template: "order_update", Change: "status" }));
    }

    [Fact]
    public async Task A_template_whose_shape_changed_in_the_file_is_refused_in_the_same_words_as_a_mismatched_message()
    {
        using var source = new TemplateFileSource(_file);
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, source);

        // A third body parameter: the builder compiled against the old file passes one.
        await ChangeAsync("order_update", t => t["components"]![0]!["text"] = "Order {{1}} is on its way, {{2}}.", source);
        var refused = await Assert.ThrowsAsync<WhatsAppValidationException>(() => client.SendAsync(Request(OrderUpdate())));
        Assert.Contains(refused.Result.Errors, p => p.Code == Problems.TemplateParameterCount.Code && p.Message.Contains("needs 2 parameter(s)", StringComparison.Ordinal));
        Assert.Empty(sandbox.ReceivedRequests);
    }

    [Fact]
    public async Task The_sandbox_follows_its_templates_file_and_fails_a_message_for_a_template_paused_while_it_runs()
    {
        using var sandboxTemplates = new TemplateFileSource(_file);
        var options = new LinkSandboxOptions { TemplateSource = sandboxTemplates, DeliveryDelay = TimeSpan.FromMilliseconds(5), WebhookAttempts = 1 };
        options.Gates["gate-1"] = new Uri("http://127.0.0.1:9/callbacks");   // nothing listens: each report is kept, with its body, as undeliverable
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        // The client's own check is off, so the request reaches the sandbox as it would reach LINK.
        WhatsAppClient client = Client(sandbox, new TemplateSource(WhatsAppTemplates.Registry), validate: false);

        MessageRequest before = Request(OrderShipped());
        before.EventReportGates = ["gate-1"];
        MessageResponse sent = await client.SendAsync(before);
        await ChangeAsync("order_shipped", t => t["status"] = "PAUSED", sandboxTemplates);
        MessageRequest after = Request(OrderShipped());
        after.EventReportGates = ["gate-1"];
        MessageResponse queued = await client.SendAsync(after);
        Assert.Equal(ResultCodes.Queued, queued.ResultCode);
        Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(60)), "the sandbox's event reports did not all go out");

        var reports = sandbox.UndeliverableCallbacks.Select(c => c.Read().EventReport).OfType<EventReport>().ToList();
        Assert.Equal([ResultCodes.Sent, ResultCodes.Delivered], reports.Where(r => r.MessageId == sent.MessageIds![0]).Select(r => r.ResultCode!.Value));
        var afterReports = reports.Where(r => r.MessageId == queued.MessageIds![0]).ToList();
        Assert.DoesNotContain(afterReports, r => r.ResultCode == ResultCodes.Delivered);
        EventReport failed = Assert.Single(afterReports, r => r.ResultCode == ResultCodes.FailedWaRequest);
        Assert.Contains("'order_shipped' (en_US) is PAUSED, not APPROVED", failed.ResultDescription);
    }

    [Fact]
    public void A_stream_and_a_changed_file_with_errors_give_clear_errors_and_keep_what_was_there()
    {
        using (var stream = File.OpenRead(_file))
        {
            Assert.NotNull(TemplateSource.FromStream(stream).Current.Find("order_shipped", "en_US"));
        }
        using (var broken = new MemoryStream("{\"data\": [\n  {\"name\": \"a\",\n  \"language\": }\n]}"u8.ToArray()))
        {
            var error = Assert.Throws<TemplateFileException>(() => TemplateSource.FromStream(broken));
            Assert.Contains(error.Issues, i => i.Line == 3 && !i.IsWarning);
        }

        using var source = new TemplateFileSource(_file);
        TemplateRegistry before = source.Current;
        File.WriteAllText(_file, "{\"data\": [ not json");
        Assert.False(source.Reload());
        Assert.Same(before, source.Current);
        Assert.Contains("has errors", source.LastError);
    }
}
