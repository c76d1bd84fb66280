using LinkMobility.WhatsApp.Limits;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>The throughput's even spacing, on a clock the test moves: what it grants, not how a network delivers it.</summary>
public class EvenRateTests
{
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(80)]
    [InlineData(1000)]
    public void No_window_of_a_second_holds_more_grants_than_the_rate_even_with_requests_arriving_late_and_the_rate_is_almost_kept(int rate)
    {
        var limits = new WhatsAppSendLimits { Enabled = true, MessagesPerSecond = rate };
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        using var limiter = WhatsAppSendLimiters.InMemory(limits, clock).Throughput;
        var random = new Random(rate);
        var grants = new List<DateTimeOffset>();
        DateTimeOffset end = clock.Now.AddSeconds(30);
        while (clock.Now < end)
        {
            using (var lease = limiter.AttemptAcquire("+4670000000"))
            {
                if (lease.IsAcquired)
                {
                    // Arriving up to the allowed jitter later than granted, in any order.
                    grants.Add(clock.Now + TimeSpan.FromTicks((long)(random.NextDouble() * TimeSpan.FromMilliseconds(20).Ticks)));
                    continue;
                }
                Assert.True(lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out TimeSpan wait) && wait > TimeSpan.Zero);
                // A timer that fires late, by up to a few milliseconds.
                clock.Now += wait + TimeSpan.FromTicks((long)(random.NextDouble() * TimeSpan.FromMilliseconds(3).Ticks));
            }
        }
        grants.Sort();
        int most = 0;
        for (int from = 0, to = 0; to < grants.Count; to++)
        {
            while (grants[to] - grants[from] >= TimeSpan.FromSeconds(1)) from++;
            most = Math.Max(most, to - from + 1);
        }
        Assert.InRange(most, 1, rate);
        // The price of the margin: about 3% of the rate, and one message a second (1.03 s for rate - 1 intervals).
        Assert.InRange(grants.Count / 30.0, rate <= 1 ? 0.9 : (rate - 1) / 1.03 * 0.98, rate);
    }

    [Fact]
    public void An_idle_number_gets_no_burst_when_it_starts_again()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var limiter = WhatsAppSendLimiters.InMemory(new WhatsAppSendLimits { Enabled = true, MessagesPerSecond = 100 }, clock).Throughput;
        Assert.True(limiter.AttemptAcquire("n").IsAcquired);
        clock.Now += TimeSpan.FromMinutes(10);   // idle: nothing builds up
        Assert.True(limiter.AttemptAcquire("n").IsAcquired);
        Assert.False(limiter.AttemptAcquire("n").IsAcquired);
    }
}
