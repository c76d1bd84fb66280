using System.Threading.RateLimiting;
using LinkMobility.WhatsApp.Limits;
using LinkMobility.WhatsApp.Redis;
using LinkMobility.WhatsApp.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>WhatsApp's limits: kept by the client before sending (in memory and on Redis), and by the sandbox as WhatsApp keeps them.</summary>
public class LimitsTests
{
    private const string Source = "+46700000000";

    internal static WhatsAppClient Client(LinkSandbox sandbox, Action<SendLimitOptions>? limits = null, WhatsAppSendLimiters? limiters = null)
    {
        var options = new WhatsAppClientOptions
        {
            BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true, ValidateTemplates = false,
        };
        if (limits is not null)
        {
            options.Limits.Enabled = true;
            limits(options.Limits);
        }
        return new WhatsAppClient(new HttpClient(), options, limiters: limiters);
    }

    internal static MessageRequest Text(params string[] destinations)
    {
        MessageRequest request = ClientTests.Request(destinations);
        request.Source = Source;
        return request;
    }

    internal static MessageRequest Template(params string[] destinations)
    {
        MessageRequest request = Text(destinations);
        request.Messages = [new TemplateMessage { Template = new() { Namespace = "shop", Name = "order_update", Language = new() { Code = "en_US" }, Components = [] } }];
        return request;
    }

    [Fact]
    public async Task Past_the_pair_rate_a_send_that_does_not_wait_fails_naming_the_limit_and_the_recipient_and_sends_nothing()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, l => { l.PairBurst = 2; l.PairInterval = TimeSpan.FromHours(1); l.WhenLimited = WhenLimited.Fail; });

        await client.SendAsync(Text("+46700000001"));
        await client.SendAsync(Text("+46700000001"));
        var refused = await Assert.ThrowsAsync<WhatsAppLimitException>(() => client.SendAsync(Text("+46700000001")));
        await client.SendAsync(Text("+46700000002"));   // another recipient has its own pace

        Assert.Equal(SendLimit.PairRate, refused.Limit);
        Assert.Equal(["+46700000001"], refused.Destinations);
        Assert.DoesNotContain("+4670", refused.Message);
        Assert.Equal(3, sandbox.ReceivedRequests.Count);
    }

    [Fact]
    public async Task A_send_that_waits_is_canceled_while_it_waits_and_nothing_is_sent()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, l => { l.PairBurst = 1; l.PairInterval = TimeSpan.FromHours(1); });
        await client.SendAsync(Text("+46700000001"));

        using var cancel = new CancellationTokenSource();
        Task waiting = client.SendAsync(Text("+46700000001"), cancel.Token);
        Assert.False(waiting.IsCompleted);   // an hour's wait: it cannot have been sent
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Single(sandbox.ReceivedRequests);
    }

    [Fact]
    public async Task A_send_waits_for_its_permit_and_the_sandbox_sees_nothing_past_the_limits()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(new LinkSandboxOptions
        {
            Limits = { Enabled = true, MessagesPerSecond = 20, PairBurst = 1, PairInterval = TimeSpan.FromMilliseconds(200) },
        });
        WhatsAppClient client = Client(sandbox, l => { l.MessagesPerSecond = 20; l.PairBurst = 1; l.PairInterval = TimeSpan.FromMilliseconds(200); });

        // 30 recipients at once (the number's pace), then one recipient three times (its own pace).
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.SendAsync(Text($"+467000001{i:00}"))));
        for (int i = 0; i < 3; i++) await client.SendAsync(Text("+46700000001"));

        Assert.Equal(33, sandbox.ReceivedRequests.Count);
        SandboxTraffic traffic = sandbox.Traffic;
        Assert.Equal(33, traffic.Messages);
        Assert.Equal(0, traffic.PastThroughput);
        Assert.Equal(0, traffic.PastPairRate);
    }

    [Fact]
    public async Task Past_the_messaging_tier_a_template_to_a_new_recipient_is_refused_and_never_sent()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        WhatsAppClient client = Client(sandbox, l => l.Tier = (MessagingTier)2);

        await client.SendAsync(Template("+46700000001", "+46700000002"));
        await client.SendAsync(Template("+46700000001"));            // already started: not a new conversation
        await client.SendAsync(Text("+46700000003"));                // not a template: starts no conversation
        var refused = await Assert.ThrowsAsync<WhatsAppLimitException>(() => client.SendAsync(Template("+46700000002", "+46700000003")));

        Assert.Equal(SendLimit.Tier, refused.Limit);
        Assert.Equal(["+46700000003"], refused.Destinations);
        Assert.Null(refused.RetryAfter);
        Assert.Equal(3, sandbox.ReceivedRequests.Count);
    }

    [Fact]
    public async Task The_throughput_is_kept_per_number_and_a_request_counts_each_destination()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        // A bucket that never refills within the test: 2 messages per number.
        var limiters = new WhatsAppSendLimiters(
            PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = 2, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = false,
            })),
            WhatsAppSendLimiters.InMemory(new SendLimitOptions()).PairRate,
            WhatsAppSendLimiters.InMemory(new SendLimitOptions()).Tier);
        WhatsAppClient client = Client(sandbox, l => { l.MessagesPerSecond = 1; l.WhenLimited = WhenLimited.Fail; }, limiters);

        await client.SendAsync(Text("+46700000001", "+46700000002"));
        var refused = await Assert.ThrowsAsync<WhatsAppLimitException>(() => client.SendAsync(Text("+46700000003")));
        MessageRequest other = Text("+46700000003");
        other.Source = "+46700000099";
        await client.SendAsync(other);

        Assert.Equal(SendLimit.Throughput, refused.Limit);
        Assert.Equal(2, sandbox.ReceivedRequests.Count);
    }

    [Fact]
    public async Task The_sandbox_fails_messages_past_each_limit_through_their_event_reports_with_whatsapps_code()
    {
        await using Receiver receiver = await Receiver.StartAsync();
        var options = new LinkSandboxOptions
        {
            DeliveryDelay = TimeSpan.Zero,
            Limits = { Enabled = true, MessagesPerSecond = 5, PairBurst = 1, PairInterval = TimeSpan.FromHours(1), Tier = (MessagingTier)1 },
        };
        options.Gates["gate-1"] = receiver.Url;
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        WhatsAppClient client = Client(sandbox);   // the client keeps no limits: WhatsApp (the sandbox) does

        async Task<string> SendAsync(MessageRequest request)
        {
            request.EventReportGates = ["gate-1"];
            request.RefId = "limits-" + Guid.NewGuid().ToString("N");
            await client.SendAsync(request);   // accepted: 200, as LINK queues it
            return request.RefId;
        }
        string tier = await SendAsync(Template("+46700000001", "+46700000002"));   // the second is past the tier of 1
        string pair = await SendAsync(Text("+46700000001"));                        // a second message to it: past its pair rate (sandbox: burst + 1)
        string pairAgain = await SendAsync(Text("+46700000001"));
        var burst = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            MessageRequest request = Text($"+467000002{i:00}");
            request.Source = "+46700000099";   // another number: its own 5 per second, far passed by 30 at once
            burst.Add(await SendAsync(request));
        }
        Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(60)));

        var failed = receiver.Recorder.Seen.Cast<EventReport>().Where(r => r.ResultCode == ResultCodes.FailedWaRequest).ToList();
        Assert.Contains(failed, r => r.RefId == tier && r.ResultDescription!.Contains("131049"));
        Assert.Contains(failed, r => r.RefId == pairAgain && r.ResultDescription!.Contains("131056"));
        Assert.Contains(failed, r => burst.Contains(r.RefId!) && r.ResultDescription!.Contains("130429"));
        SandboxTraffic traffic = sandbox.Traffic;
        Assert.Equal(1, traffic.PastTier);
        Assert.Equal(1, traffic.PastPairRate);
        Assert.True(traffic.PastThroughput > 5, $"{traffic.PastThroughput} past the throughput");
        Assert.Equal(traffic.PastTier + traffic.PastPairRate + traffic.PastThroughput, failed.Count);
    }

    [Fact]
    public void Limits_that_cannot_be_kept_fail_when_the_application_starts_naming_each_setting()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppClient(o =>
        {
            o.BaseUrl = new Uri("https://example.com"); o.Username = "u"; o.Password = "p";
            o.Limits.Enabled = true; o.Limits.MessagesPerSecond = 0; o.Limits.PairBurst = 0;
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WhatsAppClientOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.Contains("Limits.MessagesPerSecond is 0"));
        Assert.Contains(failure.Failures, f => f.Contains("Limits.PairBurst is 0"));
    }

    /// <summary>Two instances: each its own connection to one redis-server, and limiters made by AddWhatsAppRedis.</summary>
    private static (ServiceProvider Provider, WhatsAppClient Client) Instance(RedisServer redis, LinkSandbox sandbox, Action<SendLimitOptions> limits)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWhatsAppClient(o =>
        {
            o.BaseUrl = sandbox.BaseUrl; o.Username = "sandbox"; o.Password = "sandbox"; o.AllowInsecureHttp = true; o.ValidateTemplates = false;
            o.Limits.Enabled = true;
            limits(o.Limits);
        });
        services.AddWhatsAppRedis(redis.ConnectionString);
        ServiceProvider provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<WhatsAppClient>());
    }

    [RedisFact]
    public async Task Two_instances_sharing_redis_keep_one_pair_rate_and_one_tier_between_them()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        void Limits(SendLimitOptions l) { l.PairBurst = 2; l.PairInterval = TimeSpan.FromHours(1); l.Tier = (MessagingTier)3; l.WhenLimited = WhenLimited.Fail; }
        var (first, a) = Instance(redis, sandbox, Limits);
        var (second, b) = Instance(redis, sandbox, Limits);
        await using var _ = first;
        await using var __ = second;

        await a.SendAsync(Template("+46700000001", "+46700000002"));
        await b.SendAsync(Template("+46700000001"));        // its second: the pair's burst is used up, by both instances together
        var pair = await Assert.ThrowsAsync<WhatsAppLimitException>(() => a.SendAsync(Text("+46700000001")));
        await b.SendAsync(Template("+46700000003"));        // the third recipient of the tier of 3
        var tier = await Assert.ThrowsAsync<WhatsAppLimitException>(() => a.SendAsync(Template("+46700000004")));

        Assert.Equal(SendLimit.PairRate, pair.Limit);
        Assert.Equal(SendLimit.Tier, tier.Limit);
        Assert.Equal(["+46700000004"], tier.Destinations);
        Assert.Equal(3, sandbox.ReceivedRequests.Count);
    }

    [RedisFact]
    public async Task When_redis_cannot_be_reached_a_send_fails_saying_so_and_nothing_is_sent()
    {
        RedisServer redis = await RedisServer.StartAsync();
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var (provider, client) = Instance(redis, sandbox, l => { });
        await using var _ = provider;
        await client.SendAsync(Text("+46700000001"));

        await redis.DisposeAsync();
        var down = await Assert.ThrowsAsync<WhatsAppLimitsUnavailableException>(() => client.SendAsync(Text("+46700000002")));

        Assert.Contains("could not be checked", down.Message);
        Assert.NotNull(down.InnerException);
        Assert.Single(sandbox.ReceivedRequests);
    }

    [Fact]
    public void Limits_a_client_made_its_limiters_from_refuse_a_change_that_would_not_be_kept()
    {
        var options = new WhatsAppClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/api"), Username = "u", Password = "p", AllowInsecureHttp = true, Limits = { Enabled = true },
        };
        options.Limits.MessagesPerSecond = 20;   // before any client: taken
        _ = new WhatsAppClient(new HttpClient(), options);

        var refused = Assert.Throws<InvalidOperationException>(() => options.Limits.MessagesPerSecond = 40);
        Assert.Contains("SendLimitOptions.MessagesPerSecond cannot change", refused.Message);
        Assert.Throws<InvalidOperationException>(() => options.Limits.PairBurst = 10);
        Assert.Equal(20, options.Limits.MessagesPerSecond);
        options.Limits.WhenLimited = WhenLimited.Fail;   // read at each send: still free to change
    }

    /// <summary>A provider that counts the limiters it made, whose throughput says when it was disposed.</summary>
    private sealed class CountingProvider : WhatsAppSendLimiterProvider
    {
        public int Made;

        protected override WhatsAppSendLimiters CreateLimiters(SendLimitOptions limits)
        {
            Interlocked.Increment(ref Made);
            WhatsAppSendLimiters inMemory = base.CreateLimiters(limits);
            return new WhatsAppSendLimiters(new DisposalSeen(inMemory.Throughput), inMemory.PairRate, inMemory.Tier);
        }
    }

    private sealed class DisposalSeen(PartitionedRateLimiter<string> inner) : PartitionedRateLimiter<string>
    {
        public bool Disposed { get; private set; }

        public override RateLimiterStatistics? GetStatistics(string resource) => inner.GetStatistics(resource);

        protected override RateLimitLease AttemptAcquireCore(string resource, int permitCount) => inner.AttemptAcquire(resource, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(string resource, int permitCount, CancellationToken cancellationToken) =>
            inner.AcquireAsync(resource, permitCount, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            inner.Dispose();
        }

        protected override ValueTask DisposeAsyncCore()
        {
            Disposed = true;
            return inner.DisposeAsync();
        }
    }

    [Fact]
    public async Task In_di_the_limiters_are_a_service_made_once_per_client_shared_by_its_instances_and_disposed_with_the_provider()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        var limiters = new CountingProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        // Before AddWhatsAppClient, whose TryAdd keeps this one; made by a factory, so the container owns it.
        services.AddSingleton<WhatsAppSendLimiterProvider>(_ => limiters);
        void Account(WhatsAppClientOptions o)
        {
            o.BaseUrl = sandbox.BaseUrl; o.Username = "sandbox"; o.Password = "sandbox"; o.AllowInsecureHttp = true; o.ValidateTemplates = false;
            o.Limits.Enabled = true; o.Limits.PairBurst = 1; o.Limits.PairInterval = TimeSpan.FromHours(1); o.Limits.WhenLimited = WhenLimited.Fail;
        }
        services.AddWhatsAppClient(Account);
        services.AddWhatsAppClient("second", Account);
        WhatsAppSendLimiters made;
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            // The typed client is transient: two instances, one pair rate.
            await provider.GetRequiredService<WhatsAppClient>().SendAsync(Text("+46700000001"));
            await Assert.ThrowsAsync<WhatsAppLimitException>(() => provider.GetRequiredService<WhatsAppClient>().SendAsync(Text("+46700000001")));
            // The named client has limiters of its own, shared by its instances.
            IWhatsAppClientFactory factory = provider.GetRequiredService<IWhatsAppClientFactory>();
            await factory.CreateClient("second").SendAsync(Text("+46700000001"));
            await Assert.ThrowsAsync<WhatsAppLimitException>(() => factory.CreateClient("second").SendAsync(Text("+46700000001")));

            Assert.Equal(2, limiters.Made);
            Assert.True(provider.GetRequiredService<IOptions<WhatsAppClientOptions>>().Value.Limits.IsReadOnly);
            made = limiters.GetLimiters("second", new SendLimitOptions());
        }
        Assert.True(((DisposalSeen)made.Throughput).Disposed);
        Assert.Throws<ObjectDisposedException>(() => limiters.GetLimiters("second", new SendLimitOptions()));
        Assert.Equal(2, sandbox.ReceivedRequests.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddWhatsAppRedis_replaces_the_limiter_provider_whichever_comes_first(bool redisFirst)
    {
        var services = new ServiceCollection();
        if (redisFirst) services.AddWhatsAppRedis("127.0.0.1:1,abortConnect=false");
        services.AddWhatsAppClient(o => { o.Region = LinkRegion.NEu; o.Username = "u"; o.Password = "p"; });
        if (!redisFirst) services.AddWhatsAppRedis("127.0.0.1:1,abortConnect=false");

        ServiceDescriptor registered = Assert.Single(services, d => d.ServiceType == typeof(WhatsAppSendLimiterProvider));
        Assert.Equal("RedisSendLimiterProvider", registered.ImplementationType?.Name);
    }
}
