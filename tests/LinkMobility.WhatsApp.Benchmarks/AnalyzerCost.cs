using LinkMobility.WhatsApp.Testing;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// What the analyzers cost in a real build: packs the runtime package, builds a project with 1,000 template
/// constructions with -p:ReportAnalyzer=true, and compares the package's analyzers with all analyzers and
/// with the SDK's own most expensive one; then the same with a templates file of 1,000 templates that the
/// constructions name, and the two build times. Prints ratio lines like the benchmarks do.
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
            // The same 1,000 constructions twice: with names the code does not know (no templates file), and with
            // the names of a templates file of 1,000 templates, so the checks against the registry run on every one.
            double plainBuild = Measure(work, version, "app", withTemplates: false);
            double templatesBuild = Measure(work, version, "app-templates", withTemplates: true);
            Console.WriteLine($"build: median {plainBuild:0.00} s without templates, {templatesBuild:0.00} s with 1,000 templates (typed builders and registry checks)");
            Console.WriteLine($"ratio build-with-templates-vs-without {templatesBuild / plainBuild:0.000}");
            return 0;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Three measured rebuilds of one project: prints their analyzer figures and ratios; returns the median build time.</summary>
    private static double Measure(string work, string version, string name, bool withTemplates)
    {
        string project = Path.Combine(work, name);
        Repository.WriteConsumerProject(project, Path.Combine(work, "feed"), Path.Combine(work, "packages"), version, Sources(withTemplates));
        if (withTemplates)
        {
            File.WriteAllText(Path.Combine(project, "whatsapp-templates.json"), Templates());
            string csproj = Path.Combine(project, "App.csproj");
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>",
                "  <ItemGroup><WhatsAppTemplates Include=\"whatsapp-templates.json\" Namespace=\"ns\" /></ItemGroup>\n</Project>"));
        }
        Dotnet(project, "build", "-c", "Release"); // restore, and warm the compiler server as a developer's is
        // Three measured builds; the median, since one build on a busy 2-core machine can be far off.
        var runs = Enumerable.Range(0, 3).Select(_ =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string report = Dotnet(project, "build", "-c", "Release", "--no-incremental", "-p:ReportAnalyzer=true", "-v:d");
            return (Figures: Parse(report), Seconds: clock.Elapsed.TotalSeconds);
        }).ToList();
        string label = withTemplates ? "with templates" : "without templates";
        foreach (var run in runs) Console.WriteLine($"run ({label}): build {run.Seconds:0.00} s; all analyzers {run.Figures.Total:0.000} s, ours {run.Figures.Ours:0.000} s, largest SDK analyzer {run.Figures.LargestSdk:0.000} s");
        var (total, ours, largestSdk, largestName) = runs.Select(r => r.Figures).OrderBy(r => r.Ours / r.Total).ElementAt(1);
        string suffix = withTemplates ? "-with-templates" : "";
        Console.WriteLine($"analyzers ({label}): {Constructions} template constructions; all analyzers {total:0.000} s; LinkMobility.WhatsApp.Analyzers {ours:0.000} s; largest SDK analyzer {largestSdk:0.000} s ({largestName})");
        Console.WriteLine($"ratio analyzer-share{suffix} {ours / total:0.000}");
        Console.WriteLine($"ratio analyzer-vs-largest-sdk-analyzer{suffix} {ours / largestSdk:0.000}");
        return runs.Select(r => r.Seconds).Order().ElementAt(1);
    }

    /// <summary>1,000 templates, one per construction of <see cref="Sources"/>, as WhatsApp lists them.</summary>
    public static string Templates()
    {
        var text = new StringBuilder("{\"data\": [\n");
        for (int file = 0; file < 10; file++)
        {
            for (int i = 0; i < Constructions / 10; i++)
            {
                if (text.Length > 11) text.Append(",\n");
                text.Append($$"""{"name": "t{{file}}_{{i}}", "language": "en_US", "status": "APPROVED", "components": [{"type": "HEADER", "format": "DOCUMENT"}, {"type": "BODY", "text": "{{P(1)}} owes {{P(2)}} since {{P(3)}}."}, {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Yes"}, {"type": "URL", "text": "Track", "url": "https://example.com/{{P(1)}}"}]}]}""");
            }
        }
        return text.Append("\n]}").ToString();

        // A placeholder as WhatsApp writes it ({{1}}), which the interpolated text cannot hold as is.
        static string P(int number) => "{{" + number + "}}";
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

    /// <summary>
    /// Ten files of a hundred valid template messages each, every shape of component and parameter, and a Main;
    /// named by a parameter, or (<paramref name="named"/>) by a constant that names a template of <see cref="Templates"/>.
    /// </summary>
    private static Dictionary<string, string> Sources(bool named)
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
                                Namespace = "ns", Name = {{(named ? $"\"t{file}_{i}\"" : "name")}}, Language = new() { Code = TemplateLanguages.EnglishUS },
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
