using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using LinkMobility.WhatsApp.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>Runs the generator the way the compiler does, over a schema text and some C#.</summary>
internal static class GeneratorHarness
{
    public static string SchemaPath => "/project/schema/schema.yaml";

    /// <summary>The framework's assemblies plus the runtime package, which generated code calls.</summary>
    public static ImmutableArray<MetadataReference> References => LinkMobility.WhatsApp.Testing.TestReferences.All;

    public static string RealSchema => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema.yaml"));

    public static string TestSchema(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", name));

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/project/Source{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static GeneratorDriver Driver(string schema, bool trackSteps = false, CSharpParseOptions? parseOptions = null) =>
        Driver(new InMemoryAdditionalText(SchemaPath, schema), trackSteps, parseOptions);

    public static GeneratorDriver Driver(AdditionalText schema, bool trackSteps = false, CSharpParseOptions? parseOptions = null, Dictionary<string, string>? globalOptions = null) =>
        CSharpGeneratorDriver.Create(
            [new ContractGenerator().AsSourceGenerator()],
            [schema],
            parseOptions ?? ParseOptions,
            new TestOptions(globalOptions ?? [], marked: [SchemaPath]),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The global config a test project gives the compiler: the schema marked as the package's build props let users mark it.</summary>
    public static string MarkedSchemaConfig(string path) => $"is_global = true\n[{path}]\nbuild_metadata.AdditionalFiles.{ContractGenerator.SchemaMetadata} = true\n";

    /// <summary>Runs the generator; returns what it produced and the compilation with its output added.</summary>
    public static (GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string schema, CSharpParseOptions? parseOptions = null, params string[] sources)
    {
        CSharpCompilation compilation = Compilation(sources);
        if (parseOptions is not null) compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(sources.Select(s => CSharpSyntaxTree.ParseText(s, parseOptions)));
        GeneratorDriver driver = Driver(schema, parseOptions: parseOptions).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (driver.GetRunResult().Results.Single(), output, diagnostics);
    }

    public static string RepositoryRoot => LinkMobility.WhatsApp.Testing.TestReferences.RepositoryRoot;

    /// <summary>This test project's folder, for writing baselines back.</summary>
    public static string ProjectDirectory => Path.Combine(RepositoryRoot, "tests", "LinkMobility.WhatsApp.Generator.Tests");
}

/// <summary>Compiler options: MSBuild properties, and the AdditionalFiles paths marked as the schema.</summary>
internal sealed class TestOptions(Dictionary<string, string> global, IEnumerable<string> marked) : AnalyzerConfigOptionsProvider
{
    private readonly HashSet<string> _marked = [.. marked];

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(_marked.Contains(textFile.Path)
        ? new Dictionary<string, string> { [$"build_metadata.AdditionalFiles.{ContractGenerator.SchemaMetadata}"] = "true" }
        : []);

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>An AdditionalFiles item held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, System.Text.Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
