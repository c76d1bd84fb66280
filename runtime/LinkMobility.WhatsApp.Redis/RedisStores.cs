using System.Globalization;
using LinkMobility.WhatsApp.Callbacks;
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
/// Claims and completions made at the same moment go to Redis together, as one script call each (on a cluster, one
/// per hash slot): while one call is out the next ones gather, so a busy endpoint makes few calls and an idle one
/// waits for none.
/// </summary>
public sealed class RedisCallbackDeduplicationStore : ICallbackDeduplicationStore
{
    private const string InFlightPrefix = "in-flight:";
    private static readonly RedisValue Handled = "handled";

    // Per key, in order: a completion (ARGV[i] is "handled": kept for the retention) or a claim (its own value, kept
    // for the in-flight timeout) answered claimed (1), handled before (2) or in flight (0). One script for both, so a
    // completion always reaches Redis before a later claim of this process.
    private const string ClaimOrCompleteEach = """
        local results = {}
        local timeout = ARGV[#KEYS + 1]
        local retention = ARGV[#KEYS + 2]
        for i = 1, #KEYS do
          if ARGV[i] == 'handled' then
            redis.call('SET', KEYS[i], 'handled', 'PX', retention)
            results[i] = 1
          elseif redis.call('SET', KEYS[i], ARGV[i], 'NX', 'PX', timeout) then
            results[i] = 1
          elseif redis.call('GET', KEYS[i]) == 'handled' then
            results[i] = 2
          else
            results[i] = 0
          end
        end
        return results
        """;

    // Deletes a claim only while it is still the one this caller made.
    private const string DeleteIfMine = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private readonly IConnectionMultiplexer _redis;
    private readonly WhatsAppRedisOptions _options;
    private readonly ScriptBatches _batches;

    /// <summary>A store on <paramref name="redis"/>.</summary>
    public RedisCallbackDeduplicationStore(IConnectionMultiplexer redis, WhatsAppRedisOptions options)
    {
        _redis = redis;
        _options = options;
        _batches = new ScriptBatches(redis, ClaimOrCompleteEach,
            [(long)options.InFlightTimeout.TotalMilliseconds, (long)options.Retention.TotalMilliseconds]);
    }

    private RedisKey Key(string key) => _options.KeyPrefix + "dedup:" + key;

    /// <inheritdoc/>
    public async ValueTask<CallbackClaim> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        // Each claim is its own value, so a claim whose answer was lost (a timeout) can be taken back safely.
        RedisValue mine = InFlightPrefix + Guid.NewGuid().ToString("N");
        try
        {
            // Taken means handled, or in flight; a key that expired in between is in flight as far as this copy knows: LINK retries it.
            return (long)await _batches.RunAsync(Key(key), mine).ConfigureAwait(false) switch
            {
                1 => CallbackClaim.Claimed,
                2 => CallbackClaim.Handled,
                _ => CallbackClaim.InFlight,
            };
        }
        catch
        {
            // The claim may have been made: take it back, or the delivery waits out the in-flight timeout.
            try
            {
                await _redis.GetDatabase().ScriptEvaluateAsync(DeleteIfMine, [Key(key)], [mine]).ConfigureAwait(false);
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
    }

    /// <inheritdoc/>
    public async ValueTask CompleteAsync(string key, CancellationToken cancellationToken) =>
        await _batches.RunAsync(Key(key), Handled).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        await _redis.GetDatabase().KeyDeleteAsync(Key(key)).ConfigureAwait(false);
}

/// <summary>
/// Runs one script over the keys of many callers at once: callers that arrive while a call is out wait for it to
/// return and then go together (at most <see cref="MaxBatch"/>), each getting its key's element of the result.
/// The script reads KEYS[i] with ARGV[i], and after them the arguments common to all. On a cluster a call holds the keys
/// of one hash slot only, as Redis requires of a script.
/// </summary>
internal sealed class ScriptBatches(IConnectionMultiplexer redis, string script, RedisValue[] common)
{
    private const int MaxBatch = 256;
    private readonly object _gate = new();
    private List<Pending> _waiting = [];
    private bool _running;
    private bool? _cluster;

    private readonly record struct Pending(RedisKey Key, RedisValue Argument, TaskCompletionSource<RedisResult> Result);

    public Task<RedisResult> RunAsync(RedisKey key, RedisValue argument)
    {
        // Asynchronous continuations: the callers' handlers must not run inside the loop that sends the next call.
        var result = new TaskCompletionSource<RedisResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _waiting.Add(new Pending(key, argument, result));
            start = !_running;
            _running = true;
        }
        if (start) _ = SendAsync();
        return result.Task;
    }

    private async Task SendAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _running = false;
                    return;
                }
                batch = _waiting;
                _waiting = [];
            }
            List<List<Pending>> calls;
            try
            {
                calls = Calls(batch).ToList();
            }
            catch (Exception ex)
            {
                // Never leave a caller waiting: the loop must go on, or every later caller waits forever.
                foreach (Pending pending in batch) pending.Result.TrySetException(ex);
                continue;
            }
            foreach (List<Pending> call in calls)
            {
                try
                {
                    RedisValue[] arguments = new RedisValue[call.Count + common.Length];
                    RedisKey[] keys = new RedisKey[call.Count];
                    for (int i = 0; i < call.Count; i++) (keys[i], arguments[i]) = (call[i].Key, call[i].Argument);
                    common.CopyTo(arguments, call.Count);
                    RedisResult result = await redis.GetDatabase().ScriptEvaluateAsync(script, keys, arguments).ConfigureAwait(false);
                    RedisResult[] each = result.Resp2Type == ResultType.Array ? (RedisResult[])result! : [];
                    for (int i = 0; i < call.Count; i++) call[i].Result.TrySetResult(i < each.Length ? each[i] : result);
                }
                catch (Exception ex)
                {
                    foreach (Pending pending in call) pending.Result.TrySetException(ex);
                }
            }
        }
    }

    private IEnumerable<List<Pending>> Calls(List<Pending> batch)
    {
        IEnumerable<IEnumerable<Pending>> groups = IsCluster() ? batch.GroupBy(p => redis.HashSlot(p.Key)) : [batch];
        foreach (IEnumerable<Pending> group in groups)
        {
            foreach (Pending[] chunk in group.Chunk(MaxBatch)) yield return [.. chunk];
        }
    }

    private bool IsCluster()
    {
        if (_cluster is { } known) return known;
        IServer[] servers = redis.GetServers();
        if (servers.Length == 0 || !servers.Any(s => s.IsConnected)) return false;   // not known yet: ask again next time
        return (_cluster = servers.Any(s => s.ServerType == ServerType.Cluster)).Value;
    }
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
