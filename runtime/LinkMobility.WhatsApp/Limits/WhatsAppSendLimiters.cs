using System.Threading.RateLimiting;

namespace LinkMobility.WhatsApp.Limits;

/// <summary>
/// The limiters a client takes permits from: System.Threading.RateLimiting partitioned limiters for the throughput (by
/// source number, spaced evenly) and the pair rate (by <see cref="PairKey"/>), and the messaging tier. <see cref="InMemory(SendLimitOptions, TimeProvider?)"/> makes them
/// for one process; LinkMobility.WhatsApp.Redis makes them on Redis, shared by every instance.
/// </summary>
public sealed class WhatsAppSendLimiters : IAsyncDisposable
{
    /// <summary>Limiters from their parts.</summary>
    public WhatsAppSendLimiters(PartitionedRateLimiter<string> throughput, PartitionedRateLimiter<string> pairRate, MessagingTierLimiter tier)
    {
        Throughput = throughput ?? throw new ArgumentNullException(nameof(throughput));
        PairRate = pairRate ?? throw new ArgumentNullException(nameof(pairRate));
        Tier = tier ?? throw new ArgumentNullException(nameof(tier));
    }

    /// <summary>Messages per second, partitioned by source number.</summary>
    public PartitionedRateLimiter<string> Throughput { get; }

    /// <summary>Messages per recipient, partitioned by <see cref="PairKey"/>.</summary>
    public PartitionedRateLimiter<string> PairRate { get; }

    /// <summary>Distinct recipients per source number in a rolling 24 hours.</summary>
    public MessagingTierLimiter Tier { get; }

    /// <summary>The pair rate's partition of a source and a destination.</summary>
    public static string PairKey(string source, string destination) => source + ">" + destination;

    /// <summary>
    /// Limiters in this process, for <paramref name="limits"/>: the throughput spaced evenly (GCRA, starting with no
    /// burst), the pair rate as GCRA with its burst (a token bucket's figures, one due time per pair), and the tier.
    /// </summary>
    public static WhatsAppSendLimiters InMemory(SendLimitOptions limits, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MakeReadOnly();
        return new(
            new EvenRateLimiter(limits.Throughput, time ?? TimeProvider.System),
            new EvenRateLimiter(limits.Pair, time ?? TimeProvider.System),
            new InMemoryMessagingTierLimiter(time ?? TimeProvider.System));
    }

    /// <summary>
    /// Limiters of these shapes and a tier, in this process (the sandbox's are more lenient than a client's): the throughput
    /// a token bucket, the pair rate GCRA with the bucket's figures (exact in time, as a client's pair rate is, where a
    /// token bucket's partitions are replenished only on the limiter's 100 ms heartbeat).
    /// </summary>
    public static WhatsAppSendLimiters InMemory(TokenBucketShape throughput, TokenBucketShape pair, TimeProvider? time = null) =>
        new(
            PartitionedRateLimiter.Create<string, string>(source => RateLimitPartition.GetTokenBucketLimiter(source, _ => Options(throughput)), StringComparer.Ordinal),
            new EvenRateLimiter(EvenRate.Burst(pair.TokenLimit, pair.ReplenishmentPeriod / Math.Max(1, pair.TokensPerPeriod)), time ?? TimeProvider.System),
            new InMemoryMessagingTierLimiter(time ?? TimeProvider.System));

    // No queue: a send that waits asks again (SendPacing), the same way for every limiter, in memory or on Redis.
    private static TokenBucketRateLimiterOptions Options(TokenBucketShape shape) => new()
    {
        TokenLimit = shape.TokenLimit,
        TokensPerPeriod = shape.TokensPerPeriod,
        ReplenishmentPeriod = shape.ReplenishmentPeriod,
        QueueLimit = 0,
        AutoReplenishment = false,
    };

    /// <summary>Disposes the limiters.</summary>
    public async ValueTask DisposeAsync()
    {
        await Throughput.DisposeAsync().ConfigureAwait(false);
        await PairRate.DisposeAsync().ConfigureAwait(false);
        if (Tier is IAsyncDisposable tier) await tier.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// The messaging tier: which recipients a source number started conversations with in the last 24 hours. System.Threading.RateLimiting
/// counts permits, not distinct recipients, so this is its own small abstraction; one in memory, one on Redis.
/// </summary>
public abstract class MessagingTierLimiter
{
    /// <summary>The tier's rolling window: 24 hours.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>
    /// Admits <paramref name="recipients"/> for <paramref name="source"/>, at most <paramref name="limit"/> distinct ones in
    /// the window: all of them (recorded) and an empty answer, or none of them and the ones that would pass the tier.
    /// </summary>
    public abstract ValueTask<IReadOnlyList<string>> AdmitAsync(string source, IReadOnlyList<string> recipients, int limit, CancellationToken cancellationToken);
}

/// <summary>The tier in this process: per source, each recipient's first message in the window, the oldest first.</summary>
internal sealed class InMemoryMessagingTierLimiter(TimeProvider time) : MessagingTierLimiter
{
    private readonly Dictionary<string, Started> _sources = new(StringComparer.Ordinal);

    public override ValueTask<IReadOnlyList<string>> AdmitAsync(string source, IReadOnlyList<string> recipients, int limit, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_sources)
        {
            if (!_sources.TryGetValue(source, out Started? started)) _sources[source] = started = new Started();
            // Forget recipients whose conversation started before the window.
            while (started.Order.TryPeek(out (string Recipient, DateTimeOffset At) oldest, out _) && now - oldest.At >= Window)
            {
                started.Order.Dequeue();
                if (started.At.TryGetValue(oldest.Recipient, out DateTimeOffset at) && at == oldest.At) started.At.Remove(oldest.Recipient);
            }
            var fresh = recipients.Where(r => !started.At.ContainsKey(r)).Distinct(StringComparer.Ordinal).ToList();
            if (started.At.Count + fresh.Count > limit)
            {
                int room = Math.Max(0, limit - started.At.Count);
                return ValueTask.FromResult<IReadOnlyList<string>>(fresh.Skip(room).ToList());
            }
            foreach (string recipient in fresh)
            {
                started.At[recipient] = now;
                started.Order.Enqueue((recipient, now), now);
            }
        }
        return ValueTask.FromResult<IReadOnlyList<string>>([]);
    }

    private sealed class Started
    {
        public Dictionary<string, DateTimeOffset> At { get; } = new(StringComparer.Ordinal);

        public PriorityQueue<(string Recipient, DateTimeOffset At), DateTimeOffset> Order { get; } = new();
    }
}
