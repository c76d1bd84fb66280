using LinkMobility.WhatsApp.Testing;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// What the analyzers cost in a real build: packs the runtime package, builds a project with 1,000 template
/// constructions with -p:ReportAnalyzer=true, and compares the package's analyzers with all analyzers and
/// with the SDK's own most expensive one. Prints ratio lines like the benchmarks do.
/// </summary>
internal static class AnalyzerCost
{
    public const int Constructions = 1000;

    public static int Run()
    {
        string work = Path.Combine(Path.GetTempPath(), $"linkwa-analyzer-cost-{Guid.NewGuid():N}");
        string version = $"0.1.0-cost.{DateTime.UtcNow:yyyyMMddHHmmss}";
        try
        {
            Repository.PackAsync(Path.Combine(work, "feed"), version, "Release").GetAwaiter().GetResult();
            string project = Path.Combine(work, "app");
            Repository.WriteConsumerProject(project, Path.Combine(work, "feed"), Path.Combine(work, "packages"), version, Sources());
            Dotnet(project, "build", "-c", "Release"); // restore, and warm the compiler server as a developer's is
            // Three measured builds; the median, since one build on a busy 2-core machine can be far off.
            var runs = Enumerable.Range(0, 3)
                .Select(_ => Parse(Dotnet(project, "build", "-c", "Release", "--no-incremental", "-p:ReportAnalyzer=true", "-v:d")))
                .OrderBy(r => r.Ours / r.Total).ToList();
            foreach (var run in runs) Console.WriteLine($"run: all {run.Total:0.000} s, ours {run.Ours:0.000} s, largest SDK analyzer {run.LargestSdk:0.000} s");
            var (total, ours, largestSdk, largestName) = runs[1];
            Console.WriteLine($"analyzers: {Constructions} template constructions; all analyzers {total:0.000} s; LinkMobility.WhatsApp.Analyzers {ours:0.000} s; largest SDK analyzer {largestSdk:0.000} s ({largestName})");
            Console.WriteLine($"ratio analyzer-share {ours / total:0.000}");
            Console.WriteLine($"ratio analyzer-vs-largest-sdk-analyzer {ours / largestSdk:0.000}");
            return 0;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Total analyzer time, our assembly's time, and the SDK's largest single analyzer, from the build's report.</summary>
    private static (double Total, double Ours, double LargestSdk, string LargestName) Parse(string report)
    {
        int start = report.IndexOf("Total analyzer execution time:", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("the build printed no analyzer report:\n" + report);
        string[] lines = report[start..].Split('\n');
        double total = Seconds(Regex.Match(lines[0], @"time: ([\d.]+)").Groups[1].Value);
        double ours = 0, largest = 0;
        string largestName = "", assembly = "";
        foreach (string line in lines.Skip(1))
        {
            Match row = Regex.Match(line, @"^\s*(<?[\d.]+)\s+(<?\d+)\s+(\S.*?)\s*$");
            if (!row.Success)
            {
                if (line.Contains("execution time", StringComparison.Ordinal)) break; // the generators' report follows
                continue;
            }
            string name = row.Groups[3].Value;
            double seconds = Seconds(row.Groups[1].Value);
            if (name.Contains(", Version=", StringComparison.Ordinal))
            {
                assembly = name;
                if (name.StartsWith("LinkMobility.WhatsApp.Analyzers,", StringComparison.Ordinal)) ours = seconds;
            }
            else if (!assembly.StartsWith("LinkMobility.", StringComparison.Ordinal) && seconds > largest)
            {
                largest = seconds;
                largestName = name;
            }
        }
        return (total, ours, largest, largestName);
    }

    private static double Seconds(string text) => text.StartsWith('<') ? 0.0005 : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Ten files of a hundred valid template messages each, every shape of component and parameter, and a Main.</summary>
    private static Dictionary<string, string> Sources()
    {
        var sources = new Dictionary<string, string> { ["Program.cs"] = "System.Console.WriteLine(Templates0.Template0(\"x\"));" };
        for (int file = 0; file < 10; file++)
        {
            var source = new StringBuilder("using LinkMobility.WhatsApp;\n\npublic static class Templates" + file + "\n{\n");
            for (int i = 0; i < Constructions / 10; i++)
            {
                source.Append($$"""
                        public static Message Template{{i}}(string name) => new TemplateMessage
                        {
                            Template = new()
                            {
                                Namespace = "ns", Name = name, Language = new() { Code = TemplateLanguages.EnglishUS },
                                Components =
                                [
                                    new() { Type = ComponentType.Header, Parameters = [new DocumentParameter { Document = new() { Link = "https://example.com/{{i}}.pdf", Filename = "invoice.pdf" } }] },
                                    new()
                                    {
                                        Type = ComponentType.Body,
                                        Parameters =
                                        [
                                            new TextParameter { Text = name },
                                            new CurrencyParameter { Currency = new() { FallbackValue = "$1", Code = "USD", Amount1000 = {{i}}000 } },
                                            new DateTimeParameter { DateTime = new() { FallbackValue = "x", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = 2, Hour = 15, Minute = 33 } },
                                        ],
                                    },
                                    new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "yes" }] },
                                    new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 1, Parameters = [new TextParameter { Text = "track/{{i}}" }] },
                                ],
                            },
                        };

                    """);
            }
            source.Append("}\n");
            sources[$"Templates{file}.cs"] = source.ToString();
        }
        return sources;
    }

    private static string Dotnet(string directory, params string[] args)
    {
        var (exit, output) = Repository.DotnetAsync(directory, args).GetAwaiter().GetResult();
        if (exit != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed:\n{output}");
        return output;
    }
}
