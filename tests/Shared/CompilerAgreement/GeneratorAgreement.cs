using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using LinkMobility.WhatsApp.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>
/// What the generators make of the real schema and the demo's templates file: each source's hint name and SHA-256,
/// their diagnostics, and the errors of the result. The newest compiler's tests and the Roslyn 4.8 tests compare it
/// with one expected file, so the two compilers are shown to give the same contract.
/// </summary>
internal static class GeneratorAgreement
{
    public static string ExpectedPath => Path.Combine(Repository.Root, "tests", "Shared", "CompilerAgreement", "generator-output.txt");

    /// <summary>C# 12, the newest the .NET 8 SDK's compiler knows, in both compilers.</summary>
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp12);

    public static string Describe()
    {
        string schemaPath = Path.Combine(Repository.Root, "schema", "schema.yaml");
        string templatesPath = Path.Combine(Repository.Root, "samples", "linkwa", "whatsapp-templates.json");
        AdditionalText[] files = [new FileText(schemaPath), new FileText(templatesPath)];
        var options = new Options(new() { ["build_property.RootNamespace"] = "Consumer" }, new()
        {
            [schemaPath] = new() { [$"build_metadata.AdditionalFiles.{ContractGenerator.SchemaMetadata}"] = "true" },
            [templatesPath] = new()
            {
                [$"build_metadata.AdditionalFiles.{TemplatesGenerator.TemplatesMetadata}"] = "true",
                ["build_metadata.AdditionalFiles.Namespace"] = "demo_namespace",
            },
        });
        CSharpCompilation compilation = CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText("class Placeholder { }", Parse)], TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ContractGenerator().AsSourceGenerator(), new TemplatesGenerator().AsSourceGenerator()], files, Parse, options)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);

        var lines = new List<string>();
        foreach (GeneratorRunResult result in driver.GetRunResult().Results)
        {
            lines.Add($"{result.Generator.GetGeneratorType().Name}: {(result.Exception is null ? "ran" : "threw " + result.Exception.GetType().Name)}");
            foreach (GeneratedSourceResult source in result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
            {
                string text = source.SourceText.ToString().Replace("\r\n", "\n");
                lines.Add($"  {source.HintName} {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}");
            }
        }
        lines.AddRange(diagnostics.Select(d => $"diagnostic {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
        int errors = output.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        lines.Add($"errors compiling the output: {errors}");
        return string.Join("\n", lines) + "\n";
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path), Encoding.UTF8);
    }

    private sealed class Options(Dictionary<string, string> global, Dictionary<string, Dictionary<string, string>> files) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(files.TryGetValue(textFile.Path, out var values) ? values : []);

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
