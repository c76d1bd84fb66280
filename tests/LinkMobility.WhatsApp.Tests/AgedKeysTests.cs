using LinkMobility.WhatsApp.Stores;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>The keys both in-memory stores keep (Stores/AgedKeys.cs): a large store's parts, and what replaced keys leave behind.</summary>
public class AgedKeysTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_large_store_keeps_its_bound_and_its_newest_keys_across_its_parts()
    {
        var keys = new AgedKeys(100_000, TimeSpan.FromDays(2));
        for (int i = 0; i < 300_000; i++) Assert.True(keys.TryAdd("key-" + i, Now, Now, out _));
        // Each part forgets its own oldest: never more than the bound, and only a few percent less.
        Assert.InRange(keys.Count, 95_000, 100_000);
        for (int i = 299_000; i < 300_000; i++) Assert.True(keys.TryGet("key-" + i, out _), $"key-{i} was forgotten");
        Assert.False(keys.TryGet("key-0", out _));
        Assert.False(keys.TryGet("key-150000", out _));
    }

    [Fact]
    public void Keys_replaced_again_and_again_leave_a_bounded_queue()
    {
        var keys = new AgedKeys(100_000, TimeSpan.FromDays(1));
        for (int round = 0; round < 200; round++)
        {
            for (int number = 0; number < 500; number++)
            {
                string key = "4670000" + number;
                if (!keys.TryAdd(key, Now, Now, out AgedEntry known)) Assert.True(keys.TryReplace(key, known, Now.AddSeconds(round)));
            }
        }
        Assert.Equal(500, keys.Count);
        // 100,000 settings of 500 keys: the places left behind are dropped, not kept until they reach the front.
        Assert.InRange(keys.Queued, 500, 2 * 500 + 64 * 32);
        Assert.True(keys.TryGet("46700000", out AgedEntry latest));
        Assert.Equal(Now.AddSeconds(199), latest.At);
    }

    [Fact]
    public void What_aged_out_is_forgotten_in_every_part_by_the_next_call()
    {
        var keys = new AgedKeys(100_000, TimeSpan.FromHours(1));
        for (int i = 0; i < 10_000; i++) keys.TryAdd("old-" + i, Now, Now, out _);
        Assert.Equal(10_000, keys.Count);
        keys.TryAdd("new", Now.AddHours(2), Now.AddHours(2), out _);
        Assert.Equal(1, keys.Count);
    }
}
