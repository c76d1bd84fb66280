using System.Diagnostics;
using System.Globalization;
using LinkMobility.WhatsApp.Testing;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// What 1,000 templates cost the edit loop: two consumer projects of the packed package, alike but for a templates
/// file of 1,000 entries, rebuilt in turns after one source file changes, as a developer's build runs (incremental,
/// with the compiler server warm). Prints the ratio of the rebuild times with its spread, and the generated lines.
/// </summary>
internal static class TemplatesBuildCost
{
    private const string Name = "templates-build-1000-vs-none";

    public static int Run(int rounds)
    {
        string work = Path.Combine(Path.GetTempPath(), $"linkwa-templates-build-{Guid.NewGuid():N}");
        string version = $"0.1.0-build.{DateTime.UtcNow:yyyyMMddHHmmss}";
        try
        {
            Repository.PackAsync(Path.Combine(work, "feed"), version, "Release").GetAwaiter().GetResult();
            string none = Project(work, version, "none", withTemplates: false);
            string thousand = Project(work, version, "thousand", withTemplates: true);
            foreach (string project in new[] { none, thousand }) Dotnet(project, "build", "-c", "Release");   // restore, and warm the compiler server

            var ratios = new List<double>();
            for (int round = 1; round <= rounds; round++)
            {
                // In turns, the first of each round alternating, so a drift in the machine's speed weighs on both alike.
                bool noneFirst = round % 2 == 1;
                double a = Rebuild(noneFirst ? none : thousand, round), b = Rebuild(noneFirst ? thousand : none, round);
                (double withTemplates, double without) = noneFirst ? (b, a) : (a, b);
                ratios.Add(withTemplates / without);
                Console.WriteLine($"round {round}: rebuild {without:0.00} s without templates, {withTemplates:0.00} s with 1,000; ratio {withTemplates / without:0.000}");
            }

            int lines = GeneratedLines(thousand);
            Console.WriteLine($"generated: {lines} lines for 1,000 templates ({lines / 1000.0:0.0} per template)");
            double[] sorted = [.. ratios.Order()];
            double median = Quantile(sorted, 0.5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {Name} {median:0.000}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spread {Name} {Quantile(sorted, 0.25):0.000} {Quantile(sorted, 0.75):0.000}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target {Name} <= 1.30 {(median <= 1.30 ? "met" : "missed")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lines templates-generated-per-template {lines / 1000.0:0.0}"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A console project with two source files (one of them edited before each rebuild), with or without the templates file.</summary>
    private static string Project(string work, string version, string name, bool withTemplates)
    {
        string project = Path.Combine(work, name);
        Repository.WriteConsumerProject(project, Path.Combine(work, "feed"), Path.Combine(work, "packages"), version, new Dictionary<string, string>
        {
            ["Program.cs"] = "System.Console.WriteLine(LinkMobility.WhatsApp.ApiDocument.Version + Edited.Round);",
            ["Edited.cs"] = Edited(0),
        });
        if (withTemplates)
        {
            File.WriteAllText(Path.Combine(project, "whatsapp-templates.json"), AnalyzerCost.Templates());
            string csproj = Path.Combine(project, "App.csproj");
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>",
                "  <ItemGroup><WhatsAppTemplates Include=\"whatsapp-templates.json\" Namespace=\"ns\" /></ItemGroup>\n</Project>"));
        }
        return project;
    }

    private static string Edited(int round) => $"static class Edited {{ public const int Round = {round}; }}\n";

    /// <summary>Changes the edited file, then times an incremental build.</summary>
    private static double Rebuild(string project, int round)
    {
        File.WriteAllText(Path.Combine(project, "Edited.cs"), Edited(round));
        var clock = Stopwatch.StartNew();
        Dotnet(project, "build", "-c", "Release", "--no-restore");
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The lines of the generated templates file, from one more build that writes generated files (not timed).</summary>
    private static int GeneratedLines(string project)
    {
        string generated = Path.Combine(project, "obj", "generated-files");
        Dotnet(project, "build", "-c", "Release", "--no-restore", "--no-incremental", "-p:EmitCompilerGeneratedFiles=true", $"-p:CompilerGeneratedFilesOutputPath={generated}");
        string[] files = Directory.GetFiles(generated, "*Templates*.g.cs", SearchOption.AllDirectories);
        if (files.Length == 0) throw new InvalidOperationException("the build wrote no templates file under " + generated);
        return files.Sum(f => File.ReadAllLines(f).Length);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int low = (int)Math.Floor(position), high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    private static string Dotnet(string directory, params string[] args)
    {
        var (exit, output) = Repository.DotnetAsync(directory, args).GetAwaiter().GetResult();
        if (exit != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed:\n{output}");
        return output;
    }
}
