using System.Collections.Immutable;
using LinkMobility.WhatsApp.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>
/// What the analyzers report over one sample of user code (AnalyzerSample.cs.txt): each diagnostic's id, place and
/// words. The newest compiler's tests and the Roslyn 4.8 tests compare it with one expected file.
/// </summary>
internal static class AnalyzerAgreement
{
    private static string Folder => Path.Combine(Repository.Root, "tests", "Shared", "CompilerAgreement");

    public static string ExpectedPath => Path.Combine(Folder, "analyzer-findings.txt");

    public static async Task<string> DescribeAsync()
    {
        string sample = File.ReadAllText(Path.Combine(Folder, "AnalyzerSample.cs.txt"));
        CSharpCompilation compilation = CSharpCompilation.Create("Consumer",
            [CSharpSyntaxTree.ParseText(sample, new CSharpParseOptions(LanguageVersion.CSharp12), path: "AnalyzerSample.cs")],
            TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        ImmutableArray<DiagnosticAnalyzer> analyzers = [.. typeof(TemplateAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];
        ImmutableArray<Diagnostic> found = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        var lines = new List<string> { "analyzers: " + string.Join(", ", analyzers.Select(a => a.GetType().Name)) };
        lines.AddRange(found
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d =>
            {
                var place = d.Location.GetLineSpan().StartLinePosition;
                return $"{d.Id} ({place.Line + 1},{place.Character + 1}) {d.Severity}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            }));
        lines.Add($"errors compiling the sample: {compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error)}");
        return string.Join("\n", lines) + "\n";
    }
}
