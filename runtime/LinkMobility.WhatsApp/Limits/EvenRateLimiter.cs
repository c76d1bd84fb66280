using System.Threading.RateLimiting;

namespace LinkMobility.WhatsApp.Limits;

/// <summary>
/// A limiter that spaces permits evenly and schedules them: asked for permits, it gives the request its turn in the
/// partition's schedule, and the request sleeps until then instead of asking again and again (every waiting request asking
/// at the same moment costs a call each, on Redis a script each, and all but one are told to wait again). The number's
/// throughput limiters are schedulers, in memory and on Redis; as a plain rate limiter it grants only a turn due now.
/// </summary>
public abstract class EvenRateScheduler : PartitionedRateLimiter<string>
{
    /// <summary>
    /// Reserves <paramref name="permitCount"/> permits of <paramref name="resource"/>'s schedule when its turn comes within
    /// <paramref name="within"/>: reserved, with the time to wait before the request starts; or not reserved (nothing
    /// taken), with the time after which a turn may be had within <paramref name="within"/>.
    /// </summary>
    public abstract ValueTask<EvenRateTurn> ScheduleAsync(string resource, int permitCount, TimeSpan within, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public override RateLimiterStatistics? GetStatistics(string resource) => null;

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(string resource, int permitCount) =>
        AcquireAsyncCore(resource, permitCount, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(string resource, int permitCount, CancellationToken cancellationToken)
    {
        EvenRateTurn turn = await ScheduleAsync(resource, permitCount, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        return new EvenRateLease(turn.Reserved, turn.Reserved ? null : turn.Wait);
    }
}

/// <summary>A request's turn: reserved (start after <see cref="Wait"/>), or not (ask again after <see cref="Wait"/>).</summary>
public readonly record struct EvenRateTurn(bool Reserved, TimeSpan Wait);

/// <summary>
/// Permits spaced evenly, per partition, in this process: the generic cell rate algorithm (GCRA). Each partition keeps the
/// time its next permit is due; a request of n permits gets the turn at that time (at most <see cref="EvenRate.Tolerance"/>
/// early), which moves it n intervals on. Nothing builds up while idle, so, unlike a token bucket that starts full, no
/// window of one second holds more than the rate (see <see cref="EvenRate.PerSecond"/>), and a request of several
/// permits at most its own beyond it.
/// </summary>
internal sealed class EvenRateLimiter(EvenRate rate, TimeProvider time) : EvenRateScheduler
{
    private readonly Dictionary<string, long> _due = new(StringComparer.Ordinal);
    // Partitions are forgotten when they double past the count left by the last forgetting: a scan costs O(1) a request.
    private int _forgetAbove = 1024;

    public override ValueTask<EvenRateTurn> ScheduleAsync(string resource, int permitCount, TimeSpan within, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long now = time.GetUtcNow().UtcTicks;
        lock (_due)
        {
            long due = _due.TryGetValue(resource, out long known) ? Math.Max(known, now) : now;
            long start = due - rate.Tolerance.Ticks - now;
            if (start > within.Ticks) return ValueTask.FromResult(new EvenRateTurn(false, TimeSpan.FromTicks(start - within.Ticks)));
            if (_due.Count > _forgetAbove)
            {
                Forget(now);
                _forgetAbove = Math.Max(1024, _due.Count * 2);
            }
            _due[resource] = due + permitCount * rate.Interval.Ticks;
            return ValueTask.FromResult(new EvenRateTurn(true, TimeSpan.FromTicks(Math.Max(start, 0))));
        }
    }

    /// <summary>Partitions whose due time has passed hold nothing: forgetting them changes no answer.</summary>
    private void Forget(long now)
    {
        foreach (var (key, due) in _due.ToList())
        {
            if (due <= now) _due.Remove(key);
        }
    }
}

/// <summary>
/// An even rate: one permit per <see cref="Interval"/>, granted up to <see cref="Tolerance"/> early (a late timer loses
/// nothing). A tolerance of n − 1 intervals is a token bucket of n that gains one a interval (<see cref="Burst"/>).
/// </summary>
internal readonly record struct EvenRate(TimeSpan Interval, TimeSpan Tolerance)
{
    /// <summary>A burst of <paramref name="burst"/> permits, then one per <paramref name="interval"/>: the token bucket of GCRA.</summary>
    public static EvenRate Burst(int burst, TimeSpan interval) => new(interval, interval * Math.Max(0, burst - 1));

    /// <summary>How early a permit may be granted: 5 ms, so a timer that fires a little late loses nothing.</summary>
    public static readonly TimeSpan GrantTolerance = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How much later one request may reach LINK than another that started after it: a send starting up to 5 ms after its
    /// turn (a later one asks again), and 5 ms for the network and the other requests in flight.
    /// </summary>
    public static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// At most <paramref name="perSecond"/> permits in any second, where the requests arrive. Grants k permits apart are at
    /// least k intervals minus the tolerance apart, so a window of a second holds at most 1 + (1 s + tolerance + jitter) /
    /// interval grants: the interval makes that the rate (about 1.5% under it, and one permit under it for a small rate).
    /// </summary>
    public static EvenRate PerSecond(int perSecond)
    {
        TimeSpan window = TimeSpan.FromSeconds(1) + GrantTolerance + ArrivalJitter;
        TimeSpan interval = perSecond >= 2 ? window / (perSecond - 1) : window + TimeSpan.FromTicks(1);
        return new EvenRate(interval, GrantTolerance);
    }
}

/// <summary>A lease of <see cref="EvenRateLimiter"/>: granted, or not with when to ask again.</summary>
internal sealed class EvenRateLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name && retryAfter is { } wait ? wait : null;
        return metadata is not null;
    }
}
