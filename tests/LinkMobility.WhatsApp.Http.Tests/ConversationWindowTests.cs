using System.Net;
using LinkMobility.WhatsApp.Conversations;
using LinkMobility.WhatsApp.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>The 24-hour customer care window: opened by a message from the number, checked by the client, kept by the sandbox.</summary>
public class ConversationWindowTests
{
    private const string Customer = "+46700000001";

    private static MessageRequest Request(params Message[] messages)
    {
        MessageRequest request = ClientTests.Request(Customer);
        request.EventReportGates = ["gate-1"];
        request.Messages.Clear();
        request.Messages.AddRange(messages);
        return request;
    }

    private static TextMessage Text => new() { Text = new() { Body = "hi" } };

    private static TemplateMessage Template => new()
    {
        Template = new() { Namespace = "ns", Name = "hello", Language = new() { Code = "en_US" }, Components = [new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "x" }] }] },
    };

    private static async Task<(Receiver Receiver, LinkSandbox Sandbox, IConversationWindowStore Windows)> StartAsync()
    {
        Receiver receiver = await Receiver.StartAsync();
        var options = new LinkSandboxOptions { EnforceConversationWindow = true, DeliveryDelay = TimeSpan.FromMilliseconds(5) };
        options.Gates["gate-1"] = receiver.Url;
        return (receiver, await LinkSandbox.StartAsync(options), receiver.Services.GetRequiredService<IConversationWindowStore>());
    }

    private static WhatsAppClient Client(LinkSandbox sandbox, ConversationWindowCheck check, IConversationWindowStore windows, ILogger<WhatsAppClient>? logger = null) =>
        new(new HttpClient(WhatsAppClient.CreateHandler()), new WhatsAppClientOptions
        {
            BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
            ConversationWindow = check, ConversationWindows = windows,
        }, logger);

    [Fact]
    public async Task Refuse_sends_no_text_before_the_customer_wrote_and_the_inbound_message_opens_the_window()
    {
        var (receiver, sandbox, windows) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;
        WhatsAppClient client = Client(sandbox, ConversationWindowCheck.Refuse, windows);

        var refused = await Assert.ThrowsAsync<WhatsAppConversationWindowException>(() => client.SendAsync(Request(Text)));
        Assert.Equal((Customer, (DateTimeOffset?)null), (refused.Destination, refused.ClosedAt));
        Assert.Contains("never opened", refused.Message);
        // A mixed request is judged by its text: none of it goes.
        await Assert.ThrowsAsync<WhatsAppConversationWindowException>(() => client.SendAsync(Request(Template, Text)));
        Assert.Empty(sandbox.ReceivedRequests);
        // A template needs no window.
        await client.SendAsync(Request(Template));

        // The customer writes in: the callback endpoint records it in the store the client reads.
        await sandbox.SendReceiveMessageAsync("gate-1", LinkSandbox.TextFrom("+46 70 000 00 01", "+46700000000", "Hi"));
        await client.SendAsync(Request(Text));
        Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(2, sandbox.ReceivedRequests.Count);
        Assert.All(receiver.Recorder.Seen.OfType<EventReport>(), r => Assert.NotEqual(ResultCodes.NotDelivered, r.ResultCode));
    }

    [Fact]
    public async Task A_window_that_closed_says_when()
    {
        var windows = new InMemoryConversationWindowStore();
        DateTimeOffset wrote = DateTimeOffset.UtcNow - TimeSpan.FromHours(30);
        await windows.RecordInboundAsync(Customer, wrote, default);
        var (receiver, sandbox, _) = await StartAsync();
        await using var _r = receiver;
        await using var _s = sandbox;

        var refused = await Assert.ThrowsAsync<WhatsAppConversationWindowException>(() => Client(sandbox, ConversationWindowCheck.Refuse, windows).SendAsync(Request(Text)));
        Assert.Equal(wrote + TimeSpan.FromHours(24), refused.ClosedAt);
    }

    [Fact]
    public async Task The_sandbox_fails_a_text_outside_the_window_through_its_event_report_and_delivers_a_template()
    {
        var (receiver, sandbox, windows) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;

        // Warn: logged and sent; the sandbox, like WhatsApp, does not deliver it.
        var logs = new ListLogger<WhatsAppClient>();
        await Client(sandbox, ConversationWindowCheck.Warn, windows, logs).SendAsync(Request(Template, Text));
        Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20)));

        var reports = receiver.Recorder.Seen.OfType<EventReport>().ToList();
        Assert.Equal([ResultCodes.Sent, ResultCodes.Delivered], reports.Where(r => r.MessageIndex == 0).Select(r => r.ResultCode!.Value));
        EventReport failed = Assert.Single(reports, r => r.MessageIndex == 1);
        Assert.Equal(ResultCodes.NotDelivered, failed.ResultCode);
        Assert.Contains("24-hour customer care window", failed.ResultDescription);
        string warning = Assert.Single(logs.Messages);
        Assert.Contains("never opened", warning);
        Assert.DoesNotContain(Customer, warning);   // no phone numbers in logs
    }

    [Fact]
    public async Task The_store_is_keyed_by_digits_bounded_and_keeps_the_latest_message()
    {
        var windows = new InMemoryConversationWindowStore { MaxKeys = 100 };
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await windows.RecordInboundAsync("+46 (70) 000-00-01", now - TimeSpan.FromHours(1), default);
        await windows.RecordInboundAsync("46700000001", now - TimeSpan.FromHours(2), default);
        Assert.Equal(now - TimeSpan.FromHours(1), await windows.LastInboundAsync(Customer, default));
        for (int i = 0; i < 500; i++) await windows.RecordInboundAsync($"+4671{i:D7}", now, default);
        Assert.Null(await windows.LastInboundAsync(Customer, default));   // the longest silent went first
        Assert.Equal(now, await windows.LastInboundAsync("+46710000499", default));
    }

    [Fact]
    public void Dependency_injection_gives_the_client_and_the_callback_endpoint_one_store()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWhatsAppClient(o => { o.Region = LinkRegion.NEu; o.Username = "u"; o.Password = "p"; o.ConversationWindow = ConversationWindowCheck.Refuse; });
        LinkMobility.WhatsApp.AspNetCore.WhatsAppCallbackEndpoints.AddWhatsAppCallbacks(services);
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Single(services, d => d.ServiceType == typeof(IConversationWindowStore));
        Assert.NotNull(provider.GetRequiredService<WhatsAppClient>());
    }

    [Fact]
    public async Task Settings_are_checked_when_the_application_starts_each_failure_naming_its_setting()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddWhatsAppClient(o => { o.BaseUrl = new Uri("http://example.com/api"); o.MaxResponseBytes = 10; });
        LinkMobility.WhatsApp.AspNetCore.WhatsAppCallbackEndpoints.AddWhatsAppCallbacks(builder.Services, o => o.Username = "link");
        await using var app = builder.Build();

        // Both packages' options fail, together: one start tells everything that is wrong.
        var ex = await Assert.ThrowsAsync<AggregateException>(() => app.StartAsync());
        string all = string.Join("\n", ex.InnerExceptions.Cast<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures));
        Assert.Contains("WhatsAppCallbackOptions.Username and Password are set together", all);
        Assert.Contains("Region/BaseUrl: The base URL http://example.com/api uses plain http", all);
        Assert.Contains("Username is required", all);
        Assert.Contains("MaxResponseBytes is 10", all);
    }
}
