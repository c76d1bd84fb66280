using LinkMobility.WhatsApp.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>The hand-written descriptors (release tracking needs them hand-written) say exactly what schema.yaml's problems say.</summary>
public class DescriptorTests
{
    [Fact]
    public void Every_problem_of_the_schema_has_its_descriptor()
    {
        var descriptors = typeof(Descriptors).GetFields().ToDictionary(f => f.Name, f => (DiagnosticDescriptor)f.GetValue(null)!);
        Assert.Equal(RuleChecks.Problems.Select(p => p.Name).Order(), descriptors.Keys.Order());
        foreach (var (name, code, severity, title) in RuleChecks.Problems)
        {
            DiagnosticDescriptor descriptor = descriptors[name];
            Assert.Equal(code, descriptor.Id);
            Assert.Equal(title, descriptor.Title.ToString());
            Assert.Equal(severity == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.Equal("LinkMobility.WhatsApp.Usage", descriptor.Category);
            Assert.EndsWith("/docs/diagnostics/" + code + ".md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(TestReferences.RepositoryRoot, "docs", "diagnostics", code + ".md")), code + " has no page");
        }
        Assert.Equal(RuleChecks.Problems.Select(p => p.Code), new TemplateAnalyzer().SupportedDiagnostics.Select(d => d.Id));
    }

    [Fact]
    public void The_release_file_lists_every_descriptor()
    {
        string unshipped = File.ReadAllText(Path.Combine(TestReferences.RepositoryRoot, "generator", "LinkMobility.WhatsApp.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var (_, code, severity, _) in RuleChecks.Problems)
        {
            Assert.Contains($"{code} | LinkMobility.WhatsApp.Usage | {(severity == "warning" ? "Warning" : "Error")} |", unshipped);
        }
    }
}
