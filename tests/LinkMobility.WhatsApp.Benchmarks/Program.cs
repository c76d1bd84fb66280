using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LinkMobility.WhatsApp.Benchmarks;

// dotnet run -c Release --project tests/LinkMobility.WhatsApp.Benchmarks -- --quick [--runs 5]
// Paired mode (PairedSuite): each ratio's two contenders take turns in short rounds in one process, and the output
// ends with machine-readable lines:
//   ratio <name> <our time / other time>    (the median of the rounds' ratios; below 1: ours is faster)
//   spread <name> <p25> <p75>               (the rounds' quartiles)
//   target <name> <= <limit> <verdict>
//   alloc <name> <bytes per operation>      (counted apart from the timing)
// --quick takes about half a minute; without it, longer rounds. --runs N repeats it in N fresh processes and prints a
// table of every run, the median over the runs and the targets judged on it. --only <ratio> measures one ratio.
// --full prints BenchmarkDotNet's tables of every contender instead.
if (SendPath.ServeIfAsked(args) is { } served) return served;
// --analyzers measures the analyzers in a real build (AnalyzerCost); --dedup the in-memory deduplication store's
// claims at 10,000 to 1,000,000 keys (DeduplicationCost).
if (args.Contains("--analyzers")) return AnalyzerCost.Run();
if (args.Contains("--dedup")) return DeduplicationCost.Run();
// --templates-build rebuilds four consumers of the packed package in turns (no templates, 1,000 in the app, an empty
// referenced project, 1,000 in a referenced project), after a one-file edit each time (TemplatesBuildCost); --rounds N (5 by default).
if (args.Contains("--templates-build")) return TemplatesBuildCost.Run(int.TryParse(Option("--rounds"), out int rounds) && rounds > 0 ? rounds : 5);
// dotnet run -c Release --project tests/LinkMobility.WhatsApp.Benchmarks -- --callbacks
// measures callbacks per second (wrk from another process) with the in-memory store and with Redis, against a bare endpoint.
if (args.Contains("--callbacks")) return CallbackThroughput.Run();
// --campaign: RunCampaignAsync to the sandbox at 1,000 messages per second, 100,000 recipients on a file ledger, then two
// workers on one Redis ledger sharing the limits (CampaignRate); about five minutes.
if (args.Contains("--campaign")) return CampaignRate.Run();
// --inbox: the sandbox's rate with its inbox open in Chromium and without, in turns, then 1,000 messages a second for a
// minute with the page open, and how far behind the page shows (InboxLoad); --rounds N (3), --seconds S (60); about four minutes.
if (args.Contains("--inbox")) return InboxLoad.Run(int.TryParse(Option("--rounds"), out int inboxRounds) && inboxRounds > 0 ? inboxRounds : 3, 15,
    int.TryParse(Option("--seconds"), out int seconds) && seconds > 0 ? seconds : 60);

bool quick = args.Contains("--quick");
if (!args.Contains("--full")) return PairedSuite.Runs(args) is { } runs ? PairedSuite.Repeat(runs, quick, Option("--only")) : PairedSuite.Run(quick, Option("--only"));

Job job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
IConfig config = DefaultConfig.Instance.AddJob(job.AsDefault()).AddDiagnoser(MemoryDiagnoser.Default).WithOptions(ConfigOptions.DisableLogFile);
BenchmarkRunner.Run([typeof(SerializeRequest), typeof(DeserializeReceiveMessage), typeof(DeserializeEventReport)], config);
return 0;

string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
