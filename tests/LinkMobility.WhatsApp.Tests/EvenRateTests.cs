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

    /// <summary>The most of <paramref name="times"/> within any one second (sorted here).</summary>
    private static int BusiestSecond(List<DateTimeOffset> times)
    {
        times.Sort();
        int most = 0;
        for (int from = 0, to = 0; to < times.Count; to++)
        {
            while (times[to] - times[from] >= TimeSpan.FromSeconds(1)) from++;
            most = Math.Max(most, to - from + 1);
        }
        return most;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(80)]
    [InlineData(1000)]
    public void No_window_of_a_second_holds_more_grants_than_the_rate_even_with_requests_arriving_late_and_the_rate_is_almost_kept(int rate)
    {
        var limits = new SendLimitOptions { Enabled = true, MessagesPerSecond = rate };
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
                    grants.Add(clock.Now + TimeSpan.FromTicks((long)(random.NextDouble() * TimeSpan.FromMilliseconds(10).Ticks)));
                    continue;
                }
                Assert.True(lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out TimeSpan wait) && wait > TimeSpan.Zero);
                // A timer that fires late, by up to a few milliseconds.
                clock.Now += wait + TimeSpan.FromTicks((long)(random.NextDouble() * TimeSpan.FromMilliseconds(3).Ticks));
            }
        }
        Assert.InRange(BusiestSecond(grants), 1, rate);
        // The price of the margin: about 1.5% of the rate, and one message a second (1.015 s for rate - 1 intervals).
        Assert.InRange(grants.Count / 30.0, rate <= 1 ? 0.9 : (rate - 1) / 1.015 * 0.98, rate);
    }

    [Fact]
    public void An_idle_number_gets_no_burst_when_it_starts_again()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var limiter = WhatsAppSendLimiters.InMemory(new SendLimitOptions { Enabled = true, MessagesPerSecond = 100 }, clock).Throughput;
        Assert.True(limiter.AttemptAcquire("n").IsAcquired);
        clock.Now += TimeSpan.FromMinutes(10);   // idle: nothing builds up
        Assert.True(limiter.AttemptAcquire("n").IsAcquired);
        Assert.False(limiter.AttemptAcquire("n").IsAcquired);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(1000)]
    public async Task Turns_reserved_ahead_and_started_late_or_unevenly_still_hold_no_second_above_the_rate(int rate)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        var scheduler = (EvenRateScheduler)WhatsAppSendLimiters.InMemory(new SendLimitOptions { Enabled = true, MessagesPerSecond = rate }, clock).Throughput;
        var random = new Random(rate);
        var starts = new List<DateTimeOffset>();
        // 16 requests in flight: each reserves its turn up to a second ahead, then starts up to 5 ms late (SendPacing asks
        // again past that) and arrives up to 5 ms unevenly.
        var inFlight = new PriorityQueue<int, DateTimeOffset>();
        for (int i = 0; i < 16; i++) inFlight.Enqueue(i, clock.Now);
        DateTimeOffset end = clock.Now.AddSeconds(20);
        while (clock.Now < end)
        {
            inFlight.TryDequeue(out int slot, out DateTimeOffset free);
            if (free > clock.Now) clock.Now = free;
            EvenRateTurn turn = await scheduler.ScheduleAsync("+4670000000", 1, TimeSpan.FromSeconds(1), default);
            if (!turn.Reserved)
            {
                inFlight.Enqueue(slot, clock.Now + turn.Wait);
                continue;
            }
            DateTimeOffset start = clock.Now + turn.Wait + TimeSpan.FromTicks((long)(random.NextDouble() * TimeSpan.FromMilliseconds(5).Ticks));
            starts.Add(start + TimeSpan.FromTicks((long)(random.NextDouble() * TimeSpan.FromMilliseconds(5).Ticks)));
            inFlight.Enqueue(slot, start + TimeSpan.FromMilliseconds(2));   // the request's own time, then the next
        }
        Assert.InRange(BusiestSecond(starts), 1, rate);
        Assert.InRange((starts[^1] - starts[0]).TotalSeconds > 0 ? (starts.Count - 1) / (starts[^1] - starts[0]).TotalSeconds : 0, (rate - 1) / 1.015 * 0.98, rate);
    }
}
