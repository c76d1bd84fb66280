using System.Threading.RateLimiting;

namespace LinkMobility.WhatsApp.Limits;

/// <summary>
/// Permits spaced evenly, per partition: the generic cell rate algorithm (GCRA). Each partition keeps the time its next
/// permit is due (the theoretical arrival time); a request of n permits is granted while that time is at most
/// <see cref="EvenRate.Tolerance"/> ahead of now, and moves it n intervals on. Nothing builds up while idle, so, unlike a
/// token bucket that starts full, no window of one second holds more than the rate (see <see cref="EvenRate.PerSecond"/>),
/// and a request of several permits at most its own beyond it.
/// </summary>
internal sealed class EvenRateLimiter(EvenRate rate, TimeProvider time) : PartitionedRateLimiter<string>
{
    private readonly Dictionary<string, long> _due = new(StringComparer.Ordinal);

    public override RateLimiterStatistics? GetStatistics(string resource) => null;

    protected override RateLimitLease AttemptAcquireCore(string resource, int permitCount)
    {
        long now = time.GetUtcNow().UtcTicks;
        lock (_due)
        {
            long due = _due.TryGetValue(resource, out long known) ? Math.Max(known, now) : now;
            if (due - now > rate.Tolerance.Ticks) return new EvenRateLease(false, TimeSpan.FromTicks(due - now - rate.Tolerance.Ticks));
            if (_due.Count > 1024) Forget(now);
            _due[resource] = due + permitCount * rate.Interval.Ticks;
            return new EvenRateLease(true, null);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(string resource, int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));
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

/// <summary>An even rate: one permit per <see cref="Interval"/>, granted up to <see cref="Tolerance"/> early (a late timer loses nothing).</summary>
internal readonly record struct EvenRate(TimeSpan Interval, TimeSpan Tolerance)
{
    /// <summary>How early a permit may be granted: a hundredth of a second.</summary>
    public static readonly TimeSpan GrantTolerance = TimeSpan.FromMilliseconds(10);

    /// <summary>How much later one request may reach LINK than another sent after it (the network, the other requests in flight).</summary>
    public static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// At most <paramref name="perSecond"/> permits in any second, where the requests arrive. Grants k permits apart are at
    /// least k intervals minus the tolerance apart, so a window of a second holds at most 1 + (1 s + tolerance + jitter) /
    /// interval grants: the interval makes that the rate (about 3% under it, and one permit under it for a small rate).
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
