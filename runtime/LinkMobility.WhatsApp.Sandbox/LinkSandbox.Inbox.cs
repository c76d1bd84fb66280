using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinkMobility.WhatsApp.Sandbox.Inbox;
using LinkMobility.WhatsApp.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LinkMobility.WhatsApp.Sandbox;

// The web inbox at / (a phone in the browser) and the JSON it reads under /sandbox/inbox/: the chats, a chat's messages
// with their states, the templates' previews, the customer's replies, and a Server-Sent Events stream of changes.
public sealed partial class LinkSandbox
{
    private readonly InboxStore _inbox = new();

    // The page sends nothing to another origin, runs only its own script, and no text it shows is HTML.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The inbox's address, with the token that lets the page in (printed by linkwa sandbox and linkwa demo).</summary>
    public Uri InboxUrl => new(BaseUrl.GetLeftPart(UriPartial.Authority) + "/?token=" + Uri.EscapeDataString(InboxToken));

    /// <summary>The token the inbox's page and its JSON take (<see cref="LinkSandboxOptions.InboxToken"/>, or a random one).</summary>
    public string InboxToken { get; private set; } = "";

    private static void MapInbox(WebApplication app, LinkSandbox sandbox)
    {
        sandbox.InboxToken = sandbox._options.InboxToken ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        foreach (var (path, resource, type) in new[]
        {
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/inbox.css", "inbox.css", "text/css; charset=utf-8"),
            ("/inbox.js", "inbox.js", "text/javascript; charset=utf-8"),
            ("/sandbox/openapi.json", "openapi.json", "application/json"),
        })
        {
            byte[] asset = Asset(resource);
            app.MapGet(path, context =>
            {
                Secure(context.Response, type);
                return context.Response.Body.WriteAsync(asset, context.RequestAborted).AsTask();
            });
        }
        // Each takes the token first; a request without it is answered 401 and reads nothing.
        const string Chat = "/sandbox/inbox/chats/{business}/{customer}";
        app.MapGet("/sandbox/inbox/chats", sandbox.Guarded(context => Written(context, w => sandbox.WriteChats(w, context.Request.Query["search"].FirstOrDefault(), (int)Number(context, "limit", 200, 1000)))));
        app.MapGet(Chat, sandbox.Guarded(context =>
            sandbox._inbox.Chat(Route(context, "business"), Route(context, "customer"), Number(context, "before", 0, long.MaxValue) is > 0 and var before ? before : null,
                (int)Number(context, "limit", 50, InboxStore.MessagesPerChat)) is { } page
                ? Written(context, w => sandbox.WriteChat(w, page))
                : Error(context, StatusCodes.Status404NotFound, "No such chat.")));
        app.MapPost(Chat + "/read", sandbox.Guarded(context =>
        {
            sandbox._inbox.Read(Route(context, "business"), Route(context, "customer"));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }));
        app.MapPost(Chat + "/messages", sandbox.Guarded(context => sandbox.FromCustomerAsync(Route(context, "business"), Route(context, "customer"), context)));
        app.MapGet("/sandbox/inbox/templates", sandbox.Guarded(context => Written(context, sandbox.WriteTemplates)));
        app.MapGet("/sandbox/inbox/campaigns", sandbox.Guarded(context => Written(context, sandbox.WriteCampaigns)));
        app.MapGet("/sandbox/inbox/events", sandbox.Guarded(sandbox.StreamChangesAsync));
    }

    private RequestDelegate Guarded(RequestDelegate handler) => context => Admits(context.Request)
        ? handler(context)
        : Error(context, StatusCodes.Status401Unauthorized, "The inbox needs its token (X-Sandbox-Token, or ?token=) or the sandbox's Basic credentials.");

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    private static long Number(HttpContext context, string name, long fallback, long most) =>
        long.TryParse(context.Request.Query[name].FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? Math.Clamp(value, 1, most) : fallback;

    private static Task Written(HttpContext context, Action<Utf8JsonWriter> write) => WriteAsync(context, StatusCodes.Status200OK, Json(write));

    private static Task Error(HttpContext context, int status, string error) =>
        WriteAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(new InboxError(error), InboxJson.Default.InboxError));

    /// <summary>The page's token (header or query) or the API's Basic credentials.</summary>
    private bool Admits(HttpRequest request)
    {
        string? token = request.Headers["X-Sandbox-Token"].FirstOrDefault() ?? request.Query["token"].FirstOrDefault();
        if (token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(InboxToken))) return true;
        return BasicCredentials.Matches(request.Headers.Authorization, _options.Username, _options.Password);
    }

    private static void Secure(HttpResponse response, string type)
    {
        response.ContentType = type;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    private static byte[] Asset(string name)
    {
        using Stream stream = typeof(LinkSandbox).Assembly.GetManifestResourceStream("inbox/" + name)
            ?? throw new InvalidOperationException($"The sandbox package has no inbox/{name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>How often, at most, the stream sends the page its view: a campaign changes the inbox thousands of times a second.</summary>
    private static readonly TimeSpan ViewInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The page's view as an event after each change: the chats (search, limit), the open chat's latest messages (business,
    /// customer, messages) and, when asked, the campaigns. The first change after a quiet second goes at once, the rest at
    /// most once a second, so a page that watches a campaign reads nothing itself and takes little from the sandbox.
    /// Runs until the page leaves or the sandbox stops.
    /// </summary>
    private async Task StreamChangesAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        string? search = query["search"].FirstOrDefault();
        int chats = (int)Number(context, "limit", 100, 1000);
        (string Business, string Customer)? open = query["business"].FirstOrDefault() is { Length: > 0 } business && query["customer"].FirstOrDefault() is { Length: > 0 } customer
            ? (business, customer)
            : null;
        int messages = (int)Number(context, "messages", 50, InboxStore.MessagesPerChat);
        bool campaigns = query["campaigns"].FirstOrDefault() == "1";

        Secure(context.Response, "text/event-stream");
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            // The browser reconnects a second after the stream ends (the sandbox restarted), and the page shows the view it is sent.
            await context.Response.WriteAsync("retry: 1000\n\n", done.Token);
            long seen = -1, sent = 0;
            while (true)
            {
                await _inbox.ChangedAfterAsync(seen).WaitAsync(done.Token);
                if (sent != 0 && TimeProvider.System.GetElapsedTime(sent) is var since && since < ViewInterval) await Task.Delay(ViewInterval - since, done.Token);
                seen = _inbox.Version;
                byte[] view = Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("version", seen);
                    w.WritePropertyName("chats");
                    WriteChats(w, search, chats);
                    if (open is { } chat)
                    {
                        w.WritePropertyName("chat");
                        if (_inbox.Chat(chat.Business, chat.Customer, before: null, messages) is { } page) WriteChat(w, page);
                        else w.WriteNullValue();
                    }
                    if (campaigns)
                    {
                        w.WritePropertyName("campaigns");
                        WriteCampaigns(w);
                    }
                    w.WriteEndObject();
                });
                // One line of data: a raw line break in JSON is only whitespace (strings escape theirs), so it is safe to blank.
                view.AsSpan().Replace((byte)'\n', (byte)' ');
                view.AsSpan().Replace((byte)'\r', (byte)' ');
                sent = TimeProvider.System.GetTimestamp();
                await context.Response.WriteAsync("event: view\ndata: ", done.Token);
                await context.Response.Body.WriteAsync(view, done.Token);
                await context.Response.WriteAsync("\n\n", done.Token);
                await context.Response.Body.FlushAsync(done.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The page left, or the sandbox is stopping.
        }
    }

    /// <summary>A reply typed or a quick-reply button pressed by the customer: posted as LINK would post it, to the chat's gates.</summary>
    private async Task FromCustomerAsync(string business, string customer, HttpContext context)
    {
        CustomerMessage? said;
        try
        {
            said = await JsonSerializer.DeserializeAsync(context.Request.Body, InboxJson.Default.CustomerMessage, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            await Error(context, StatusCodes.Status400BadRequest, $"The body is not a customer message ({ex.Path}): {{\"text\": \"...\"}} or {{\"button\": {{\"text\", \"payload\", \"replyTo\"}}}}.");
            return;
        }
        ReceiveMessage? message = said switch
        {
            { Text: { Length: > 0 } text } => TextFrom(customer, business, text),
            { Button: { Payload: { Length: > 0 } payload, ReplyTo: { Length: > 0 } replyTo } button } => ButtonFrom(customer, business, button.Text ?? "", payload, replyTo),
            _ => null,
        };
        if (message is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "Say a text, or a button with its payload and the message id it replies to.");
            return;
        }
        IReadOnlyList<string> gates = _inbox.GatesOf(business, customer);
        if (gates.Count == 0 && _options.Gates.Count == 1) gates = [.. _options.Gates.Keys];
        if (gates.Count == 0)
        {
            await Error(context, StatusCodes.Status409Conflict, "No gate to post to: the chat's requests named no event report gate, and the sandbox has not exactly one.");
            return;
        }
        foreach (string gate in gates) await SendReceiveMessageAsync(gate, message);
        await WriteAsync(context, StatusCodes.Status202Accepted, JsonSerializer.SerializeToUtf8Bytes(new CustomerMessageSent(message.MessageId!), InboxJson.Default.CustomerMessageSent));
    }

    private void WriteChats(Utf8JsonWriter w, string? search, int limit)
    {
        w.WriteStartArray();
        foreach (ChatSummary chat in _inbox.Chats(search, limit))
        {
            w.WriteStartObject();
            w.WriteString("business", chat.Business);
            w.WriteString("customer", chat.Customer);
            w.WriteString("lastActivity", chat.LastActivity);
            WriteWindow(w, chat.LastInbound);
            w.WriteNumber("messages", chat.Messages);
            if (chat.Last is { } last)
            {
                w.WritePropertyName("last");
                WriteMessage(w, last);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private void WriteChat(Utf8JsonWriter w, ChatPage page)
    {
        w.WriteStartObject();
        w.WriteString("business", page.Business);
        w.WriteString("customer", page.Customer);
        WriteWindow(w, page.LastInbound);
        w.WriteBoolean("more", page.More);
        w.WriteStartArray("gates");
        foreach (string gate in page.Gates) w.WriteStringValue(gate);
        w.WriteEndArray();
        w.WriteStartArray("messages");
        foreach (InboxMessage message in page.Messages) WriteMessage(w, message);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The 24-hour window as the chat shows it: open until when, or closed.</summary>
    private static void WriteWindow(Utf8JsonWriter w, DateTimeOffset? lastInbound)
    {
        DateTimeOffset? until = lastInbound + LinkMobility.WhatsApp.Conversations.ConversationWindow.Length;
        if (until is { } open && open > DateTimeOffset.UtcNow) w.WriteString("windowOpenUntil", open);
        else w.WriteNull("windowOpenUntil");
    }

    private static void WriteMessage(Utf8JsonWriter w, InboxMessage message)
    {
        w.WriteStartObject();
        w.WriteNumber("position", message.Position);
        w.WriteString("messageId", message.MessageId);
        w.WriteNumber("index", message.Index);
        w.WriteString("direction", message.Outbound ? "out" : "in");
        w.WriteString("kind", message.Kind);
        w.WriteString("at", message.At);
        w.WriteString("state", message.State.ToString().ToLowerInvariant());
        if (message.FailureCode is { } code)
        {
            w.WriteStartObject("failure");
            w.WriteNumber("code", code);
            if (message.FailureReason is { } reason) w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        w.WritePropertyName("content");
        w.WriteRawValue(message.Content);
        w.WriteEndObject();
    }

    // The funnels and the previews are records whose names are the JSON's: the source-generated context writes them.
    private void WriteCampaigns(Utf8JsonWriter w) => JsonSerializer.Serialize(w, _inbox.Campaigns(), InboxJson.Default.ListCampaignFunnel);

    private void WriteTemplates(Utf8JsonWriter w) => JsonSerializer.Serialize(w, _options.TemplatePreviews ?? [], InboxJson.Default.IReadOnlyListTemplatePreview);

    /// <summary>Records a request's messages in the inbox, one per destination and message, queued.</summary>
    private void RecordInInbox(MessageRequest request, List<string> messageIds)
    {
        var contents = request.Messages.Select(m => (Kind: m.Type.ToWireString(), Json: m.ToUtf8Json())).ToList();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        IReadOnlyList<string> gates = request.EventReportGates ?? [];
        for (int d = 0; d < request.Destinations.Count; d++)
        {
            for (int m = 0; m < contents.Count; m++)
            {
                _inbox.AddOutbound(request.Source ?? "", request.Destinations[d], messageIds[d], m, contents[m].Kind, contents[m].Json, gates, request.RefId, now);
            }
        }
    }
}

internal sealed record InboxError(string Error);

internal sealed record CustomerMessageSent(string MessageId);

/// <summary>What the customer says from the inbox: a text, or a quick-reply button pressed.</summary>
internal sealed record CustomerMessage(string? Text, CustomerButton? Button);

internal sealed record CustomerButton(string? Text, string? Payload, string? ReplyTo);

[System.Text.Json.Serialization.JsonSerializable(typeof(CustomerMessage))]
[System.Text.Json.Serialization.JsonSerializable(typeof(InboxError))]
[System.Text.Json.Serialization.JsonSerializable(typeof(CustomerMessageSent))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<CampaignFunnel>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<TemplatePreview>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class InboxJson : System.Text.Json.Serialization.JsonSerializerContext;
