using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>What a user gets: the package's contents, and a README that agrees with the schema.</summary>
public class RepositoryTests
{
    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "schema", "schema.yaml"))) return directory.FullName;
        }
        throw new InvalidOperationException("no schema/schema.yaml above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task The_package_carries_the_generator_and_yamldotnet_beside_it()
    {
        string output = Path.Combine(Path.GetTempPath(), $"linkwa-pack-{Guid.NewGuid():N}");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
            foreach (string arg in new[] { "pack", "runtime/LinkMobility.WhatsApp/LinkMobility.WhatsApp.csproj", "-o", output, "-p:NuGetAudit=false" }) info.ArgumentList.Add(arg);
            using Process process = Process.Start(info)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await stdout + await stderr);

            string package = Assert.Single(Directory.GetFiles(output, "LinkMobility.WhatsApp.*.nupkg"));
            using ZipArchive zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("analyzers/dotnet/cs/LinkMobility.WhatsApp.Generator.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/YamlDotNet.dll", entries);
            Assert.Contains("lib/net8.0/LinkMobility.WhatsApp.dll", entries);
            Assert.Contains("lib/net10.0/LinkMobility.WhatsApp.dll", entries);
            Assert.Contains("lib/net10.0/LinkMobility.WhatsApp.xml", entries);
            // Roslyn's own assemblies are the compiler's; the package must not bring copies.
            Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis"));
            // The package references nothing: System.Text.Json is part of the framework.
            string nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open()).ReadToEnd();
            Assert.DoesNotContain("<dependency ", nuspec);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void The_readme_errata_table_lists_every_erratum_of_the_schema()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var rows = Regex.Matches(readme, @"^\| (E\d+) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
        Assert.Equal(ApiDocument.Errata.Select(e => e.Id), rows);
    }

    [Fact]
    public void The_readme_has_a_section_for_every_diagnostic_id_and_problem_code()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        string releases = File.ReadAllText(Path.Combine(Root, "generator", "LinkMobility.WhatsApp.Generator", "AnalyzerReleases.Unshipped.md"));
        var ids = Regex.Matches(releases, @"^(LMWA\d{4}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
            .Concat(Problems.All.Select(p => p.Code)).ToList();
        Assert.True(ids.Count > Problems.All.Count);
        Assert.All(ids, id => Assert.Contains($"\n### {id}\n", readme));
    }
}
