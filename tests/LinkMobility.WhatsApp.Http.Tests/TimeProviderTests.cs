using LinkMobility.WhatsApp.Conversations;
using LinkMobility.WhatsApp.Limits;
using LinkMobility.WhatsApp.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>The client's clock is a TimeProvider it is given: a test moves a FakeTimeProvider instead of waiting.</summary>
public class TimeProviderTests
{
    private static MessageRequest Text(string refId) => new()
    {
        PlatformId = "p", PlatformPartnerId = "pp", RefId = refId, Priority = Priority.Normal, Source = "+46700000000",
        Destinations = ["+46700000001"], Messages = [new TextMessage { Text = new() { Body = "Hi" } }],
    };

    [Fact]
    public async Task The_pair_rate_runs_on_the_given_clock()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var client = new WhatsAppClient(new HttpClient(WhatsAppClient.CreateHandler()), new WhatsAppClientOptions
        {
            BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
            Limits = { Enabled = true, PairBurst = 1, PairInterval = TimeSpan.FromHours(1), WhenLimited = WhenLimited.Fail },
        }, timeProvider: time);

        await client.SendAsync(Text("first"));
        var limited = await Assert.ThrowsAsync<WhatsAppLimitException>(() => client.SendAsync(Text("second")));
        Assert.Equal(SendLimit.PairRate, limited.Limit);
        Assert.Equal(TimeSpan.FromHours(1), limited.RetryAfter);   // no real time passed on the fake clock

        time.Advance(TimeSpan.FromHours(1));
        await client.SendAsync(Text("third"));

        Assert.Equal(["first", "third"], sandbox.ReceivedRequests.Select(r => r.RefId));
    }

    [Fact]
    public async Task The_24_hour_window_is_judged_on_the_clock_from_dependency_injection()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2020, 1, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddWhatsAppClient(o =>
        {
            o.BaseUrl = sandbox.BaseUrl; o.Username = "sandbox"; o.Password = "sandbox"; o.AllowInsecureHttp = true;
            o.ConversationWindow = ConversationWindowCheck.Refuse;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<WhatsAppClient>();
        await provider.GetRequiredService<IConversationWindowStore>().RecordInboundAsync("+46700000001", time.GetUtcNow(), default);

        time.Advance(TimeSpan.FromHours(23));
        await client.SendAsync(Text("open"));   // 23 hours after the customer wrote, on the fake clock (years ago on the real one)
        time.Advance(TimeSpan.FromHours(2));
        var closed = await Assert.ThrowsAsync<WhatsAppConversationWindowException>(() => client.SendAsync(Text("closed")));

        Assert.Equal(new DateTimeOffset(2020, 1, 2, 9, 0, 0, TimeSpan.Zero), closed.ClosedAt);
        Assert.Equal(["open"], sandbox.ReceivedRequests.Select(r => r.RefId));
    }
}
