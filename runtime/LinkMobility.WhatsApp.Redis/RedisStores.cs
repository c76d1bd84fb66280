using System.Globalization;
using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Conversations;
using StackExchange.Redis;

namespace LinkMobility.WhatsApp.Redis;

/// <summary>Where the Redis stores keep their keys, and for how long.</summary>
public sealed class WhatsAppRedisOptions
{
    /// <summary>The prefix of every key (default "linkwa:"), so one Redis can serve several applications.</summary>
    public string KeyPrefix { get; set; } = "linkwa:";

    /// <summary>How long a handled delivery is remembered (two days by default; LINK retries for less).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a claim may stay in flight before a copy may claim it again (its handler hung or its instance died).</summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Callback deduplication shared by every instance: an atomic claim (<c>SET NX</c> with the in-flight timeout), its
/// completion (the key kept for the retention) and its release (the key deleted). When Redis cannot be reached, a
/// claim throws, and the endpoint answers 503 so LINK retries: nothing is acknowledged that was not handled.
/// </summary>
public sealed class RedisCallbackDeduplicationStore(IConnectionMultiplexer redis, WhatsAppRedisOptions options) : ICallbackDeduplicationStore
{
    private const string InFlightPrefix = "in-flight:";
    private static readonly RedisValue Handled = "handled";

    // Deletes a claim only while it is still the one this caller made.
    private const string DeleteIfMine = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private RedisKey Key(string key) => options.KeyPrefix + "dedup:" + key;

    /// <inheritdoc/>
    public async ValueTask<CallbackClaim> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        IDatabase db = redis.GetDatabase();
        // Each claim is its own value, so a claim whose answer was lost (a timeout) can be taken back safely.
        RedisValue mine = InFlightPrefix + Guid.NewGuid().ToString("N");
        bool claimed;
        try
        {
            claimed = await db.StringSetAsync(Key(key), mine, options.InFlightTimeout, When.NotExists).ConfigureAwait(false);
        }
        catch
        {
            // The claim may have been made: take it back, or the delivery waits out the in-flight timeout.
            try
            {
                await db.ScriptEvaluateAsync(DeleteIfMine, [Key(key)], [mine]).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Redis is down: the claim, if made, runs out after InFlightTimeout.
            }
            catch (TimeoutException)
            {
            }
            throw;
        }
        if (claimed) return CallbackClaim.Claimed;
        // Taken: handled, or in flight. A key that expired in between is in flight as far as this copy knows: LINK retries it.
        return await db.StringGetAsync(Key(key)).ConfigureAwait(false) == Handled ? CallbackClaim.Handled : CallbackClaim.InFlight;
    }

    /// <inheritdoc/>
    public async ValueTask CompleteAsync(string key, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringSetAsync(Key(key), Handled, options.Retention).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        await redis.GetDatabase().KeyDeleteAsync(Key(key)).ConfigureAwait(false);
}

/// <summary>The 24-hour windows shared by every instance: each number's last message time, kept for the window's length.</summary>
public sealed class RedisConversationWindowStore(IConnectionMultiplexer redis, WhatsAppRedisOptions options) : IConversationWindowStore
{
    // Only a later message moves a window: two instances recording out of order keep the latest.
    private const string RecordLater = """
        local known = redis.call('GET', KEYS[1])
        if (not known) or tonumber(known) < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        end
        return 0
        """;

    private RedisKey Key(string number) => options.KeyPrefix + "window:" + ConversationWindow.Key(number);

    /// <inheritdoc/>
    public async ValueTask RecordInboundAsync(string number, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        long remaining = (long)(at + ConversationWindow.Length - DateTimeOffset.UtcNow).TotalMilliseconds;
        if (remaining <= 0) return;
        await redis.GetDatabase().ScriptEvaluateAsync(RecordLater, [Key(number)],
            [at.ToUnixTimeMilliseconds(), remaining]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<DateTimeOffset?> LastInboundAsync(string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        RedisValue value = await redis.GetDatabase().StringGetAsync(Key(number)).ConfigureAwait(false);
        return value.HasValue && long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
