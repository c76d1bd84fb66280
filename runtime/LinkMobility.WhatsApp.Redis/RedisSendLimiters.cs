using System.Threading.RateLimiting;
using LinkMobility.WhatsApp.Limits;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace LinkMobility.WhatsApp.Redis;

/// <summary>
/// WhatsApp's limits on Redis, shared by every instance that uses the same Redis and key prefix: the throughput and
/// pair-rate token buckets are RedisRateLimiting's (System.Threading.RateLimiting on Redis, one script call per permit
/// request), the messaging tier is a sorted set per number. When Redis cannot be reached a send fails with
/// <see cref="WhatsAppLimitsUnavailableException"/>; it never runs past a limit.
/// </summary>
public static class RedisSendLimiters
{
    // Per source number, one sorted set of recipients scored by when their conversation started, on Redis's clock so
    // that instances with different clocks agree. All or none of a request's new recipients are admitted.
    private const string AdmitAll = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local fresh, seen = {}, {}
        for i = 3, #ARGV do
          local recipient = ARGV[i]
          if not seen[recipient] and not redis.call('ZSCORE', KEYS[1], recipient) then
            seen[recipient] = true
            table.insert(fresh, recipient)
          end
        end
        local room = limit - redis.call('ZCARD', KEYS[1])
        if #fresh > room then
          local refused = {}
          for i = math.max(room, 0) + 1, #fresh do table.insert(refused, fresh[i]) end
          return refused
        end
        for i = 1, #fresh do redis.call('ZADD', KEYS[1], now, fresh[i]) end
        redis.call('PEXPIRE', KEYS[1], window)
        return {}
        """;

    /// <summary>Limiters for <paramref name="limits"/> on <paramref name="redis"/>, their keys under <paramref name="options"/>' prefix.</summary>
    public static WhatsAppSendLimiters Create(IConnectionMultiplexer redis, WhatsAppSendLimits limits, WhatsAppRedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        TokenBucketShape throughput = limits.ThroughputBucket, pair = limits.PairBucket;
        return new WhatsAppSendLimiters(
            Buckets(redis, options.KeyPrefix + "throughput:", throughput),
            Buckets(redis, options.KeyPrefix + "pair:", pair),
            new RedisMessagingTierLimiter(redis, options.KeyPrefix + "tier:"));
    }

    private static PartitionedRateLimiter<string> Buckets(IConnectionMultiplexer redis, string prefix, TokenBucketShape shape) =>
        PartitionedRateLimiter.Create<string, string>(key => RedisRateLimitPartition.GetTokenBucketRateLimiter(prefix + key, _ => new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            TokenLimit = shape.TokenLimit,
            TokensPerPeriod = shape.TokensPerPeriod,
            ReplenishmentPeriod = shape.ReplenishmentPeriod,
        }), StringComparer.Ordinal);

    private sealed class RedisMessagingTierLimiter(IConnectionMultiplexer redis, string prefix) : MessagingTierLimiter
    {
        public override async ValueTask<IReadOnlyList<string>> AdmitAsync(string source, IReadOnlyList<string> recipients, int limit, CancellationToken cancellationToken)
        {
            var arguments = new RedisValue[recipients.Count + 2];
            arguments[0] = (long)Window.TotalMilliseconds;
            arguments[1] = limit;
            for (int i = 0; i < recipients.Count; i++) arguments[i + 2] = recipients[i];
            RedisResult result = await redis.GetDatabase().ScriptEvaluateAsync(AdmitAll, [prefix + source], arguments).WaitAsync(cancellationToken).ConfigureAwait(false);
            return ((RedisValue[]?)result ?? []).Select(v => v.ToString()).ToList();
        }
    }
}

/// <summary>Gives every client whose limits are on the Redis limiters (AddWhatsAppRedis registers it).</summary>
internal sealed class RedisLimitersSetup(IConnectionMultiplexer redis, IOptions<WhatsAppRedisOptions> options) : IPostConfigureOptions<WhatsAppClientOptions>
{
    public void PostConfigure(string? name, WhatsAppClientOptions client)
    {
        if (client.Limits is { Enabled: true } limits) client.Limiters ??= RedisSendLimiters.Create(redis, limits, options.Value);
    }
}
