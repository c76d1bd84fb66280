using System.Text.RegularExpressions;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>A README that agrees with the schema (the package itself is tested in LinkMobility.WhatsApp.Analyzers.Tests).</summary>
public class RepositoryTests
{
    private static string Root => LinkMobility.WhatsApp.Testing.Repository.Root;

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
