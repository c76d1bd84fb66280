using System.Text.RegularExpressions;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>
/// Docs that stay true: a page per diagnostic id and problem code (and none without one), every relative link and
/// anchor resolving, the errata table agreeing with the schema, and a short README.
/// </summary>
public class DocsTests
{
    private static string Root => LinkMobility.WhatsApp.Testing.Repository.Root;

    private static string Diagnostics => Path.Combine(Root, "docs", "diagnostics");

    /// <summary>Every id with its title: the generators' (from their release file) and validation's problems.</summary>
    private static Dictionary<string, string> Codes()
    {
        string releases = File.ReadAllText(Path.Combine(Root, "generator", "LinkMobility.WhatsApp.Generator", "AnalyzerReleases.Unshipped.md"));
        var codes = Regex.Matches(releases, @"^(LMWA\d{4}) \|[^|]+\|[^|]+\| (.+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        foreach (ProblemInfo problem in Problems.All) codes.Add(problem.Code, problem.Title);
        return codes;
    }

    [Fact]
    public void Common_readme_names_the_projects_that_import_each_part()
    {
        string[] projects = [.. Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))];
        var rows = Regex.Matches(File.ReadAllText(Path.Combine(Root, "common", "README.md")), @"^\| `(\w+\.props)` \|[^|]+\|(.+)\|$", RegexOptions.Multiline);
        Assert.Equal(["Checks.props", "Netstandard.props", "Roslyn.props", "TemplateFiles.props"], rows.Select(r => r.Groups[1].Value).Order());
        Assert.All(rows, row =>
        {
            string[] said = [.. Regex.Matches(row.Groups[2].Value, @"`((?:runtime|generator|samples|tests)/[\w./]+)`").Select(m => m.Groups[1].Value).Order()];
            string[] imported = [.. projects.Where(p => File.ReadAllText(p).Contains("common/" + row.Groups[1].Value, StringComparison.Ordinal))
                .Select(p => Path.GetRelativePath(Root, Path.GetDirectoryName(p)!).Replace('\\', '/')).Order()];
            Assert.Equal(imported, said);
        });
    }

    [Fact]
    public void The_mocked_client_test_in_the_docs_is_the_one_that_runs()
    {
        string page = File.ReadAllText(Path.Combine(Root, "docs", "sending.md"));
        string section = page[page.IndexOf("## Testing your code with the client mocked", StringComparison.Ordinal)..];
        string block = Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        string test = File.ReadAllText(Path.Combine(Root, "tests", "LinkMobility.WhatsApp.Tests", "MockedClientTests.cs"));
        string[] lines = [.. block.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        Assert.True(lines.Length >= 5, block);
        Assert.All(lines, line => Assert.Contains(line, test));
    }

    [Fact]
    public void Every_diagnostic_id_and_problem_code_has_a_page_titled_as_it()
    {
        Dictionary<string, string> codes = Codes();
        Assert.True(codes.Count > Problems.All.Count);
        Assert.All(codes, code =>
        {
            string page = Path.Combine(Diagnostics, code.Key + ".md");
            Assert.True(File.Exists(page), $"{code.Key} has no page docs/diagnostics/{code.Key}.md");
            Assert.Equal($"# {code.Key}: {code.Value}", File.ReadLines(page).First());
            string text = File.ReadAllText(page);
            Assert.Contains("## What it means", text);
            Assert.Contains("## Example", text);
            Assert.Contains("## How to fix it", text);
        });
    }

    [Fact]
    public void No_page_exists_without_its_code()
    {
        Dictionary<string, string> codes = Codes();
        var pages = Directory.GetFiles(Diagnostics, "*.md").Select(Path.GetFileNameWithoutExtension).Where(p => p != "README").ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.True(codes.ContainsKey(page!), $"docs/diagnostics/{page}.md is for no code"));
        // The index links every page.
        string index = File.ReadAllText(Path.Combine(Diagnostics, "README.md"));
        Assert.All(pages, page => Assert.Contains($"]({page}.md)", index));
    }

    public static TheoryData<string> MarkdownFiles()
    {
        var files = new TheoryData<string>();
        foreach (string file in new[] { "README.md", "CHANGELOG.md" }.Concat(
            Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f))))
        {
            files.Add(file.Replace('\\', '/'));
        }
        return files;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_and_anchor_resolves(string file)
    {
        string path = Path.Combine(Root, file);
        string text = StripCode(File.ReadAllText(path));
        foreach (Match link in Regex.Matches(text, @"\]\(([^)\s]+)\)"))
        {
            string target = link.Groups[1].Value;
            if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase)) continue;   // https:, mailto:
            string[] parts = target.Split('#', 2);
            string linked = parts[0].Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, parts[0]));
            Assert.True(File.Exists(linked) || Directory.Exists(linked), $"{file}: the link {target} points to nothing");
            if (parts.Length == 2)
            {
                Assert.True(File.Exists(linked), $"{file}: the anchor of {target} is not in a file");
                Assert.True(Anchors(File.ReadAllText(linked)).Contains(parts[1]), $"{file}: {target} has no heading #{parts[1]}");
            }
        }
    }

    [Fact]
    public void The_readme_is_short()
    {
        int lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;
        Assert.True(lines <= 300, $"README.md has {lines} lines; the rest belongs in docs/");
    }

    [Fact]
    public void The_errata_table_lists_every_erratum_of_the_schema()
    {
        string maintainers = File.ReadAllText(Path.Combine(Root, "docs", "maintainers.md"));
        var rows = Regex.Matches(maintainers, @"^\| (E\d+) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
        Assert.Equal(ApiDocument.Errata.Select(e => e.Id), rows);
    }

    /// <summary>GitHub's anchors: each heading lower-cased, punctuation other than '-' and '_' dropped, spaces as '-'.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Regex.Matches(StripCode(markdown), @"^#{1,6} (.+)$", RegexOptions.Multiline))
        {
            string slug = Regex.Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", "").Replace(' ', '-');
            string unique = slug;
            for (int n = 1; !anchors.Add(unique); n++) unique = $"{slug}-{n}";
        }
        return anchors;
    }

    /// <summary>The text without fenced code blocks, whose '#' lines and brackets are not Markdown.</summary>
    private static string StripCode(string markdown) => Regex.Replace(markdown, "^```.*?^```", "", RegexOptions.Multiline | RegexOptions.Singleline);
}
