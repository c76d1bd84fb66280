using System.Net;
using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Callbacks;
using LinkMobility.WhatsApp.Conversations;
using LinkMobility.WhatsApp.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>Shared state on a real redis-server: several receivers handle each delivery once, and a restart loses none.</summary>
public class RedisTests
{
    private static string Report(int i) =>
        File.ReadAllText(Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "schema", "examples", "event-report.json")).Replace("8aU6cwxAKE9NzMLrS6M82Y", $"message-{i:D4}");

    private static Task<Receiver> ReceiverOn(RedisServer redis) =>
        Receiver.StartAsync(services: s => s.AddWhatsAppRedis(redis.ConnectionString, o =>
        {
            o.KeyPrefix = "test:";
            o.InFlightTimeout = TimeSpan.FromSeconds(15);   // a claim whose instance lost its answer is free again soon
        }));

    // LINK's gateway sends in parallel, but over a bounded number of connections.
    private static readonly SemaphoreSlim Connections = new(100);

    /// <summary>Posts as LINK does: a 503 (in flight, or the store down) is tried again later, up to a deadline; returns the last status.</summary>
    private static async Task<HttpStatusCode> DeliverAsync(Receiver receiver, string body, TimeSpan deadline)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            HttpStatusCode status;
            await Connections.WaitAsync();
            try
            {
                using HttpResponseMessage response = await receiver.PostAsync(body);
                status = response.StatusCode;
            }
            finally
            {
                Connections.Release();
            }
            if (status != HttpStatusCode.ServiceUnavailable || clock.Elapsed > deadline) return status;
            await Task.Delay(300);   // the endpoint asks for 5 s; shorter here, to keep the test short
        }
    }

    [RedisFact]
    public async Task Two_instances_sharing_redis_handle_each_of_2000_deliveries_exactly_once()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Receiver first = await ReceiverOn(redis);
        await using Receiver second = await ReceiverOn(redis);

        // 500 distinct deliveries, each 4 times, spread over both instances, all at once.
        var posts = Enumerable.Range(0, 2000).Select(n => DeliverAsync(n % 2 == 0 ? first : second, Report(n % 500), TimeSpan.FromSeconds(60)));
        HttpStatusCode[] statuses = await Task.WhenAll(posts);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var handled = first.Recorder.Seen.Concat(second.Recorder.Seen).Cast<EventReport>().Select(r => r.MessageId).ToList();
        Assert.Equal(500, handled.Count);
        Assert.Equal(500, handled.Distinct().Count());
        Assert.True(first.Recorder.Seen.Count > 0 && second.Recorder.Seen.Count > 0, "both instances handled some");
    }

    [RedisFact]
    public async Task Claims_made_at_once_go_together_and_each_key_is_claimed_once_then_handled_in_order()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        using StackExchange.Redis.ConnectionMultiplexer connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var store = new RedisCallbackDeduplicationStore(connection, new WhatsAppRedisOptions { KeyPrefix = "batch:" });

        // 4,000 claims of 1,000 keys at once: the batches are shared, the answers are each caller's own.
        CallbackClaim[] claims = await Task.WhenAll(Enumerable.Range(0, 4000).Select(i => Task.Run(() => store.TryClaimAsync("k" + (i % 1000), default).AsTask())));
        Assert.Equal(1000, claims.Count(c => c == CallbackClaim.Claimed));
        Assert.Equal(3000, claims.Count(c => c == CallbackClaim.InFlight));

        // A completion this process sent reaches Redis before its later claims, without waiting for it.
        ValueTask completion = store.CompleteAsync("k1", default);
        Assert.Equal(CallbackClaim.Handled, await store.TryClaimAsync("k1", default));
        await completion;
        await store.ReleaseAsync("k2", default);
        Assert.Equal(CallbackClaim.Claimed, await store.TryClaimAsync("k2", default));
    }

    [RedisFact]
    public async Task A_redis_restart_mid_run_loses_no_delivery()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Receiver first = await ReceiverOn(redis);
        await using Receiver second = await ReceiverOn(redis);

        var statuses = new List<Task<HttpStatusCode>>();
        for (int i = 0; i < 400; i++)
        {
            statuses.Add(DeliverAsync(i % 2 == 0 ? first : second, Report(i), TimeSpan.FromSeconds(60)));
            if (i == 150) await redis.RestartAsync(TimeSpan.FromSeconds(1));   // down for a second, its keys gone
            await Task.Delay(5);
        }
        HttpStatusCode[] final = await Task.WhenAll(statuses);

        // Every delivery ended handled (LINK's retries got through once Redis was back) or refused with a retryable status.
        Assert.All(final, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, s.ToString()));
        var handled = first.Recorder.Seen.Concat(second.Recorder.Seen).Cast<EventReport>().Select(r => r.MessageId).ToHashSet();
        for (int i = 0; i < 400; i++)
        {
            Assert.True(handled.Contains($"message-{i:D4}") || final[i] == HttpStatusCode.ServiceUnavailable, $"delivery {i} was acknowledged but never handled");
        }
    }

    [RedisFact]
    public async Task While_redis_is_down_a_callback_is_answered_503_and_the_health_check_says_unhealthy()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Receiver receiver = await ReceiverOn(redis);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWhatsAppRedis(redis.ConnectionString);
        services.AddHealthChecks().AddWhatsAppRedis();
        await using ServiceProvider provider = services.BuildServiceProvider();
        HealthCheckService health = provider.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        await redis.DisposeAsync();
        using (HttpResponseMessage refused = await receiver.PostAsync(Report(1)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        }
        Assert.Empty(receiver.Recorder.Seen);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
    }

    [RedisFact]
    public async Task The_window_store_keeps_each_numbers_latest_message_for_24_hours()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        var services = new ServiceCollection();
        services.AddWhatsAppRedis(redis.ConnectionString, o => o.KeyPrefix = "windows:");
        await using ServiceProvider provider = services.BuildServiceProvider();
        IConversationWindowStore windows = provider.GetRequiredService<IConversationWindowStore>();
        Assert.IsType<RedisConversationWindowStore>(windows);
        Assert.IsType<RedisCallbackDeduplicationStore>(provider.GetRequiredService<ICallbackDeduplicationStore>());

        DateTimeOffset now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await windows.RecordInboundAsync("+46 70 000 00 01", now - TimeSpan.FromHours(1), default);
        await windows.RecordInboundAsync("46700000001", now - TimeSpan.FromHours(3), default);   // older: ignored
        Assert.Equal(now - TimeSpan.FromHours(1), await windows.LastInboundAsync("+46700000001", default));
        await windows.RecordInboundAsync("+46700000002", now - TimeSpan.FromHours(25), default);  // already closed: not kept
        Assert.Null(await windows.LastInboundAsync("+46700000002", default));
    }
}
