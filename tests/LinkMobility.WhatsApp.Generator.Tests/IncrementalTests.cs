using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>The pipeline caches: edits that do not touch the schema redo nothing, and the model holds no Roslyn or YAML objects.</summary>
public class IncrementalTests
{
    private static readonly string[] TrackedSteps =
        [TrackingNames.SchemaFiles, TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Model, TrackingNames.LanguageVersion, TrackingNames.Output, TrackingNames.Sources];

    [Fact]
    public void Editing_an_unrelated_csharp_file_leaves_every_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation("class A { }");
        GeneratorDriver driver = GeneratorHarness.Driver(GeneratorHarness.RealSchema, trackSteps: true).RunGenerators(compilation);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("class A { int X => 1; }", GeneratorHarness.ParseOptions, path: "/project/Source0.cs"))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(TrackedSteps.Order(), result.TrackedSteps.Keys.Where(TrackedSteps.Contains).Order());
        foreach (string step in TrackedSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                Assert.All(run.Outputs, output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {step} ran again: {output.Reason}"));
            }
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_the_schema_runs_the_steps_again()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation("class A { }");
        var original = new InMemoryAdditionalText(GeneratorHarness.SchemaPath, GeneratorHarness.RealSchema);
        GeneratorDriver driver = GeneratorHarness.Driver(original, trackSteps: true).RunGenerators(compilation);

        var changed = new InMemoryAdditionalText(GeneratorHarness.SchemaPath, GeneratorHarness.RealSchema.Replace("version: 1.4.2", "version: 1.4.3"));
        GeneratorRunResult result = driver.ReplaceAdditionalText(original, changed).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Parse].Single().Outputs.Single().Reason);
        Assert.Contains("public const string Version = \"1.4.3\";", result.GeneratedSources.Single(s => s.HintName.EndsWith("Catalogues.g.cs")).SourceText.ToString());
    }

    [Fact]
    public void The_model_holds_no_roslyn_symbols_syntax_locations_or_yaml_nodes()
    {
        Type[] forbidden =
        [
            typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SyntaxToken), typeof(Location),
            typeof(Compilation), typeof(SemanticModel), typeof(YamlDotNet.RepresentationModel.YamlNode),
        ];
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(Model.ContractModel), typeof(Model.SchemaResult)]);
        while (pending.TryPop(out Type? type))
        {
            if (!seen.Add(type)) continue;
            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            if (type.IsGenericType) foreach (Type argument in type.GetGenericArguments()) pending.Push(argument);
            if (type.Assembly != typeof(ContractGenerator).Assembly) continue;
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)) pending.Push(field.FieldType);
            // An abstract record (a rule) stands for its kinds: each is part of the model too.
            if (type.IsAbstract) foreach (Type kind in type.Assembly.GetTypes().Where(t => t.BaseType == type)) pending.Push(kind);
        }
        Assert.Contains(typeof(Model.MemberModel), seen);
        Assert.Contains(typeof(Model.UniqueRule), seen);

        // And every model type compares by value, which caching relies on: a sealed record, or the abstract record of a kind of them.
        foreach (Type type in seen.Where(t => t.Assembly == typeof(ContractGenerator).Assembly && t.IsClass))
        {
            Assert.True(type.IsSealed || type.IsAbstract, $"{type.Name} is neither sealed nor abstract");
            Assert.NotNull(type.GetMethod("<Clone>$")); // a record
        }
    }

    [Fact]
    public void Parsing_the_same_text_twice_gives_equal_models()
    {
        var a = Parser.Parse("schema.yaml", Microsoft.CodeAnalysis.Text.SourceText.From(GeneratorHarness.RealSchema), default);
        var b = Parser.Parse("schema.yaml", Microsoft.CodeAnalysis.Text.SourceText.From(GeneratorHarness.RealSchema), default);
        Assert.NotNull(a.Model);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
