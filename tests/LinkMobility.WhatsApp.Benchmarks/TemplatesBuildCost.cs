using System.Diagnostics;
using System.Globalization;
using LinkMobility.WhatsApp.Testing;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// What 1,000 templates cost the edit loop, in both layouts: four consumer projects of the packed package (an app with
/// no templates; an app with a templates file of 1,000 entries; an app that references an empty class library; an app
/// that references a class library with the 1,000 entries), each app rebuilt in turns after one of its source files
/// changes, as a developer's build runs (incremental, with the compiler server warm, the app's analyzers on). Prints
/// both ratios of the rebuild times with their spread, and the generated lines.
/// </summary>
internal static class TemplatesBuildCost
{
    private const string InApp = "templates-build-1000-vs-none";
    private const string OwnProject = "templates-build-own-project-vs-empty-project";

    public static int Run(int rounds)
    {
        string work = Path.Combine(Path.GetTempPath(), $"linkwa-templates-build-{Guid.NewGuid():N}");
        string version = $"0.1.0-build.{DateTime.UtcNow:yyyyMMddHHmmss}";
        try
        {
            Repository.PackAsync(Path.Combine(work, "feed"), version, "Release").GetAwaiter().GetResult();
            string none = App(work, version, "none", templates: false, library: null);
            string thousand = App(work, version, "thousand", templates: true, library: null);
            string emptyProject = App(work, version, "app-of-empty", templates: false, library: Library(work, version, "empty", templates: false));
            string ownProject = App(work, version, "app-of-thousand", templates: false, library: Library(work, version, "thousand-lib", templates: true));
            string[] apps = [none, thousand, emptyProject, ownProject];
            foreach (string project in apps) Dotnet(project, "build", "-c", "Release");   // restore, build the libraries, warm the compiler server

            var inApp = new List<double>();
            var ownOverEmpty = new List<double>();
            for (int round = 1; round <= rounds; round++)
            {
                // In turns, the first of each round rotating, so a drift in the machine's speed weighs on all alike.
                var seconds = new Dictionary<string, double>();
                for (int i = 0; i < apps.Length; i++)
                {
                    string project = apps[(i + round) % apps.Length];
                    seconds[project] = Rebuild(project, round);
                }
                inApp.Add(seconds[thousand] / seconds[none]);
                ownOverEmpty.Add(seconds[ownProject] / seconds[emptyProject]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: rebuild {seconds[none]:0.00} s no templates, {seconds[thousand]:0.00} s 1,000 in the app, {seconds[emptyProject]:0.00} s an empty referenced project, {seconds[ownProject]:0.00} s 1,000 in a referenced project"));
            }

            int lines = GeneratedLines(thousand);
            Console.WriteLine($"generated: {lines} lines for 1,000 templates ({lines / 1000.0:0.0} per template)");
            Report(InApp, inApp, 1.30);
            Report(OwnProject, ownOverEmpty, 1.10);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lines templates-generated-per-template {lines / 1000.0:0.0}"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static void Report(string name, List<double> ratios, double target)
    {
        double[] sorted = [.. ratios.Order()];
        double median = Quantile(sorted, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {name} {median:0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spread {name} {Quantile(sorted, 0.25):0.000} {Quantile(sorted, 0.75):0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target {name} <= {target:0.00} {(median <= target ? "met" : "missed")}"));
    }

    /// <summary>
    /// A console project with two source files (one of them edited before each rebuild), with the templates file or
    /// not, referencing a library or not.
    /// </summary>
    private static string App(string work, string version, string name, bool templates, string? library)
    {
        string project = Path.Combine(work, name);
        Repository.WriteConsumerProject(project, Path.Combine(work, "feed"), Path.Combine(work, "packages"), version, new Dictionary<string, string>
        {
            ["Program.cs"] = "System.Console.WriteLine(LinkMobility.WhatsApp.ApiDocument.Version + Edited.Round);",
            ["Edited.cs"] = Edited(0),
        });
        string csproj = Path.Combine(project, "App.csproj");
        if (templates) AddTemplates(project, csproj);
        if (library is not null)
        {
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", $"  <ItemGroup><ProjectReference Include=\"{library}\" /></ItemGroup>\n</Project>"));
        }
        return project;
    }

    /// <summary>A class library of the package, with the templates file or empty; its project file's path.</summary>
    private static string Library(string work, string version, string name, bool templates)
    {
        string project = Path.Combine(work, name);
        Repository.WriteConsumerProject(project, Path.Combine(work, "feed"), Path.Combine(work, "packages"), version, new Dictionary<string, string>
        {
            ["Library.cs"] = "namespace Templates { public static class Library { } }",
        });
        string csproj = Path.Combine(project, "Templates.csproj");
        File.Move(Path.Combine(project, "App.csproj"), csproj);
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType><RootNamespace>Templates</RootNamespace>"));
        if (templates) AddTemplates(project, csproj);
        return csproj;
    }

    private static void AddTemplates(string project, string csproj)
    {
        File.WriteAllText(Path.Combine(project, "whatsapp-templates.json"), AnalyzerCost.Templates());
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>",
            "  <ItemGroup><WhatsAppTemplates Include=\"whatsapp-templates.json\" Namespace=\"ns\" /></ItemGroup>\n</Project>"));
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
