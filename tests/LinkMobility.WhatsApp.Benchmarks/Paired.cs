using System.Diagnostics;
using System.Globalization;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>One side of a comparison: something to run <c>n</c> times in a row.</summary>
/// <param name="Name">Its name in the output (<c>serialize.generated</c>).</param>
/// <param name="Batch">Runs the operation the given number of times.</param>
/// <param name="AllocatesOnOtherThreads">Async work: count the process's allocations, not the calling thread's.</param>
internal sealed record Contender(string Name, Action<int> Batch, bool AllocatesOnOtherThreads = false)
{
    public static Contender Of(string name, Action operation) => new(name, n =>
    {
        for (int i = 0; i < n; i++) operation();
    });

    /// <summary>An async operation, <paramref name="concurrency"/> at a time: that many loops share each batch, as a busy service sends.</summary>
    public static Contender OfAsync(string name, Func<Task> operation, int concurrency) => new(name, n =>
    {
        var loops = new Task[concurrency];
        for (int i = 0; i < concurrency; i++)
        {
            int share = n / concurrency + (i < n % concurrency ? 1 : 0);
            loops[i] = Task.Run(() => Loop(operation, share));
        }
        Task.WhenAll(loops).GetAwaiter().GetResult();
    }, AllocatesOnOtherThreads: true);

    private static async Task Loop(Func<Task> operation, int n)
    {
        for (int i = 0; i < n; i++) await operation().ConfigureAwait(false);
    }
}

/// <summary>A ratio to report: <see cref="Measured"/>'s time over <see cref="Other"/>'s, and the target it has, if any.</summary>
/// <param name="BatchTime">How long each contender runs per round, when the runner's default is too short (concurrent work ramps up and down at a batch's edges).</param>
/// <param name="ProcessCpu">Compare the CPU time this process spends (every thread), not the time that passes: what the work costs the machine, apart from a server in another process.</param>
/// <param name="OnRequest">Measured only when asked for by name (--only).</param>
internal sealed record PairedRatio(string Name, Contender Measured, Contender Other, double? AtMost = null, TimeSpan? BatchTime = null, bool ProcessCpu = false, bool OnRequest = false);

/// <summary>A ratio's result: the median of the per-round ratios, their quartiles, and the median's 95% interval.</summary>
internal sealed record RatioResult(PairedRatio Ratio, double Median, double P25, double P75, double Low95, double High95, int Rounds);

/// <summary>
/// Paired measurement. BenchmarkDotNet times each contender in its own block of time, so a noisy neighbour lands on
/// one and not the other. Here the two of a ratio take turns in short rounds (A B, then B A, …); each round gives
/// one ratio, taken within milliseconds, and the result is the median of those ratios with its spread.
/// </summary>
internal sealed class PairedRunner(TimeSpan batchTime, int rounds, TimeSpan warmup)
{
    private readonly Dictionary<string, double> _secondsPerOperation = [];
    private readonly Dictionary<string, List<double>> _times = [];

    /// <summary>
    /// Runs every contender until the JIT is done with all of them: each for <c>warmup</c>, then round after round until
    /// a whole round compiles no new method (tiered compilation recompiles hot methods in the background for a while).
    /// Warming them all first keeps one contender's tier-up from landing in another's rounds.
    /// </summary>
    public void WarmUp(IReadOnlyCollection<Contender> contenders)
    {
        foreach (Contender contender in contenders) Warm(contender);
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var settling = Stopwatch.StartNew();
        for (int quiet = 0; quiet < 2 && settling.Elapsed < TimeSpan.FromSeconds(30);)
        {
            Thread.Sleep(200);   // time for the background tier-up queued by the last round
            foreach (Contender contender in contenders) contender.Batch(BatchSize(contender, batchTime));
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
        }
        SettleSeconds = settling.Elapsed.TotalSeconds;
    }

    /// <summary>How long the JIT took to settle after the warm-up.</summary>
    public double SettleSeconds { get; private set; }

    /// <summary>Runs the operation for <c>warmup</c>, doubling its batches, and estimates its cost.</summary>
    private double Warm(Contender contender)
    {
        if (_secondsPerOperation.TryGetValue(contender.Name, out double known)) return known;
        long start = Stopwatch.GetTimestamp();
        int n = 1;
        double perOperation = 0;
        while (Stopwatch.GetElapsedTime(start) < warmup)
        {
            long before = Stopwatch.GetTimestamp();
            contender.Batch(n);
            double seconds = Stopwatch.GetElapsedTime(before).TotalSeconds;
            perOperation = seconds / n;
            if (seconds < batchTime.TotalSeconds / 4) n *= 2;
        }
        _secondsPerOperation[contender.Name] = perOperation;
        return perOperation;
    }

    private int BatchSize(Contender contender, TimeSpan time) => Math.Max(1, (int)(time.TotalSeconds / Warm(contender)));

    public RatioResult Measure(PairedRatio ratio)
    {
        TimeSpan time = ratio.BatchTime ?? batchTime;
        int a = BatchSize(ratio.Measured, time), b = BatchSize(ratio.Other, time);
        var perRound = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            double ta, tb;
            if (round % 2 == 0)
            {
                ta = Time(ratio.Measured, a, ratio.ProcessCpu);
                tb = Time(ratio.Other, b, ratio.ProcessCpu);
            }
            else
            {
                tb = Time(ratio.Other, b, ratio.ProcessCpu);
                ta = Time(ratio.Measured, a, ratio.ProcessCpu);
            }
            perRound[round] = ta / tb;
        }
        Array.Sort(perRound);
        // The median's 95% interval from order statistics: no assumption about the shape of the noise.
        double half = 1.96 * Math.Sqrt(rounds) / 2;
        int low = Math.Max(0, (int)Math.Floor(rounds / 2.0 - half)), high = Math.Min(rounds - 1, (int)Math.Ceiling(rounds / 2.0 + half));
        return new RatioResult(ratio, Quantile(perRound, 0.5), Quantile(perRound, 0.25), Quantile(perRound, 0.75), perRound[low], perRound[high], rounds);
    }

    /// <summary>Seconds per operation for a batch of <paramref name="n"/> (of the process's CPU, or passing), kept for the contender's time line.</summary>
    private double Time(Contender contender, int n, bool processCpu)
    {
        long before = processCpu ? ProcessCpuNanoseconds() : Stopwatch.GetTimestamp();
        contender.Batch(n);
        double seconds = processCpu ? (ProcessCpuNanoseconds() - before) / 1e9 : Stopwatch.GetElapsedTime(before).TotalSeconds;
        double perOperation = seconds / n;
        string name = processCpu ? contender.Name + " (cpu)" : contender.Name;
        if (!_times.TryGetValue(name, out List<double>? list)) _times[name] = list = [];
        list.Add(perOperation);
        return perOperation;
    }

    /// <summary>CPU time of every thread of this process, to the nanosecond (Process.TotalProcessorTime counts in 10 ms ticks).</summary>
    private static long ProcessCpuNanoseconds()
    {
        const int ClockProcessCpuTime = 2;
        if (ClockGetTime(ClockProcessCpuTime, out TimeSpec now) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        return now.Seconds * 1_000_000_000 + now.Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>The median time per operation of each contender over all its rounds.</summary>
    public IEnumerable<(string Name, double Seconds)> Times() =>
        _times.Select(t => (t.Key, Quantile(t.Value.Order().ToArray(), 0.5)));

    /// <summary>
    /// Bytes allocated per operation: the least of three batches after the warm-up, so the runtime's one-off work
    /// (a tier-up, a pool growing) cannot land in all of them. It does not depend on timing, so it does not vary.
    /// </summary>
    public static long Allocated(Contender contender, int n)
    {
        contender.Batch(n);
        long least = long.MaxValue;
        for (int batch = 0; batch < 3; batch++)
        {
            long before = Count(contender);
            contender.Batch(n);
            least = Math.Min(least, Count(contender) - before);
        }
        return (long)Math.Round((double)least / n);
    }

    private static long Count(Contender contender) =>
        contender.AllocatesOnOtherThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();

    /// <summary>The quantile of sorted values, interpolated between neighbours.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double position = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(position);
        int above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    public static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
