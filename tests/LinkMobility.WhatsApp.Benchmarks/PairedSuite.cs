using System.Diagnostics;
using System.Globalization;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// The ratios and allocations the README reports, measured in pairs (see <see cref="PairedRunner"/>). Each ratio is
/// the generated code's (or the SDK's) time over the other contender's: below 1, ours is faster.
/// </summary>
internal static class PairedSuite
{
    /// <summary>A round's spread (p75 − p25) wider than this share of the median says the machine was too noisy to judge.</summary>
    private const double WidestUsefulSpread = 0.25;

    /// <summary>Keeps results alive, so no contender's work can be skipped.</summary>
    private static object? s_sink;

    public static int Run(bool quick, string? only = null)
    {
        var started = Stopwatch.StartNew();
        var runner = quick
            ? new PairedRunner(batchTime: TimeSpan.FromMilliseconds(3), rounds: 301, warmup: TimeSpan.FromMilliseconds(400))
            : new PairedRunner(batchTime: TimeSpan.FromMilliseconds(5), rounds: 501, warmup: TimeSpan.FromSeconds(1));

        var serialize = new SerializeRequest();
        serialize.Setup();
        var mo = new DeserializeReceiveMessage();
        mo.Setup();
        var evt = new DeserializeEventReport();
        evt.Setup();
        var templates = new TemplateBuilding();
        using var send = new SendPath();

        Contender serializeGenerated = Contender.Of("serialize.generated", serialize.Generated);
        Contender validate = Contender.Of("validate.generated", () => s_sink = serialize.Validate());
        Contender moGenerated = Contender.Of("deserialize-mo.generated", () => s_sink = mo.Generated());
        Contender eventGenerated = Contender.Of("deserialize-event.generated", () => s_sink = evt.Generated());
        PairedRatio[] ratios =
        [
            new("serialize-vs-handwritten", serializeGenerated, Contender.Of("serialize.handwritten", serialize.Handwritten), AtMost: 1.10),
            new("serialize-vs-stj-reflection", serializeGenerated, Contender.Of("serialize.stj-reflection", serialize.StjReflection)),
            new("serialize-vs-stj-sourcegen", serializeGenerated, Contender.Of("serialize.stj-sourcegen", serialize.StjSourceGen), AtMost: 0.67),
            new("serialize-vs-newtonsoft", serializeGenerated, Contender.Of("serialize.newtonsoft", serialize.Newtonsoft), AtMost: 0.33),
            new("deserialize-mo-vs-handwritten", moGenerated, Contender.Of("deserialize-mo.handwritten", () => s_sink = mo.Handwritten()), AtMost: 1.10),
            new("deserialize-mo-vs-stj-reflection", moGenerated, Contender.Of("deserialize-mo.stj-reflection", () => s_sink = mo.StjReflection())),
            new("deserialize-mo-vs-stj-sourcegen", moGenerated, Contender.Of("deserialize-mo.stj-sourcegen", () => s_sink = mo.StjSourceGen())),
            new("deserialize-mo-vs-newtonsoft", moGenerated, Contender.Of("deserialize-mo.newtonsoft", () => s_sink = mo.Newtonsoft())),
            new("deserialize-event-vs-handwritten", eventGenerated, Contender.Of("deserialize-event.handwritten", () => s_sink = evt.Handwritten()), AtMost: 1.10),
            new("deserialize-event-vs-stj-sourcegen", eventGenerated, Contender.Of("deserialize-event.stj-sourcegen", () => s_sink = evt.StjSourceGen())),
            new("validate-vs-serialize", validate, serializeGenerated, AtMost: 0.10),
            new("send-vs-httpclient-stj", send.Client, send.HttpClientStjPeer, AtMost: 1.00, BatchTime: TimeSpan.FromMilliseconds(20)),
            new("send-vs-raw-httpclient", send.Client, send.RawHttpClient, AtMost: 1.25, BatchTime: TimeSpan.FromMilliseconds(20)),
            // Only with --only: from one process to the next its median moved by up to 0.10 (1.37–1.57), too much to judge on.
            new("send-cpu-vs-raw-httpclient", send.Client, send.RawHttpClient, BatchTime: TimeSpan.FromMilliseconds(20), ProcessCpu: true, OnRequest: true),
            new("template-builder-vs-handbuilt", templates.Builder, templates.HandBuilt),
        ];

        PairedRatio[] every = ratios;
        // --only <ratio> measures one ratio, for a profiler.
        if (only is not null)
        {
            ratios = ratios.Where(r => r.Name == only).ToArray();
            if (ratios.Length == 0) { Console.Error.WriteLine($"--only: no ratio named '{only}'"); return 2; }
        }
        else
        {
            ratios = ratios.Where(r => !r.OnRequest).ToArray();
        }
        runner.WarmUp(ratios.SelectMany(r => new[] { r.Measured, r.Other }).DistinctBy(c => c.Name).ToList());
        var results = ratios.Select(runner.Measure).ToList();

        // Allocations: a separate measurement, counted rather than timed.
        (string Name, Contender Contender, long? AtMost)[] allocations =
        [
            ("serialize", serializeGenerated, 0),
            ("validate", validate, 0),
            ("deserialize-mo", moGenerated, null),
            ("deserialize-event", eventGenerated, null),
            ("send", send.Client, null),
            ("send-raw-httpclient", send.RawHttpClient, null),
            ("send-httpclient-stj", send.HttpClientStjPeer, null),
            ("template-builder", templates.Builder, null),
            ("template-handbuilt", templates.HandBuilt, null),
        ];
        // Then every other contender, by its own name (alloc serialize.newtonsoft 1656).
        allocations = [.. allocations, .. every.SelectMany(r => new[] { r.Measured, r.Other }).DistinctBy(c => c.Name)
            .Where(c => !allocations.Any(a => a.Contender == c)).Select(c => (c.Name, c, (long?)null))];
        var allocated = allocations.Select(a => (a.Name, Bytes: PairedRunner.Allocated(a.Contender, a.Contender.AllocatesOnOtherThreads ? 2000 : 10_000), a.AtMost)).ToList();
        GC.KeepAlive(s_sink);

        Console.WriteLine($"Paired rounds: {results[0].Rounds} per ratio, {(quick ? 3 : 5)} ms per contender per round (sends 20 ms, {SendPath.Concurrency} in flight); the JIT settled {runner.SettleSeconds:0.0} s after the warm-up; {started.Elapsed.TotalSeconds:0} s in all.");
        Console.WriteLine();
        Console.WriteLine("time per operation (median over its rounds; absolute times move with the machine, ratios much less):");
        foreach (var (name, seconds) in runner.Times()) Console.WriteLine($"  {name,-34} {seconds * 1e6,10:0.000} µs");
        Console.WriteLine();
        foreach (RatioResult r in results)
        {
            Console.WriteLine($"ratio {r.Ratio.Name} {PairedRunner.Format(r.Median)}");
            Console.WriteLine($"spread {r.Ratio.Name} {PairedRunner.Format(r.P25)} {PairedRunner.Format(r.P75)}");
            if ((r.P75 - r.P25) / r.Median > WidestUsefulSpread)
            {
                Console.WriteLine($"unclear {r.Ratio.Name}: the rounds' spread ({PairedRunner.Format(r.P25)}–{PairedRunner.Format(r.P75)}) is too wide to judge; the machine was too busy, run again");
            }
            if (r.Ratio.AtMost is { } limit)
            {
                // Judged on the median's 95% interval: a target inside it cannot be called either way from this run.
                string verdict = r.High95 <= limit ? "met" : r.Low95 > limit ? "missed" : "too-close-to-call";
                Console.WriteLine($"target {r.Ratio.Name} <= {PairedRunner.Format(limit)} {verdict} (median's 95% interval {PairedRunner.Format(r.Low95)}–{PairedRunner.Format(r.High95)})");
            }
        }
        foreach (var (name, bytes, atMost) in allocated)
        {
            Console.WriteLine($"alloc {name} {bytes}");
            if (atMost is { } limit) Console.WriteLine($"target alloc-{name} <= {limit} {(bytes <= limit ? "met" : "missed")}");
        }
        return 0;
    }

    /// <summary>
    /// Runs the paired suite <paramref name="runs"/> times, each in a fresh process, and prints each ratio's value in
    /// every run, the median over the runs, how far the runs strayed from it, and the targets judged on that median.
    /// </summary>
    public static int Repeat(int runs, bool quick, string? only = null)
    {
        var perRun = new List<Dictionary<string, string[]>>();
        for (int run = 1; run <= runs; run++)
        {
            var arguments = new List<string>();
            if (quick) arguments.Add("--quick");
            if (only is not null) arguments.AddRange(["--only", only]);
            ProcessStartInfo start = ThisProgram.Again(arguments);
            start.RedirectStandardOutput = true;
            var clock = Stopwatch.StartNew();
            using Process child = Process.Start(start)!;
            var lines = new Dictionary<string, string[]>();
            while (child.StandardOutput.ReadLine() is { } line)
            {
                string[] parts = line.Split(' ');
                if (parts.Length >= 3 && parts[0] is "ratio" or "spread" or "alloc" or "target") lines[parts[0] + " " + parts[1]] = parts[2..];
            }
            child.WaitForExit();
            if (child.ExitCode != 0) { Console.Error.WriteLine($"run {run} failed ({child.ExitCode})"); return child.ExitCode; }
            Console.WriteLine($"run {run}: {clock.Elapsed.TotalSeconds:0} s");
            perRun.Add(lines);
        }

        static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"| ratio | {string.Join(" | ", Enumerable.Range(1, runs).Select(r => $"run {r} (p25–p75)"))} | median | farthest from it | target |");
        Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---|", runs))}---|---|---|");
        bool stable = true;
        foreach (string key in perRun[0].Keys.Where(k => k.StartsWith("ratio ", StringComparison.Ordinal)))
        {
            string name = key["ratio ".Length..];
            double[] values = perRun.Select(r => Number(r[key][0])).ToArray();
            double median = PairedRunner.Quantile(values.Order().ToArray(), 0.5);
            double farthest = values.Max(v => Math.Abs(v - median));
            stable &= farthest <= 0.10;
            string cells = string.Join(" | ", perRun.Select(r => r.TryGetValue("spread " + name, out string[]? s) ? $"{r[key][0]} ({s[0]}–{s[1]})" : r[key][0]));
            // A run's target line reads "target <name> <= <limit> <verdict> …".
            string target = perRun[0].TryGetValue("target " + name, out string[]? t) && Number(t[1]) is var limit
                ? $"≤ {limit:0.00}: {(median <= limit ? "met" : $"**missed** by {median - limit:0.000}")}" : "";
            Console.WriteLine($"| {name} | {cells} | {PairedRunner.Format(median)} | {farthest:0.000} | {target} |");
        }
        Console.WriteLine();
        foreach (string key in perRun[0].Keys.Where(k => k.StartsWith("alloc ", StringComparison.Ordinal)))
        {
            Console.WriteLine($"{key} {string.Join(", ", perRun.Select(r => r[key][0]))}");
        }
        Console.WriteLine(stable ? $"Every ratio stayed within ±0.10 of its median over the {runs} runs." : $"Some ratio strayed more than 0.10 from its median over the {runs} runs.");
        return 0;
    }

    /// <summary>The number after <c>--runs</c>, if given.</summary>
    public static int? Runs(string[] args)
    {
        int at = Array.IndexOf(args, "--runs");
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int runs) && runs > 0 ? runs : null;
    }
}
