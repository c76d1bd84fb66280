using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LinkMobility.WhatsApp.Benchmarks;

// dotnet run -c Release --project tests/LinkMobility.WhatsApp.Benchmarks [-- --quick]
// Runs every contender side by side in one process and ends with machine-readable lines:
//   ratio <name> <generated time / other time>    (below 1: the generated code is faster)
//   alloc <name> <bytes per operation>
// dotnet run -c Release --project tests/LinkMobility.WhatsApp.Benchmarks -- --analyzers
// measures the analyzers in a real build instead (see AnalyzerCost).
// dotnet run -c Release --project tests/LinkMobility.WhatsApp.Benchmarks -- --dedup
// measures the in-memory deduplication store's claims at 10,000 to 1,000,000 keys (see DeduplicationCost).
if (args.Contains("--analyzers")) return AnalyzerCost.Run();
if (args.Contains("--dedup")) return DeduplicationCost.Run();
// dotnet run -c Release --project tests/LinkMobility.WhatsApp.Benchmarks -- --callbacks
// measures callbacks per second (wrk from another process) with the in-memory store and with Redis, against a bare endpoint.
if (args.Contains("--callbacks")) return CallbackThroughput.Run();

bool quick = args.Contains("--quick");
Job job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
if (quick) job = job.WithWarmupCount(3).WithIterationCount(12).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(150)).WithLaunchCount(1);
IConfig config = DefaultConfig.Instance.AddJob(job.AsDefault()).AddDiagnoser(MemoryDiagnoser.Default).WithOptions(ConfigOptions.DisableLogFile);

Summary[] summaries = BenchmarkRunner.Run([typeof(SerializeRequest), typeof(DeserializeReceiveMessage), typeof(DeserializeEventReport)], config);

var results = summaries.SelectMany(s => s.Reports.Select(r => (
    Key: $"{r.BenchmarkCase.Descriptor.Type.Name}.{r.BenchmarkCase.Descriptor.WorkloadMethod.Name}",
    Mean: r.ResultStatistics?.Mean,
    Allocated: r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase))))
    .ToDictionary(r => r.Key);

bool complete = true;
void Ratio(string name, string generated, string other)
{
    if (results.TryGetValue(generated, out var a) && results.TryGetValue(other, out var b) && a.Mean is { } x && b.Mean is { } y && y > 0)
    {
        Console.WriteLine($"ratio {name} {x / y:0.000}");
    }
    else
    {
        Console.WriteLine($"ratio {name} missing");
        complete = false;
    }
}
void Alloc(string name, string benchmark)
{
    if (results.TryGetValue(benchmark, out var r) && r.Allocated is { } bytes) Console.WriteLine($"alloc {name} {bytes}");
    else
    {
        Console.WriteLine($"alloc {name} missing");
        complete = false;
    }
}

Console.WriteLine();
Ratio("serialize-vs-handwritten", "SerializeRequest.Generated", "SerializeRequest.Handwritten");
Ratio("serialize-vs-stj-reflection", "SerializeRequest.Generated", "SerializeRequest.StjReflection");
Ratio("serialize-vs-stj-sourcegen", "SerializeRequest.Generated", "SerializeRequest.StjSourceGen");
Ratio("serialize-vs-newtonsoft", "SerializeRequest.Generated", "SerializeRequest.Newtonsoft");
Ratio("deserialize-mo-vs-handwritten", "DeserializeReceiveMessage.Generated", "DeserializeReceiveMessage.Handwritten");
Ratio("deserialize-mo-vs-stj-reflection", "DeserializeReceiveMessage.Generated", "DeserializeReceiveMessage.StjReflection");
Ratio("deserialize-mo-vs-stj-sourcegen", "DeserializeReceiveMessage.Generated", "DeserializeReceiveMessage.StjSourceGen");
Ratio("deserialize-mo-vs-newtonsoft", "DeserializeReceiveMessage.Generated", "DeserializeReceiveMessage.Newtonsoft");
Ratio("deserialize-event-vs-handwritten", "DeserializeEventReport.Generated", "DeserializeEventReport.Handwritten");
Ratio("deserialize-event-vs-stj-sourcegen", "DeserializeEventReport.Generated", "DeserializeEventReport.StjSourceGen");
Ratio("validate-vs-serialize", "SerializeRequest.Validate", "SerializeRequest.Generated");
Alloc("serialize", "SerializeRequest.Generated");
Alloc("validate", "SerializeRequest.Validate");
Alloc("deserialize-mo", "DeserializeReceiveMessage.Generated");
Alloc("deserialize-event", "DeserializeEventReport.Generated");
return complete ? 0 : 1;
