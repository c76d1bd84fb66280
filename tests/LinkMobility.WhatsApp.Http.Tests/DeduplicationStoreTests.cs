using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Callbacks;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>The in-memory deduplication store: claim, in flight, complete, release; expiry by age and a cap.</summary>
public class DeduplicationStoreTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    // The in-memory store answers at once; a test reads its answer directly.
    private static CallbackClaim Claim(ICallbackDeduplicationStore store, string key)
    {
        ValueTask<CallbackClaim> claim = store.TryClaimAsync(key, default);
        Assert.True(claim.IsCompletedSuccessfully);
        return claim.Result;
    }

    [Fact]
    public async Task A_claim_is_in_flight_until_completed_or_released()
    {
        var store = new InMemoryCallbackDeduplicationStore(new ManualTime());
        Assert.Equal(CallbackClaim.Claimed, Claim(store, "a"));
        Assert.Equal(CallbackClaim.InFlight, Claim(store, "a"));
        await store.ReleaseAsync("a", default);
        Assert.Equal(CallbackClaim.Claimed, Claim(store, "a"));
        await store.CompleteAsync("a", default);
        Assert.Equal(CallbackClaim.Handled, Claim(store, "a"));
    }

    [Fact]
    public void A_claim_in_flight_too_long_can_be_claimed_again()
    {
        var time = new ManualTime();
        var store = new InMemoryCallbackDeduplicationStore(time) { InFlightTimeout = TimeSpan.FromMinutes(5) };
        Assert.Equal(CallbackClaim.Claimed, Claim(store, "a"));
        time.Now += TimeSpan.FromMinutes(6);
        Assert.Equal(CallbackClaim.Claimed, Claim(store, "a"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Keys_are_forgotten_after_the_retention()
    {
        var time = new ManualTime();
        var store = new InMemoryCallbackDeduplicationStore(time) { Retention = TimeSpan.FromHours(1) };
        Claim(store, "old");
        await store.CompleteAsync("old", default);
        time.Now += TimeSpan.FromMinutes(59);
        Assert.Equal(CallbackClaim.Handled, Claim(store, "old"));
        time.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(CallbackClaim.Claimed, Claim(store, "new"));   // any claim sweeps what expired
        Assert.Equal(1, store.Count);
        Assert.Equal(CallbackClaim.Claimed, Claim(store, "old"));
    }

    [Fact]
    public async Task Memory_is_bounded_the_oldest_going_first()
    {
        var store = new InMemoryCallbackDeduplicationStore(new ManualTime()) { MaxKeys = 1000 };
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal(CallbackClaim.Claimed, Claim(store, "k" + i));
            await store.CompleteAsync("k" + i, default);
        }
        Assert.Equal(1000, store.Count);
        Assert.Equal(CallbackClaim.Handled, Claim(store, "k4999"));
        Assert.Equal(CallbackClaim.Handled, Claim(store, "k4001"));
        Assert.Equal(CallbackClaim.Claimed, Claim(store, "k0"));
    }

    [Fact]
    public void Many_threads_claiming_the_same_keys_get_one_claim_each()
    {
        var store = new InMemoryCallbackDeduplicationStore();
        int claimed = 0;
        Parallel.For(0, 40_000, i => { if (Claim(store, "k" + (i % 10_000)) == CallbackClaim.Claimed) Interlocked.Increment(ref claimed); });
        Assert.Equal(10_000, claimed);
    }
}
