using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LinkMobility.WhatsApp.Testing;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LinkMobility.WhatsApp.Browser.Tests;

/// <summary>The sandbox's inbox, a phone in the browser: in a real Chromium, against a sandbox and a receiver over real HTTP.</summary>
public class InboxTests
{
    private const string Business = "+46700000000";
    private const string Customer = "+46700000001";
    private const string Gate = "gate";

    private const string TemplatesFile = """
        {"data": [
          {"name": "order_update", "language": "en_US", "status": "APPROVED", "category": "UTILITY",
           "components": [
             {"type": "HEADER", "format": "IMAGE"},
             {"type": "BODY", "text": "Hi {{1}}, your order {{2}} is on its way."},
             {"type": "FOOTER", "text": "Reply STOP to opt out"},
             {"type": "BUTTONS", "buttons": [
               {"type": "QUICK_REPLY", "text": "Track my order"},
               {"type": "URL", "text": "Open", "url": "https://shop.example/orders/{{1}}"}]}],
           "parameter_names": {"body": ["customerName", "orderNumber"], "buttons": ["trackPayload", "orderPath"]}}
        ]}
        """;

    private static readonly TemplateFileResult Templates = TemplateFile.Parse(TemplatesFile, "shop_ns");

    /// <summary>The receiver takes only callbacks signed with these credentials, which the gate's URL gives the sandbox, as LINK has them.</summary>
    private static Task<Receiver> ReceiverAsync() => Receiver.StartAsync(o => { o.Username = "app"; o.Password = "s3cret:!"; });

    /// <summary>A sandbox that knows the templates (and shows them), keeps the window, and reports to the receiver, signed.</summary>
    private static Task<LinkSandbox> SandboxAsync(Receiver receiver, int port = 0, string? token = null)
    {
        var options = new LinkSandboxOptions
        {
            Port = port, Templates = Templates.Templates, TemplatePreviews = Templates.Previews, EnforceConversationWindow = true, InboxToken = token,
        };
        options.Gates[Gate] = new UriBuilder(receiver.Url) { UserName = "app", Password = Uri.EscapeDataString("s3cret:!") }.Uri;
        return LinkSandbox.StartAsync(options);
    }

    private static WhatsAppClient Client(LinkSandbox sandbox) => new(new HttpClient(), new WhatsAppClientOptions
    {
        BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true, ValidateTemplates = false,
    });

    private static MessageRequest Request(Message message) => new()
    {
        PlatformId = "p", PlatformPartnerId = "pp", RefId = "inbox-test", Priority = Priority.Normal, Source = Business,
        Destinations = [Customer], EventReportGates = [Gate], Messages = [message],
    };

    private static TemplateMessage OrderUpdate() => new()
    {
        Template = new()
        {
            Namespace = "shop_ns", Name = "order_update", Language = new() { Code = "en_US" },
            Components =
            [
                new() { Type = ComponentType.Header, Parameters = [new ImageParameter { Image = new() { Link = "https://shop.example/box.png" } }] },
                new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Ann" }, new TextParameter { Text = "42" }] },
                new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "track-42" }] },
                new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 1, Parameters = [new TextParameter { Text = "42" }] },
            ],
        },
    };

    private static async Task<ILocator> OpenChatAsync(IPage page, LinkSandbox sandbox)
    {
        await page.GotoAsync(sandbox.InboxUrl.ToString());
        await Expect(page.GetByTestId("connection")).ToHaveTextAsync("live");
        await page.Locator($"#chat-list li[data-customer='{Customer}']").ClickAsync();
        return page.GetByTestId("messages");
    }

    [BrowserFact]
    public async Task A_template_message_shows_as_whatsapp_shows_it_with_its_parameters_and_buttons()
    {
        await using Receiver receiver = await ReceiverAsync();
        await using LinkSandbox sandbox = await SandboxAsync(receiver);
        await using Chromium chromium = await Chromium.StartAsync();
        MessageResponse sent = await Client(sandbox).SendAsync(Request(OrderUpdate()));

        ILocator messages = await OpenChatAsync(chromium.Page, sandbox);
        ILocator bubble = messages.Locator($"li[data-message-id='{sent.MessageIds![0]}']");

        await Expect(bubble.Locator(".body")).ToHaveTextAsync("Hi Ann, your order 42 is on its way.");
        await Expect(bubble.Locator(".body mark")).ToHaveTextAsync(["Ann", "42"]);
        await Expect(bubble.Locator(".card")).ToContainTextAsync("https://shop.example/box.png");
        await Expect(bubble.Locator(".footer")).ToHaveTextAsync("Reply STOP to opt out");
        await Expect(bubble.GetByTestId("quick-reply")).ToHaveTextAsync("Track my order");
        await Expect(bubble.Locator(".buttons span")).ToHaveTextAsync("Open → https://shop.example/orders/42");
        await chromium.ScreenshotAsync("inbox-template.png");
    }

    [BrowserFact]
    public async Task The_ticks_move_from_sent_to_read_as_the_reports_go_out()
    {
        await using Receiver receiver = await ReceiverAsync();
        await using LinkSandbox sandbox = await SandboxAsync(receiver);
        await using Chromium chromium = await Chromium.StartAsync();
        WhatsAppClient client = Client(sandbox);
        await sandbox.SendReceiveMessageAsync(Gate, LinkSandbox.TextFrom(Customer, Business, "Hi!"));   // the chat exists and its window is open
        await client.SendAsync(Request(OrderUpdate()));
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(30));
        ILocator messages = await OpenChatAsync(chromium.Page, sandbox);

        // The receiver holds the next report (the text's "sent") until the test lets it go: the page shows one tick meanwhile.
        var hold = new HoldGate(new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously));
        receiver.Recorder.Hold = hold;
        MessageResponse sent = await client.SendAsync(Request(Text("Your parcel is at the door")));
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ILocator ticks = messages.Locator($"li[data-message-id='{sent.MessageIds![0]}']").GetByTestId("ticks");
        await Expect(ticks).ToHaveTextAsync("✓");
        await Expect(ticks).ToHaveClassAsync("ticks sent");

        hold.Gate.SetResult();
        // Delivered, and read at once: the customer has the chat open.
        await Expect(ticks).ToHaveClassAsync("ticks read");
        await Expect(ticks).ToHaveTextAsync("✓✓");
        Assert.Equal("rgb(83, 189, 235)", await ticks.EvaluateAsync<string>("e => getComputedStyle(e).color"));   // blue
    }

    [BrowserFact]
    public async Task A_quick_reply_press_reaches_the_app_as_the_button_message_in_reply_to_the_template()
    {
        await using Receiver receiver = await ReceiverAsync();
        await using LinkSandbox sandbox = await SandboxAsync(receiver);
        await using Chromium chromium = await Chromium.StartAsync();
        MessageResponse sent = await Client(sandbox).SendAsync(Request(OrderUpdate()));
        ILocator messages = await OpenChatAsync(chromium.Page, sandbox);

        await messages.Locator($"li[data-message-id='{sent.MessageIds![0]}']").GetByTestId("quick-reply").ClickAsync();
        await Expect(messages.Locator("li.in .body")).ToHaveTextAsync("↩ Track my order");   // in the inbox once the app took it

        ReceiveMessage pressed = Assert.Single(receiver.Recorder.Seen.OfType<ReceiveMessage>());
        var button = Assert.IsType<ReceiveButtonMessage>(pressed.Content!.Message);
        Assert.Equal("track-42", button.Button!.Payload);
        Assert.Equal("Track my order", button.Button.Text);
        Assert.Equal(sent.MessageIds[0], button.Context!.MessageId);
        Assert.Equal((Customer, Business), (pressed.Source, pressed.Destination));
        Assert.Empty(sandbox.UndeliverableCallbacks);   // every callback was signed as the receiver requires
    }

    [BrowserFact]
    public async Task A_reply_typed_as_the_customer_opens_the_window_and_a_text_before_it_shows_as_refused()
    {
        await using Receiver receiver = await ReceiverAsync();
        await using LinkSandbox sandbox = await SandboxAsync(receiver);
        await using Chromium chromium = await Chromium.StartAsync();
        WhatsAppClient client = Client(sandbox);
        MessageResponse early = await client.SendAsync(Request(Text("Are you there?")));   // before the customer wrote
        ILocator messages = await OpenChatAsync(chromium.Page, sandbox);
        IPage page = chromium.Page;
        await Expect(page.GetByTestId("window")).ToContainTextAsync("window closed");
        ILocator refused = messages.Locator($"li[data-message-id='{early.MessageIds![0]}']");
        await Expect(refused).ToHaveAttributeAsync("data-state", "failed");
        await Expect(refused.Locator(".failure")).ToContainTextAsync("112403");

        await page.GetByTestId("reply-text").FillAsync("Yes, where is my order?");
        await page.GetByTestId("reply-send").ClickAsync();

        await Expect(page.GetByTestId("window")).ToContainTextAsync("window open, 23 h");
        await Expect(messages.Locator("li.in .body")).ToHaveTextAsync("Yes, where is my order?");
        ReceiveMessage reply = Assert.Single(receiver.Recorder.Seen.OfType<ReceiveMessage>());
        Assert.Equal("Yes, where is my order?", Assert.IsType<ReceiveTextMessage>(reply.Content!.Message).Text);
        await chromium.ScreenshotAsync("inbox-chat.png");
    }

    [BrowserFact]
    public async Task A_message_body_of_html_shows_as_its_characters_and_runs_nothing()
    {
        const string Hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        await using Receiver receiver = await ReceiverAsync();
        await using LinkSandbox sandbox = await SandboxAsync(receiver);
        await using Chromium chromium = await Chromium.StartAsync();
        await sandbox.SendReceiveMessageAsync(Gate, LinkSandbox.TextFrom(Customer, Business, Hostile));   // the window opens
        MessageResponse sent = await Client(sandbox).SendAsync(Request(Text(Hostile)));
        IResponse? home = await chromium.Page.GotoAsync(sandbox.InboxUrl.ToString());
        ILocator messages = await OpenChatAsync(chromium.Page, sandbox);

        await Expect(messages.Locator($"li[data-message-id='{sent.MessageIds![0]}'] .body")).ToHaveTextAsync(Hostile);
        await Expect(messages.Locator("li.in .body")).ToHaveTextAsync(Hostile);
        await Expect(chromium.Page.Locator("#chat-list .last")).ToHaveTextAsync(Hostile);
        Assert.Equal(0, await chromium.Page.Locator("#messages img, #messages script, #chat-list img").CountAsync());
        Assert.Empty(chromium.Dialogs);
        string policy = (await home!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("default-src 'none'", policy);
    }

    [BrowserFact]
    public async Task The_page_reconnects_after_the_sandbox_restarts_and_shows_what_comes_next()
    {
        await using Receiver receiver = await ReceiverAsync();
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        await using Chromium chromium = await Chromium.StartAsync();
        IPage page = chromium.Page;
        LinkSandbox first = await SandboxAsync(receiver, port, token: "restart-token");
        await Client(first).SendAsync(Request(OrderUpdate()));
        ILocator messages = await OpenChatAsync(page, first);
        await Expect(messages.Locator("li")).ToHaveCountAsync(1);

        await first.DisposeAsync();
        await Expect(page.GetByTestId("connection")).ToHaveTextAsync("reconnecting…");
        await using LinkSandbox second = await SandboxAsync(receiver, port, token: "restart-token");
        await Expect(page.GetByTestId("connection")).ToHaveTextAsync("live");
        await Client(second).SendAsync(Request(OrderUpdate()));

        // The restarted sandbox remembers nothing: the chat holds the message sent after the restart.
        await page.Locator($"#chat-list li[data-customer='{Customer}']").ClickAsync();
        await Expect(messages.Locator("li .body")).ToHaveTextAsync("Hi Ann, your order 42 is on its way.");
    }

    [BrowserFact]
    public async Task The_campaign_page_counts_what_the_ledger_counts_and_lists_the_recipients_past_the_tier()
    {
        string results = Path.Combine(Directory.CreateTempSubdirectory("linkwa-inbox-campaign-").FullName, "results.csv");
        var ledger = new LinkMobility.WhatsApp.Campaigns.CampaignFileLedger(results);
        // The receiver records each event report in the ledger, as an app with AddWhatsAppCampaignReports does.
        await using Receiver receiver = await Receiver.StartAsync(services: s =>
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<LinkMobility.WhatsApp.Campaigns.ICampaignLedger>(s, ledger);
            LinkMobility.WhatsApp.AspNetCore.CampaignReportRegistration.AddWhatsAppCampaignReports(s);
        });
        var options = new LinkSandboxOptions { Templates = Templates.Templates, TemplatePreviews = Templates.Previews, Limits = { Enabled = true, Tier = (LinkMobility.WhatsApp.Limits.MessagingTier)9 } };
        options.Gates[Gate] = receiver.Url;
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        await using Chromium chromium = await Chromium.StartAsync();
        var campaign = new LinkMobility.WhatsApp.Campaigns.Campaign
        {
            Id = "spring-sale",
            Send = new LinkMobility.WhatsApp.Bulk.BulkSendOptions { PlatformId = "p", PlatformPartnerId = "pp", Source = Business, EventReportGates = [Gate], MaxConcurrency = 1 },
        };
        var recipients = Enumerable.Range(1, 12).Select(i => new LinkMobility.WhatsApp.Bulk.BulkMessage($"+4673{i:0000000}", OrderUpdate()) { Key = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToAsyncEnumerable();
        int settled = 0;
        await foreach (var _ in Client(sandbox).RunCampaignAsync(campaign, recipients, ledger))
        {
            // The run's ledger takes reports while the run is open: the last result waits for them.
            if (++settled == 12) Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(60)));
        }
        var status = await ledger.GetStatusAsync("spring-sale", TimeSpan.MaxValue, CancellationToken.None);

        IPage page = chromium.Page;
        await page.GotoAsync(sandbox.InboxUrl.ToString());
        await page.GetByTestId("show-campaigns").ClickAsync();
        ILocator card = page.Locator("section.campaign[data-campaign='spring-sale']");
        await Expect(card.GetByTestId("count-messages")).ToHaveTextAsync(status.Total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(card.GetByTestId("count-delivered")).ToHaveTextAsync(status[LinkMobility.WhatsApp.Campaigns.CampaignState.Delivered].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(card.GetByTestId("count-failed")).ToHaveTextAsync(status[LinkMobility.WhatsApp.Campaigns.CampaignState.Failed].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(card.Locator(".past")).ToContainTextAsync("past a limit (3)");
        Assert.Equal((12, 9, 3), (status.Total, status[LinkMobility.WhatsApp.Campaigns.CampaignState.Delivered], status[LinkMobility.WhatsApp.Campaigns.CampaignState.Failed]));
        await chromium.ScreenshotAsync("inbox-campaign.png");
    }

    [Fact]
    public async Task The_inbox_json_needs_its_token_and_says_what_is_wrong_with_a_request()
    {
        await using Receiver receiver = await ReceiverAsync();
        await using LinkSandbox sandbox = await SandboxAsync(receiver);
        await Client(sandbox).SendAsync(Request(OrderUpdate()));
        using var http = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl.GetLeftPart(UriPartial.Authority)) };
        string chat = $"/sandbox/inbox/chats/{Uri.EscapeDataString(Business)}/{Uri.EscapeDataString(Customer)}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/sandbox/inbox/chats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/sandbox/inbox/chats?token=wrong")).StatusCode);
        http.DefaultRequestHeaders.Add("X-Sandbox-Token", sandbox.InboxToken);
        string chats = await http.GetStringAsync("/sandbox/inbox/chats");
        Assert.Contains($"\"customer\":\"{Customer}\"", chats.Replace("\\u002B", "+"));
        string messages = await http.GetStringAsync(chat);
        Assert.Contains("\"name\":\"order_update\"", messages);

        HttpResponseMessage malformed = await http.PostAsync(chat + "/messages", new StringContent("{\"text\": 5}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("$.text", await malformed.Content.ReadAsStringAsync());
        HttpResponseMessage empty = await http.PostAsync(chat + "/messages", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/sandbox/inbox/chats/%2B1/%2B2")).StatusCode);

        // The endpoints as the sandbox's OpenAPI document says them: each GET without path parameters answers.
        var document = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/sandbox/openapi.json"))!;
        Assert.Equal("3.1.0", (string)document["openapi"]!);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(7, paths.Count);   // the inbox's seven paths
        foreach (string path in paths.Where(p => !p.Contains('{') && !p.EndsWith("/events", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(chat)).StatusCode);

        // The stream sends its first view at once: the chats, and the chat asked for with its messages.
        string events = $"/sandbox/inbox/events?business={Uri.EscapeDataString(Business)}&customer={Uri.EscapeDataString(Customer)}&messages=5";
        using (HttpResponseMessage stream = await http.GetAsync(events, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync());
            string? line;
            while ((line = await lines.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is not null && line != "event: view")
            {
            }
            string data = (await lines.ReadLineAsync())!;
            Assert.StartsWith("data: ", data);
            var view = System.Text.Json.Nodes.JsonNode.Parse(data["data: ".Length..])!;
            Assert.Equal(Customer, (string)view["chats"]![0]!["customer"]!);
            Assert.Equal(Customer, (string)view["chat"]!["customer"]!);
            Assert.Equal("order_update", (string)view["chat"]!["messages"]![0]!["content"]!["template"]!["name"]!);
        }

        // Basic credentials of the API do too.
        using var basic = new HttpClient { BaseAddress = http.BaseAddress };
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox:sandbox")));
        Assert.Equal(HttpStatusCode.OK, (await basic.GetAsync("/sandbox/inbox/chats")).StatusCode);
    }

    [Fact]
    public async Task The_inbox_keeps_its_most_recently_active_chats_and_drops_the_stalest_past_its_bound()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(new LinkSandboxOptions { DeliveryDelay = TimeSpan.FromMilliseconds(1) });
        WhatsAppClient client = Client(sandbox);
        static string Number(int i) => $"+4674{i:0000000}";
        async Task SendAsync(params int[] customers) => await client.SendAsync(new MessageRequest
        {
            PlatformId = "p", PlatformPartnerId = "pp", RefId = "bound", Priority = Priority.Normal, Source = Business,
            Destinations = [.. customers.Select(Number)], Messages = [Text("hello")],
        });

        // 10,000 chats (the bound), then the first written to again, then one more chat: the stalest, the second, goes.
        foreach (int[] chunk in Enumerable.Range(0, 10_000).Chunk(1_000)) await SendAsync(chunk);
        await SendAsync(0);
        await SendAsync(10_000);

        using var http = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Add("X-Sandbox-Token", sandbox.InboxToken);
        var chats = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/sandbox/inbox/chats?limit=1000"))!.AsArray();
        Assert.Equal([Number(10_000), Number(0), Number(9_999)], chats.Take(3).Select(c => (string)c!["customer"]!));
        string Chat(int i) => $"/sandbox/inbox/chats/{Uri.EscapeDataString(Business)}/{Uri.EscapeDataString(Number(i))}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Chat(1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Chat(0))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Chat(2))).StatusCode);
    }

    /// <summary>A text message (not a template: the window decides whether it reaches the customer).</summary>
    private static TextMessage Text(string body) => new() { Text = new() { Body = body } };
}
