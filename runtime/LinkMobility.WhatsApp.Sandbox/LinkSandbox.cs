using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LinkMobility.WhatsApp.Conversations;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Sandbox;

/// <summary>How the sandbox listens and whom it lets in.</summary>
public sealed class LinkSandboxOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="LinkSandbox.BaseUrl"/>).</summary>
    public int Port { get; set; }

    /// <summary>The Basic authentication user name the sandbox accepts.</summary>
    public string Username { get; set; } = "sandbox";

    /// <summary>The Basic authentication password the sandbox accepts.</summary>
    public string Password { get; set; } = "sandbox";

    /// <summary>The largest request body it reads; a larger one is answered 413.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Event report gates: gate id to the webhook URL callbacks for it are posted to.</summary>
    public IDictionary<string, Uri> Gates { get; } = new Dictionary<string, Uri>(StringComparer.Ordinal);

    /// <summary>Destinations whose messages fail, with the result code they fail with (such as 112404, invalid contact).</summary>
    public IDictionary<string, int> FailingDestinations { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// The registered templates, as WhatsApp knows them (<see cref="TemplateFile.Load"/> reads a templates file). A template
    /// message that does not fit them is queued (200), as LINK does, then fails through its event report: code 112406
    /// (Failed WA request), with WhatsApp's reason in the description. Null or empty: every template is accepted.
    /// </summary>
    public TemplateRegistry? Templates { get; set; }

    /// <summary>
    /// Enforces the 24-hour customer care window, as WhatsApp does: a message that is not a template, to a number that
    /// sent no message (through <see cref="LinkSandbox.SendReceiveMessageAsync"/>) in the last 24 hours, is queued, then
    /// fails through its event report with 112403 (Not delivered): the document's code for a message that was not
    /// delivered, and a message outside the window is exactly that; nothing was wrong with the request.
    /// </summary>
    public bool EnforceConversationWindow { get; set; }

    /// <summary>The pause between a message's "sent" and its final event report.</summary>
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a webhook that fails is tried again before the callback counts as undeliverable.</summary>
    public int WebhookAttempts { get; set; } = 6;
}

/// <summary>
/// The WhatsApp Message API on loopback (GET /sandbox/requests and /sandbox/callbacks show what it received and posted):
/// POST {base}/messages with Basic authentication (401 and result code
/// 112400 otherwise), validation with the contract's validators (400 and 112402, the problems listed), and
/// 200 with result code 112001 and one message id per destination. Start it in a test with
/// <c>await using var sandbox = await LinkSandbox.StartAsync();</c>.
/// </summary>
public sealed class LinkSandbox : IAsyncDisposable
{
    /// <summary>The path of the base URL, as the real API's base URLs have it.</summary>
    public const string BasePath = "/whatsapp-message";

    private readonly WebApplication _app;
    private readonly LinkSandboxOptions _options;
    private readonly ConcurrentQueue<MessageRequest> _received = new();
    // When each user last wrote in (through the sandbox), for EnforceConversationWindow.
    private readonly InMemoryConversationWindowStore _windows = new();
    private readonly ConcurrentQueue<DeliveredCallback> _delivered = new();
    private readonly ConcurrentQueue<DeliveredCallback> _undeliverable = new();
    private readonly HttpClient _webhooks = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;

    private LinkSandbox(WebApplication app, LinkSandboxOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The base URL to give the client (http on loopback; set AllowInsecureHttp).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request the sandbox accepted, in order.</summary>
    public IReadOnlyList<MessageRequest> ReceivedRequests => [.. _received];

    /// <summary>Every callback a webhook accepted, in the order they were accepted.</summary>
    public IReadOnlyList<DeliveredCallback> DeliveredCallbacks => [.. _delivered];

    /// <summary>Callbacks no webhook accepted after every attempt (kept, so nothing is lost silently).</summary>
    public IReadOnlyList<DeliveredCallback> UndeliverableCallbacks => [.. _undeliverable];

    /// <summary>Callbacks still on their way.</summary>
    public int PendingCallbacks => Volatile.Read(ref _pending);

    /// <summary>
    /// Waits until no callback is on its way: true then, false when <paramref name="timeout"/> passed first (see
    /// <see cref="PendingCallbacks"/> and <see cref="UndeliverableCallbacks"/> for what is left). Only a canceled
    /// <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<bool> WaitForCallbacksAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (PendingCallbacks > 0)
        {
            if (clock.Elapsed >= timeout) return false;
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Sends a receive message (a WhatsApp user writing in) to a gate's webhook; it opens the user's 24-hour window.</summary>
    public async Task SendReceiveMessageAsync(string gateId, ReceiveMessage message)
    {
        if (message.Source is { } user) await _windows.RecordInboundAsync(user, message.Timestamp ?? DateTimeOffset.UtcNow, CancellationToken.None);
        await Deliver(gateId, message.ToUtf8Json(), "receive message");
    }

    /// <summary>Sends an alternative receive message to a gate's webhook; it opens the user's 24-hour window.</summary>
    public async Task SendAlternativeReceiveMessageAsync(string gateId, AlternativeReceiveMessage message)
    {
        if (message.Source is { } user) await _windows.RecordInboundAsync(user, message.Timestamp ?? DateTimeOffset.UtcNow, CancellationToken.None);
        await Deliver(gateId, message.ToUtf8Json(), "alternative receive message");
    }

    /// <summary>A text from a WhatsApp user, optionally replying to a message the business sent.</summary>
    public static ReceiveMessage TextFrom(string user, string business, string text, string? replyTo = null) =>
        Inbound(user, business, new ReceiveTextMessage { Text = text, Context = replyTo is null ? null : new() { Source = business, MessageId = replyTo } });

    /// <summary>A picture, video, audio or document from a WhatsApp user.</summary>
    public static ReceiveMessage MediaFrom(string user, string business, string mimeType, Uri source, string? caption = null) =>
        Inbound(user, business, new ReceiveMediaMessage { Media = new() { Type = mimeType, Source = source.ToString(), Caption = caption } });

    /// <summary>A text from a WhatsApp user in the alternative format.</summary>
    public static AlternativeReceiveMessage AlternativeTextFrom(string user, string business, string text) => new()
    {
        MessageId = NewMessageId(), Source = user, Destination = business, Channel = "WHATSAPP", Operator = "whatsapp",
        OperatorMessageId = NewMessageId(), Timestamp = DateTimeOffset.UtcNow, OperatorTimestamp = DateTimeOffset.UtcNow,
        Content = new AlternativeTextContent { Data = text },
    };

    /// <summary>A quick reply button pressed by a WhatsApp user, in reply to a template the business sent.</summary>
    public static ReceiveMessage ButtonFrom(string user, string business, string text, string payload, string replyTo) =>
        Inbound(user, business, new ReceiveButtonMessage { Button = new() { Text = text, Payload = payload }, Context = new() { Source = business, MessageId = replyTo } });

    /// <summary>The receive message envelope the document's examples show around <paramref name="message"/>.</summary>
    private static ReceiveMessage Inbound(string user, string business, ReceiveContentMessage message) => new()
    {
        Source = user, Destination = business, Provider = "whatsapp", MessageId = NewMessageId(), ProviderMessageId = NewMessageId(),
        Timestamp = DateTimeOffset.UtcNow, ProviderTimestamp = DateTimeOffset.UtcNow,
        Content = new() { Type = "WHATSAPP", Message = message },
    };

    /// <summary>Starts a sandbox on 127.0.0.1.</summary>
    public static async Task<LinkSandbox> StartAsync(LinkSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LinkSandboxOptions();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        WebApplication app = builder.Build();
        var sandbox = new LinkSandbox(app, options);
        app.MapPost(BasePath + ApiDocument.SendMessages.Path, sandbox.SendMessagesAsync);
        // Inspection, for tests that run the sandbox in another process (linkwa sandbox).
        app.MapGet("/sandbox/requests", context => WriteAsync(context, 200, Json(w =>
        {
            w.WriteStartArray();
            foreach (MessageRequest request in sandbox.ReceivedRequests) request.WriteTo(w);
            w.WriteEndArray();
        })));
        app.MapGet("/sandbox/callbacks", context => WriteAsync(context, 200, Json(w =>
        {
            w.WriteStartObject();
            foreach (var (name, list) in new[] { ("delivered", sandbox.DeliveredCallbacks), ("undeliverable", sandbox.UndeliverableCallbacks) })
            {
                w.WriteStartArray(name);
                foreach (DeliveredCallback callback in list)
                {
                    w.WriteStartObject();
                    w.WriteString("gateId", callback.GateId);
                    w.WriteString("kind", callback.Kind);
                    w.WriteNumber("attempts", callback.Attempts);
                    if (callback.Failure is { } failure) w.WriteString("failure", failure);
                    w.WritePropertyName("body");
                    w.WriteRawValue(callback.Json);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteNumber("pending", sandbox.PendingCallbacks);
            w.WriteEndObject();
        })));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sandbox.BaseUrl = new Uri(address.TrimEnd('/') + BasePath);
        return sandbox;
    }

    private async Task SendMessagesAsync(HttpContext context)
    {
        if (!BasicCredentials.Matches(context.Request.Headers.Authorization, _options.Username, _options.Password))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"LINK sandbox\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, new ErrorResponse { ResultCode = ResultCodes.Unauthorized, Description = "Unauthorized" }.ToUtf8Json());
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new ErrorResponse { ResultCode = ResultCodes.BadRequest, Description = "Request too large" }.ToUtf8Json());
            return;
        }

        ValidationResult result = MessageRequest.ValidateJson(body);
        if (!result.IsValid)
        {
            var error = new ErrorResponse
            {
                ResultCode = ResultCodes.BadRequest,
                Description = "Bad request",
                TranslatedDescription = string.Join("; ", result.Errors),
            };
            await WriteAsync(context, StatusCodes.Status400BadRequest, error.ToUtf8Json());
            return;
        }

        MessageRequest request = MessageRequest.Parse(body);
        _received.Enqueue(request);
        var response = new MessageResponse
        {
            ResultCode = ResultCodes.Queued,
            Description = "Queued",
            MessageIds = [.. request.Destinations.Select(_ => NewMessageId())],
        };
        await WriteAsync(context, StatusCodes.Status200OK, response.ToUtf8Json());
        ReportLater(request, response.MessageIds, TemplateFailures(request), await OutsideWindow(request));
    }

    /// <summary>For each destination (one message id each) and each message: "sent", then "delivered" or its failure, to every gate of the request.</summary>
    /// <summary>
    /// Why WhatsApp would refuse each template message that does not fit the registered templates (by message index).
    /// LINK queues such a request and reports the failure later, with 112406: the document's code for a request
    /// WhatsApp's side refused ("Failed request from WhatsApp proxy"), which is where a template mismatch is found.
    /// </summary>
    private Dictionary<int, string> TemplateFailures(MessageRequest request)
    {
        var failures = new Dictionary<int, string>();
        if (_options.Templates is not { IsEmpty: false } templates) return failures;
        foreach (ValidationProblem problem in request.Validate(templates).Errors)
        {
            // Paths start messages[N]; the first problem of a message is its reason.
            if (!problem.Path.StartsWith("messages[", StringComparison.Ordinal)) continue;
            int close = problem.Path.IndexOf(']', StringComparison.Ordinal);
            if (int.TryParse(problem.Path.AsSpan(9, close - 9), out int index)) failures.TryAdd(index, $"Failed WA request: {problem.Message}");
        }
        return failures;
    }

    /// <summary>The destinations (by index) a message that is not a template cannot reach now, when the window is enforced.</summary>
    private async Task<HashSet<int>> OutsideWindow(MessageRequest request)
    {
        var closed = new HashSet<int>();
        if (!_options.EnforceConversationWindow) return closed;
        for (int d = 0; d < request.Destinations.Count; d++)
        {
            DateTimeOffset? last = await _windows.LastInboundAsync(request.Destinations[d], CancellationToken.None);
            if (last is not { } opened || DateTimeOffset.UtcNow - opened >= ConversationWindow.Length) closed.Add(d);
        }
        return closed;
    }

    private void ReportLater(MessageRequest request, List<string> messageIds, Dictionary<int, string> templateFailures, HashSet<int> outsideWindow)
    {
        var gates = request.EventReportGates ?? [];
        if (gates.Count == 0) return;
        Interlocked.Increment(ref _pending);
        _ = Task.Run(async () =>
        {
            try
            {
                for (int d = 0; d < request.Destinations.Count; d++)
                {
                    for (int m = 0; m < request.Messages.Count; m++)
                    {
                        bool windowClosed = outsideWindow.Contains(d) && request.Messages[m] is not TemplateMessage;
                        int final = templateFailures.ContainsKey(m) ? ResultCodes.FailedWaRequest
                            : windowClosed ? ResultCodes.NotDelivered
                            : _options.FailingDestinations.TryGetValue(request.Destinations[d], out int failure) ? failure : ResultCodes.Delivered;
                        foreach (int code in final == ResultCodes.Delivered ? new[] { ResultCodes.Sent, ResultCodes.Delivered } : [final])
                        {
                            var report = new EventReport
                            {
                                MessageId = messageIds[d], RefId = request.RefId, MessageType = request.Messages[m].Type.ToWireString(), MessageIndex = m,
                                Timestamp = DateTimeOffset.UtcNow, ResultCode = code,
                                ResultDescription = templateFailures.TryGetValue(m, out string? why) ? why
                                    : windowClosed ? "Not delivered: outside the 24-hour customer care window only a template message can be sent"
                                    : ResultCodes.Find(code)?.Description.TrimEnd('.').ToLowerInvariant(),
                                CustomParameters = request.CustomParameters,
                            };
                            foreach (string gate in gates) await Deliver(gate, report.ToUtf8Json(), "event report");
                            await Task.Delay(_options.DeliveryDelay, _stopping.Token);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The sandbox stopped.
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        });
    }

    /// <summary>Posts one callback to a gate's webhook, trying again with backoff while it fails.</summary>
    private async Task Deliver(string gateId, byte[] json, string kind)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            if (!_options.Gates.TryGetValue(gateId, out Uri? webhook))
            {
                _undeliverable.Enqueue(new DeliveredCallback(gateId, kind, json, 0, "no such gate"));
                return;
            }
            string? last = null;
            for (int attempt = 1; attempt <= _options.WebhookAttempts; attempt++)
            {
                try
                {
                    using var content = new ByteArrayContent(json);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    using HttpResponseMessage answer = await _webhooks.PostAsync(webhook, content, _stopping.Token).ConfigureAwait(false);
                    if (answer.IsSuccessStatusCode)
                    {
                        _delivered.Enqueue(new DeliveredCallback(gateId, kind, json, attempt, null));
                        return;
                    }
                    last = $"{(int)answer.StatusCode} {answer.ReasonPhrase}";
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50 * (1 << attempt)), _stopping.Token).ConfigureAwait(false);
            }
            _undeliverable.Enqueue(new DeliveredCallback(gateId, kind, json, _options.WebhookAttempts, last));
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>A 22-character id like the document's examples (8aU6cwxAKE9NzMLrS6M82Y).</summary>
    private static string NewMessageId()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return string.Create(22, 0, static (chars, _) =>
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    private static byte[] Json(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, LinkMobility.WhatsApp.Serialization.JsonWrite.WriterOptions)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    /// <summary>Stops the server and any callback still on its way.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _webhooks.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A callback the sandbox posted: to which gate, what, after how many attempts, and the last failure when it gave up.</summary>
public sealed record DeliveredCallback(string GateId, string Kind, byte[] Json, int Attempts, string? Failure)
{
    /// <summary>The callback read back, for assertions.</summary>
    public Callback Read() => Callback.Parse(Json);
}
