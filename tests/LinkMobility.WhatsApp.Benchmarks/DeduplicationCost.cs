using System.Diagnostics;
using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Callbacks;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// What a claim of the in-memory deduplication store costs as it fills: 10,000, 100,000 and 1,000,000 keys held
/// (the cap reached, so every claim also forgets the oldest). The sizes take turns, round after round, so the
/// machine's noise falls on all of them; prints each size's median time per claim and the ratios with their spread.
/// </summary>
internal static class DeduplicationCost
{
    private static readonly int[] Sizes = [10_000, 100_000, 1_000_000];
    private const int ClaimsPerRound = 200_000;
    private const int Rounds = 7;

    public static int Run()
    {
        var stores = Sizes.Select(size => Fill(size)).ToArray();
        var perClaim = Sizes.Select(_ => new List<double>()).ToArray();
        int next = 0;
        for (int round = 0; round < Rounds; round++)
        {
            // Swap the order every round.
            IEnumerable<int> order = round % 2 == 0 ? Enumerable.Range(0, Sizes.Length) : Enumerable.Range(0, Sizes.Length).Reverse();
            foreach (int s in order)
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < ClaimsPerRound; i++)
                {
                    string key = "new-" + next++;
                    if (stores[s].TryClaimAsync(key, default).Result == CallbackClaim.Claimed) stores[s].CompleteAsync(key, default);
                }
                perClaim[s].Add(clock.Elapsed.TotalNanoseconds / ClaimsPerRound);
            }
        }
        for (int s = 0; s < Sizes.Length; s++)
        {
            Console.WriteLine($"dedup {Sizes[s]:N0} keys: {Median(perClaim[s]):0} ns per claim (rounds {string.Join(", ", perClaim[s].Select(v => v.ToString("0")))}), {stores[s].Count:N0} kept");
        }
        for (int s = 1; s < Sizes.Length; s++)
        {
            var ratios = perClaim[s].Zip(perClaim[0], (a, b) => a / b).Order().ToList();
            Console.WriteLine($"ratio dedup-claim-{Sizes[s] / 1000}k-vs-10k {Median(ratios):0.000}");
            Console.WriteLine($"spread dedup-claim-{Sizes[s] / 1000}k-vs-10k {ratios[ratios.Count / 4]:0.000} {ratios[ratios.Count * 3 / 4]:0.000}");
        }
        return 0;
    }

    private static InMemoryCallbackDeduplicationStore Fill(int size)
    {
        var store = new InMemoryCallbackDeduplicationStore { MaxKeys = size };
        for (int i = 0; i < size; i++)
        {
            string key = $"fill-{size}-{i}";
            store.TryClaimAsync(key, default);
            store.CompleteAsync(key, default);
        }
        return store;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
