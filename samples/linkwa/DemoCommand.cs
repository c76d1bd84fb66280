using System.Collections.Concurrent;
using System.CommandLine;
using System.Net;
using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Conversations;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Cli;

/// <summary>
/// <c>linkwa demo</c>: the sandbox and a callback receiver on this machine; one message of every type sent through
/// the typed client; each message id and event report printed as it arrives; then an inbound reply. Exit 0 when
/// every message was delivered.
/// </summary>
internal sealed class DemoCommand : CliCommand
{
    private const string Business = "+46700000000", Customer = "+46700000001", Gate = "demo-gate";

    public override int Order => 60;

    public override string Summary => "Send one message of every type to the local sandbox and follow the reports";

    public override string Details =>
        "Start the sandbox and a callback receiver on loopback. Show the 24-hour window: a text before the customer wrote is " +
            "refused, then the customer writes in. Send one message of every type (text, image, location, audio, video, document, " +
            "contacts, and text, media and interactive templates, built from the demo's templates file) through the typed client, " +
            "print each message id and each event report as it arrives, then an inbound reply.";

    public override IReadOnlyList<string> Examples => ["linkwa demo"];

    public override string ExitCodes => "0 every message was delivered, 1 one was not, 2 wrong usage.";

    public override Command Create()
    {
        var command = new Command("demo", Summary) { _open };
        command.SetAction(parseResult => RunAsync(parseResult.GetValue(_open), Out(parseResult), Error(parseResult)).GetAwaiter().GetResult());
        return command;
    }

    private readonly Option<bool> _open = Cli.OpenOption();

    private static async Task<int> RunAsync(bool open, TextWriter stdout, TextWriter stderr)
    {
        // The demo's templates file, as it is now: the client and the sandbox follow it while they run (a copy, which
        // the demo changes at the end as WhatsApp would).
        string templatesDirectory = Directory.CreateTempSubdirectory("linkwa-demo-").FullName;
        try
        {
            string templatesFile = Path.Combine(templatesDirectory, "whatsapp-templates.json");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "whatsapp-templates.json"), templatesFile);
            using var templates = new TemplateFileSource(templatesFile);
            return await RunAsync(templates, TemplateFile.Load(templatesFile).Previews, open, stdout, stderr);
        }
        finally
        {
            Directory.Delete(templatesDirectory, recursive: true);
        }
    }

    private static async Task<int> RunAsync(TemplateFileSource templates, IReadOnlyList<TemplatePreview> previews, bool open, TextWriter stdout, TextWriter stderr)
    {
        var handler = new PrintingHandler(stdout);
        // The 24-hour windows: the receiver records who wrote in, the client checks before it sends.
        var windows = new InMemoryConversationWindowStore();
        await using WebApplication receiver = await StartReceiverAsync(handler, windows);
        Uri callbacks = new(receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/callbacks");

        var sandboxOptions = new LinkSandboxOptions();
        sandboxOptions.Gates[Gate] = callbacks;
        sandboxOptions.TemplateSource = templates;                // the sandbox knows the demo's templates, as WhatsApp would
        sandboxOptions.EnforceConversationWindow = true;          // and keeps the 24-hour window, as WhatsApp does
        sandboxOptions.TemplatePreviews = previews;               // its inbox shows template messages as WhatsApp shows them
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(sandboxOptions);
        stdout.WriteLine($"Sandbox at {sandbox.BaseUrl}; callbacks to {callbacks}");
        stdout.WriteLine($"Inbox (a phone in the browser): {sandbox.InboxUrl}{(open ? "" : " (--open opens it, and keeps the demo's sandbox running)")}");
        if (open) Cli.OpenInBrowser(sandbox.InboxUrl, stderr);
        stdout.WriteLine();

        using var http = new HttpClient(WhatsAppClient.CreateHandler());
        var client = new WhatsAppClient(http, new WhatsAppClientOptions
        {
            BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
            ConversationWindow = ConversationWindowCheck.Refuse, ConversationWindows = windows,
            TemplateSource = templates,
        });

        MessageRequest Request(string name, Message message) => new()
        {
            PlatformId = "demo-platform", PlatformPartnerId = "demo-partner", RefId = "demo-" + name.Replace(' ', '-'),
            Priority = Priority.Normal, Source = Business, Destinations = [Customer], EventReportGates = [Gate],
            Messages = [message],
        };

        // Outside the 24-hour customer care window only a template may go: the client refuses a text, sending nothing.
        try
        {
            await client.SendAsync(Request("window", new TextMessage { Text = new() { Body = "Your order #42 has shipped." } }));
        }
        catch (WhatsAppConversationWindowException refused)
        {
            stdout.WriteLine($"refused  text before the customer wrote: {refused.Message}");
        }
        // The customer writes in, which opens the window for 24 hours; now every type may go.
        await sandbox.SendReceiveMessageAsync(Gate, LinkSandbox.TextFrom(Customer, Business, "Hi! Where is my order?"));
        stdout.WriteLine();

        var sent = new Dictionary<string, string>();
        foreach (var (name, message) in Messages())
        {
            MessageRequest request = Request(name, message);
            // Named by refId before it is sent: its reports may come before the answer does.
            handler.NamesByRefId[request.RefId] = name;
            MessageResponse response = await client.SendAsync(request);
            string id = response.MessageIds![0];
            sent[id] = name;
            handler.Names[id] = name;
            stdout.WriteLine($"sent     {name,-22} message id {id}");
        }

        if (!await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(30)))
        {
            stderr.WriteLine($"{sandbox.PendingCallbacks} callback(s) still on their way after 30 s.");
        }
        stdout.WriteLine();

        string interactive = sent.First(p => p.Value == "interactive template").Key;
        await sandbox.SendReceiveMessageAsync(Gate, LinkSandbox.ButtonFrom(Customer, Business, "Track my order", "track-42", replyTo: interactive));

        // Templates change after the build: WhatsApp pauses one. The file says so, and the next send of it is refused.
        await PauseAsync(templates, "order_shipped");
        stdout.WriteLine();
        try
        {
            await client.SendAsync(Request("paused", WhatsAppTemplates.OrderShipped.Create(WhatsAppTemplates.OrderShipped.Language.EnglishUS, customerName: "Ann", orderNumber: "43")));
            stderr.WriteLine("The paused template was sent.");
            return Cli.Unreadable;
        }
        catch (WhatsAppValidationException refused)
        {
            stdout.WriteLine($"refused  text template after WhatsApp paused it: {refused.Result.Errors.First().Message}");
        }

        var undelivered = sent.Keys.Where(id => !handler.Delivered.ContainsKey(id)).ToList();
        stdout.WriteLine();
        if (undelivered.Count == 0)
        {
            stdout.WriteLine($"All {sent.Count} messages were delivered.");
            if (open) await KeepOpenAsync(sandbox, stdout);
            return Cli.Ok;
        }
        stderr.WriteLine($"{undelivered.Count} of {sent.Count} messages were not delivered: {string.Join(", ", undelivered.Select(id => sent[id]))}");
        return Cli.Unreadable;
    }

    /// <summary>With --open: the sandbox stays up, so its inbox can be looked at, until Ctrl+C or SIGTERM.</summary>
    private static async Task KeepOpenAsync(LinkSandbox sandbox, TextWriter stdout)
    {
        using var stop = new CancellationTokenSource();
        using IDisposable signals = Cli.StopOnSignals(stop);
        stdout.WriteLine($"The sandbox stays up for its inbox at {sandbox.InboxUrl}; Ctrl+C or SIGTERM stops it.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Sets a template's status to PAUSED in the file, as a sync of WhatsApp's list would, and waits until the source has it.</summary>
    private static async Task PauseAsync(TemplateFileSource templates, string name)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable _ = templates.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(templates.Path))!;
        foreach (var template in root["data"]!.AsArray().Where(t => (string?)t!["name"] == name)) template!["status"] = "PAUSED";
        File.WriteAllText(templates.Path + ".new", root.ToJsonString());
        File.Move(templates.Path + ".new", templates.Path, overwrite: true);
        // The watcher reloads it; where the file system sends no notice, reading it again does.
        if (await Task.WhenAny(reloaded.Task, Task.Delay(TimeSpan.FromSeconds(10))) != reloaded.Task) templates.Reload();
    }

    private static async Task<WebApplication> StartReceiverAsync(PrintingHandler handler, IConversationWindowStore windows)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IWhatsAppCallbackHandler>(handler);
        builder.Services.AddSingleton(windows);
        builder.Services.AddProblemDetails();
        builder.Services.AddWhatsAppCallbacks();
        WebApplication app = builder.Build();
        app.MapWhatsAppCallbacks("/callbacks");
        await app.StartAsync();
        return app;
    }

    /// <summary>Prints callbacks as they arrive, and keeps which messages were delivered.</summary>
    private sealed class PrintingHandler(TextWriter stdout) : IWhatsAppCallbackHandler
    {
        /// <summary>Each message's name by its message id, once the answer gave the id (for replies).</summary>
        public ConcurrentDictionary<string, string> Names { get; } = new();

        /// <summary>Each message's name by its request's refId, known before it is sent (for event reports).</summary>
        public ConcurrentDictionary<string, string> NamesByRefId { get; } = new();

        public ConcurrentDictionary<string, bool> Delivered { get; } = new();

        public Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken)
        {
            ResultCodeInfo? code = report.ResultCode is { } value ? ResultCodes.Find(value) : null;
            string name = report.RefId is { } refId && NamesByRefId.TryGetValue(refId, out string? known) ? known : report.MessageType ?? "message";
            lock (stdout) stdout.WriteLine($"report   {name,-22} {report.MessageId}: {code?.Description.TrimEnd('.').ToLowerInvariant() ?? "?"} ({report.ResultCode})");
            if (report.ResultCode == ResultCodes.Delivered && report.MessageId is { } delivered) Delivered[delivered] = true;
            return Task.CompletedTask;
        }

        public Task OnReceiveMessageAsync(ReceiveMessage message, CancellationToken cancellationToken)
        {
            string what = message.Content?.Message switch
            {
                ReceiveButtonMessage button => $"button '{button.Button?.Text}' (payload {button.Button?.Payload})",
                ReceiveTextMessage text => $"text '{text.Text}'",
                ReceiveMediaMessage media => $"media {media.Media?.Type}",
                _ => "a message of a kind this version does not know",
            };
            Context? context = message.Content?.Message switch
            {
                ReceiveButtonMessage button => button.Context,
                ReceiveTextMessage text => text.Context,
                ReceiveMediaMessage media => media.Context,
                _ => null,
            };
            string reply = context?.MessageId is { } to ? $" in reply to {(Names.TryGetValue(to, out string? name) ? name : to)} {to}" : "";
            lock (stdout) stdout.WriteLine($"received from {message.Source}: {what}{reply}");
            return Task.CompletedTask;
        }
    }

    /// <summary>One message of every type, as a user of the contract writes them.</summary>
    private static IEnumerable<(string Name, Message Message)> Messages()
    {
        yield return ("text", new TextMessage { Text = new() { Body = "Your order #42 has shipped: https://example.com/track/42" }, PreviewUrl = true });
        yield return ("image", new ImageMessage { Image = new() { Link = "https://example.com/parcel.png", Caption = "Your parcel" } });
        yield return ("location", new LocationMessage { Location = new() { Longitude = 18.0739497, Latitude = 59.3120499, Name = "Pick-up point", Address = "Götgatan 78, Stockholm" } });
        yield return ("audio", new AudioMessage { Audio = new() { Link = "https://example.com/greeting.aac" } });
        yield return ("video", new VideoMessage { Video = new() { Link = "https://example.com/how-to.mp4", Caption = "How to open the box" } });
        yield return ("document", new DocumentMessage { Document = new() { Link = "https://example.com/invoice-42.pdf", Filename = "invoice-42.pdf" } });
        yield return ("contacts", new ContactsMessage
        {
            Contacts = [new() { Name = new() { FormattedName = "Support", FirstName = "Support" }, Phones = [new() { Number = "+46 8 123 456 78", Type = "WORK" }] }],
        });
        // The templates: built by the builders generated from whatsapp-templates.json (the WhatsAppTemplates item).
        yield return ("text template", WhatsAppTemplates.OrderShipped.Create(WhatsAppTemplates.OrderShipped.Language.EnglishUS, customerName: "Ann", orderNumber: "42"));
        yield return ("media template", WhatsAppTemplates.InvoiceReady.Create(WhatsAppTemplates.InvoiceReady.Language.EnglishUS,
            invoice: new Document { Link = "https://example.com/invoice-42.pdf", Filename = "Invoice 42.pdf" },   // or just the link, as a Uri
            orderNumber: "42",
            amount: new Currency { FallbackValue = "$100.99", Code = "USD", Amount1000 = 100_990 },
            dueDate: new DateTimeValue { FallbackValue = "March 1, 2026", DayOfWeek = 7, DayOfMonth = 1, Year = 2026, Month = 3, Hour = 12, Minute = 0 }));
        yield return ("interactive template", WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS,
            orderNumber: "42", trackPayload: "track-42", orderPath: "42"));
    }
}
