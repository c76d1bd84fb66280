using LinkMobility.WhatsApp.Limits;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LinkMobility.WhatsApp.Redis;

/// <summary>
/// WhatsApp's limits on Redis, shared by every instance that uses the same Redis and key prefix: the throughput is spaced
/// evenly by a script on Redis's clock (GCRA), the pair rate is the same script with the pair's burst (a token bucket's
/// figures, one key per pair that expires when it holds nothing), the messaging tier is a sorted set per number. When Redis cannot be reached a send fails with
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

    // The throughput spaced evenly (GCRA) on Redis's clock, in microseconds: the key holds when the number's next permit is
    // due. A turn within ARGV[4] of now is reserved (answer {1, microseconds to wait}); otherwise nothing is taken
    // (answer {0, microseconds until a turn can be had within it}).
    private const string EvenRate = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local interval, tolerance, permits, within = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local due = tonumber(redis.call('GET', KEYS[1]) or '0')
        if due < now then due = now end
        local start = due - tolerance - now
        if start > within then return {0, start - within} end
        local nextDue = due + permits * interval
        redis.call('SET', KEYS[1], string.format('%d', nextDue), 'PX', math.ceil((nextDue - now) / 1000) + 1000)
        return {1, math.max(start, 0)}
        """;

    /// <summary>
    /// Limiters for <paramref name="limits"/> on <paramref name="redis"/>, their keys under <paramref name="options"/>' prefix:
    /// the throughput spaced evenly on Redis's clock (every instance shares one schedule per number), the pair rate as
    /// GCRA with its burst, and the tier.
    /// </summary>
    public static WhatsAppSendLimiters Create(IConnectionMultiplexer redis, SendLimitOptions limits, WhatsAppRedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        limits.MakeReadOnly();
        return new WhatsAppSendLimiters(
            new RedisEvenRateLimiter(redis, options.KeyPrefix + "throughput:", limits.ThroughputInterval, limits.ThroughputTolerance),
            new RedisEvenRateLimiter(redis, options.KeyPrefix + "pair:", limits.PairInterval, limits.PairTolerance),
            new RedisMessagingTierLimiter(redis, options.KeyPrefix + "tier:"));
    }

    private sealed class RedisEvenRateLimiter(IConnectionMultiplexer redis, string prefix, TimeSpan interval, TimeSpan tolerance) : EvenRateScheduler
    {
        // In microseconds, as the script counts.
        private readonly long _interval = Math.Max(1, interval.Ticks / 10);
        private readonly long _tolerance = tolerance.Ticks / 10;

        public override async ValueTask<EvenRateTurn> ScheduleAsync(string resource, int permitCount, TimeSpan within, CancellationToken cancellationToken)
        {
            RedisResult result = await redis.GetDatabase().ScriptEvaluateAsync(EvenRate, [prefix + resource], [_interval, _tolerance, permitCount, within.Ticks / 10])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var answer = (RedisResult[])result!;
            return new EvenRateTurn((long)answer[0] == 1, TimeSpan.FromTicks((long)answer[1] * 10));
        }
    }

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

/// <summary>The clients' limiters on Redis, in place of the in-process ones (AddWhatsAppRedis registers it).</summary>
internal sealed class RedisSendLimiterProvider(IConnectionMultiplexer redis, IOptions<WhatsAppRedisOptions> options) : WhatsAppSendLimiterProvider
{
    protected override WhatsAppSendLimiters CreateLimiters(SendLimitOptions limits) => RedisSendLimiters.Create(redis, limits, options.Value);
}
