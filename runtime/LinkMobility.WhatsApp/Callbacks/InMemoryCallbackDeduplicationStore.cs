using LinkMobility.WhatsApp.Stores;

namespace LinkMobility.WhatsApp.Callbacks;

/// <summary>
/// The default store: in memory, for one process. Each operation is O(1). A key is kept for <see cref="Retention"/>,
/// and at most <see cref="MaxKeys"/> are kept: past that the oldest are forgotten first (a retry of a forgotten
/// delivery would be handled again, so size it above the deliveries of one retention period). A store of more than
/// 4,096 keys keeps them in up to 32 parts, each forgetting its own oldest, so a key may go a few percent sooner than
/// the bound alone would say. A key is held as a 128-bit fingerprint, not as its string.
/// </summary>
public sealed class InMemoryCallbackDeduplicationStore(TimeProvider time) : ICallbackDeduplicationStore
{
    // Each key's claim, done once handled; oldest claim first. No global lock: every request thread claims at once.
    // Made at the first call, when Retention and MaxKeys are set.
    private AgedKeys? _claims;

    /// <summary>A store on the system clock.</summary>
    public InMemoryCallbackDeduplicationStore() : this(TimeProvider.System) { }

    /// <summary>How long a claim is remembered (two days by default; LINK retries for less).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(2);

    /// <summary>The most keys kept (100,000 by default, about 13 MB); the oldest go first.</summary>
    public int MaxKeys { get; init; } = 100_000;

    /// <summary>How long a claim may stay in flight before a copy may claim it again (its handler hung or its process died).</summary>
    public TimeSpan InFlightTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many keys are kept now.</summary>
    public int Count => _claims?.Count ?? 0;

    /// <inheritdoc/>
    public ValueTask<CallbackClaim> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        DateTimeOffset now = time.GetUtcNow();
        AgedKeys claims = Claims;
        while (true)
        {
            if (claims.TryAdd(key, now, now, out AgedEntry claim)) return ValueTask.FromResult(CallbackClaim.Claimed);
            if (claim.Done) return ValueTask.FromResult(CallbackClaim.Handled);
            if (now - claim.At <= InFlightTimeout) return ValueTask.FromResult(CallbackClaim.InFlight);
            // Its handler hung or died: this copy takes it over, unless another copy did first.
            if (claims.TryReplace(key, claim, now)) return ValueTask.FromResult(CallbackClaim.Claimed);
        }
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(string key, CancellationToken cancellationToken)
    {
        Claims.MarkDone(key);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        Claims.Remove(key);
        return ValueTask.CompletedTask;
    }

    private AgedKeys Claims => _claims ?? CreateClaims();

    private AgedKeys CreateClaims()
    {
        Interlocked.CompareExchange(ref _claims, new AgedKeys(MaxKeys, Retention), null);
        return _claims;
    }
}
