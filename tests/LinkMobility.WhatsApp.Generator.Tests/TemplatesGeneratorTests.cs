using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using LinkMobility.WhatsApp;
using LinkMobility.WhatsApp.Generator.Templates;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>Your templates file in, builders and a registry out; a malformed file gives a diagnostic at its line, never a crash.</summary>
public class TemplatesGeneratorTests
{
    private const string TemplatesPath = "/project/whatsapp-templates.json";

    private const string Valid = """
        {"data": [
          {"name": "order_update", "language": "en_US", "status": "APPROVED", "category": "UTILITY",
           "components": [
             {"type": "HEADER", "format": "IMAGE"},
             {"type": "BODY", "text": "Hi {{1}}, order {{2}} ships today.", "example": {"body_text": [["Ann", "42"]]}},
             {"type": "FOOTER", "text": "Thanks"},
             {"type": "BUTTONS", "buttons": [
               {"type": "QUICK_REPLY", "text": "Track my order"},
               {"type": "URL", "text": "Open", "url": "https://example.com/{{1}}"},
               {"type": "URL", "text": "Home", "url": "https://example.com"},
               {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+4680000000"}]}]},
          {"name": "order_update", "language": "nb", "status": "APPROVED",
           "components": [
             {"type": "HEADER", "format": "IMAGE"},
             {"type": "BODY", "text": "Hei {{1}}, ordre {{2}} sendes i dag."},
             {"type": "BUTTONS", "buttons": [
               {"type": "QUICK_REPLY", "text": "Track my order"},
               {"type": "URL", "text": "Open", "url": "https://example.com/{{1}}"},
               {"type": "URL", "text": "Home", "url": "https://example.com"},
               {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+4680000000"}]}]},
          {"name": "hello", "language": "en_US", "status": "APPROVED", "components": [{"type": "BODY", "text": "Hello!"}]}
        ]}
        """;

    private static (GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string text, string path = TemplatesPath, bool marked = true, string? @namespace = "shop_ns", params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(sources.Length == 0 ? ["class Placeholder { }"] : sources);
        GeneratorDriver driver = Driver(new InMemoryAdditionalText(path, text), marked, @namespace)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (driver.GetRunResult().Results.Single(), output, diagnostics);
    }

    internal static GeneratorDriver Driver(AdditionalText file, bool marked = true, string? @namespace = "shop_ns", bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new TemplatesGenerator().AsSourceGenerator()],
            [file],
            GeneratorHarness.ParseOptions,
            new TemplatesOptions(marked ? file.Path : null, @namespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private static void AssertCompiles(Compilation output) =>
        Assert.True(!output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error),
            string.Join("\n", output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)));

    [Fact]
    public void A_templates_file_gives_a_builder_per_template_that_compiles_and_builds_the_message()
    {
        var (result, output, diagnostics) = Run(Valid, sources: """
            using Shop;
            class Use
            {
                LinkMobility.WhatsApp.TemplateMessage M() => WhatsAppTemplates.OrderUpdate.Create(
                    WhatsAppTemplates.OrderUpdate.Language.Norwegian, headerImage: new System.Uri("https://example.com/a.png"),
                    body1: "Ann", body2: new LinkMobility.WhatsApp.Currency { FallbackValue = "$1", Code = "USD", Amount1000 = 1000 },
                    trackMyOrderPayload: "t", openText: "42");
                LinkMobility.WhatsApp.TemplateMessage H() => WhatsAppTemplates.Hello.Create(WhatsAppTemplates.Hello.Language.EnglishUS);
            }
            """);
        Assert.Empty(diagnostics);
        Assert.Null(result.Exception);
        AssertCompiles(output);
        string source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("Hi {{1}}, order {{2}} ships today.", source);   // IntelliSense shows the template
        Assert.Contains("Example: Ann.", source);

        // Run: the builder's one call into the runtime's factory gives the message, in the chosen language.
        var message = (TemplateMessage)Invoke(output, "Use", "M");
        Assert.Equal(("shop_ns", "order_update", "nb"), (message.Template.Namespace, message.Template.Name, message.Template.Language.Code));
        Assert.Equal([ComponentType.Header, ComponentType.Body, ComponentType.Button, ComponentType.Button], message.Template.Components.Select(c => c.Type));
        Assert.Equal([null, null, 0, 1], message.Template.Components.Select(c => c.Index));   // a URL without a variable and a phone number send nothing
        Assert.Equal("https://example.com/a.png", Assert.IsType<ImageParameter>(Assert.Single(message.Template.Components[0].Parameters)).Image.Link);
        Assert.IsType<CurrencyParameter>(message.Template.Components[1].Parameters[1]);
        Assert.Equal("t", Assert.IsType<PayloadParameter>(Assert.Single(message.Template.Components[2].Parameters)).Payload);
        Assert.Empty(((TemplateMessage)Invoke(output, "Use", "H")).Template.Components.Single().Parameters);
    }

    /// <summary>Emits the compilation and calls a static or instance method without arguments of one of its types.</summary>
    private static object Invoke(Compilation output, string type, string method)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        System.Reflection.Assembly assembly = System.Reflection.Assembly.Load(image.ToArray());
        Type used = assembly.GetType(type)!;
        System.Reflection.MethodInfo called = used.GetMethod(method, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!;
        return called.Invoke(called.IsStatic ? null : Activator.CreateInstance(used), null)!;
    }

    /// <summary>The output for the file above, compared with its checked-in baseline (UPDATE_BASELINES=1 rewrites it).</summary>
    [Fact]
    public void The_output_matches_its_baseline()
    {
        var (result, _, _) = Run(Valid);
        string generated = Assert.Single(result.GeneratedSources).SourceText.ToString();
        string path = Path.Combine(GeneratorHarness.ProjectDirectory, "Baselines", "Shop.WhatsAppTemplates.g.cs");
        if (Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1") File.WriteAllText(path, generated);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Baselines", "Shop.WhatsAppTemplates.g.cs")), generated);
    }

    [Fact]
    public void The_builders_compile_from_csharp_9_on()
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp9);
        CSharpCompilation compilation = GeneratorHarness.Compilation().AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Placeholder { }", options));
        CSharpGeneratorDriver.Create([new TemplatesGenerator().AsSourceGenerator()], [new InMemoryAdditionalText(TemplatesPath, Valid)], options, new TemplatesOptions(TemplatesPath, "ns"))
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.Empty(diagnostics);
        AssertCompiles(output);
    }

    [Fact]
    public void A_wrong_parameter_count_or_kind_does_not_compile()
    {
        var (_, output, _) = Run(Valid, sources: """
            using Shop;
            class Use
            {
                object A() => WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS, new System.Uri("https://x/a.png"), "Ann", "t", "42");
                object B() => WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS, "not a uri", "Ann", "42", "t", "42");
                object C() => WhatsAppTemplates.Hello.Create(WhatsAppTemplates.Hello.Language.Norwegian);
            }
            """);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.Contains("CS7036", errors);   // a parameter missing
        Assert.Contains("CS1503", errors);   // a header image is a Uri, not text
        Assert.Contains("CS0117", errors);   // hello has no Norwegian
    }

    [Fact]
    public void A_yaml_file_and_a_bare_list_work_too()
    {
        const string yaml = """
            - name: hello
              language: en_US
              namespace: own_ns
              components:
                - { type: BODY, text: "Hello {{1}}" }
            """;
        var (result, output, diagnostics) = Run(yaml, path: "/project/templates.yaml", @namespace: null);
        Assert.Empty(diagnostics);
        AssertCompiles(output);
        Assert.Contains("hello\\ten_US\\tAPPROVED\\town_ns", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    public static TheoryData<string, string, int> MalformedFiles => new()
    {
        { "", "LMWA0010", 1 },
        { "   \n", "LMWA0010", 1 },
        { "{\"data\": [\n  {\"name\": \"a\",\n  \"language\": }\n]}", "LMWA0010", 3 },   // YAML reads a missing value as null: an empty language, at its line
        { "{\"data\": [\n  {\"name\": \"a\",\n  \"language\": \"en_US\" \"components\": []}\n]}", "LMWA0010", 3 },
        { "{\"templates\": []}", "LMWA0010", 1 },
        { "[]", "LMWA0010", 1 },
        { "[\n  {\"language\": \"en_US\", \"components\": []}\n]", "LMWA0010", 2 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\"}\n]", "LMWA0010", 2 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"SIDEBAR\"}]}\n]", "LMWA0011", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"HEADER\", \"format\": \"GIF\"}]}\n]", "LMWA0011", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [{\"type\": \"BUTTONS\", \"buttons\": [\n    {\"type\": \"TELEPORT\"}]}]}\n]", "LMWA0011", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": []},\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": []}\n]", "LMWA0012", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"BODY\", \"text\": \"{{1}} then {{3}}\"}]}\n]", "LMWA0013", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"BODY\", \"text\": \"{{2}} {{1}}\"}]}\n]", "LMWA0013", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [{\"type\": \"BUTTONS\", \"buttons\": [\n    {\"type\": \"URL\", \"url\": \"https://x/{{1}}/y/{{2}}\"}]}]}\n]", "LMWA0013", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"HEADER\", \"format\": \"LOCATION\"}]}\n]", "LMWA0014", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\",\n   \"parameter_format\": \"NAMED\", \"components\": []}\n]", "LMWA0014", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [{\"type\": \"BUTTONS\", \"buttons\": [\n    {\"type\": \"COPY_CODE\"}]}]}\n]", "LMWA0014", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [{\"type\": \"BUTTONS\", \"buttons\": [\n    {\"type\": \"OTP\"}]}]}\n]", "LMWA0014", 3 },
        { "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"CAROUSEL\", \"cards\": []}]}\n]", "LMWA0014", 3 },
        { "- name: a\n  language: en_US\n  components:\n    - { type: BODY, text: \"{{x}}\" }\n", "LMWA0013", 4 },
        { "- name: a\n  language: [en_US\n", "LMWA0010", 3 },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void A_malformed_templates_file_gives_its_diagnostic_at_its_line(string text, string id, int line)
    {
        var (result, output, diagnostics) = Run(text);
        Assert.Null(result.Exception);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        if (text.Trim().Length > 0) Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Equal(TemplatesPath, diagnostic.Location.GetLineSpan().Path is { Length: > 0 } p ? p : TemplatesPath);
        AssertCompiles(output);
    }

    [Fact]
    public void A_template_without_a_link_namespace_is_an_error_that_says_where_to_give_it()
    {
        var (_, _, diagnostics) = Run("[{\"name\": \"a\", \"language\": \"en_US\", \"components\": []}]", @namespace: null);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LMWA0015", diagnostic.Id);
        Assert.Contains("Namespace on the WhatsAppTemplates item", diagnostic.GetMessage());
    }

    [Fact]
    public void An_unsendable_template_says_why_and_the_others_still_get_builders()
    {
        string text = "[{\"name\": \"where\", \"language\": \"en_US\", \"components\": [{\"type\": \"HEADER\", \"format\": \"LOCATION\"}]},"
            + " {\"name\": \"hello\", \"language\": \"en_US\", \"components\": [{\"type\": \"BODY\", \"text\": \"Hi\"}]}]";
        var (result, output, diagnostics) = Run(text);
        Diagnostic warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("document 1.4.2 has no location parameter", warning.GetMessage());
        string source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("class Hello", source);
        Assert.DoesNotContain("class Where", source);
        AssertCompiles(output);
    }

    [Fact]
    public void Template_and_parameter_names_become_safe_distinct_csharp_names()
    {
        string text = """
            [
              {"name": "order_update", "language": "en_US", "components": [{"type": "BODY", "text": "{{1}}"}], "parameter_names": {"body": ["class"]}},
              {"name": "orderUpdate", "language": "en_US", "components": [{"type": "BODY", "text": "{{1}} {{2}}"}], "parameter_names": {"body": ["language", "language"]}},
              {"name": "1st_notice", "language": "xx_YY", "components": [{"type": "BODY", "text": "Hi"}]},
              {"name": "registry", "language": "en_US", "components": [{"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Yes!"}, {"type": "QUICK_REPLY", "text": "Yes?"}, {"type": "QUICK_REPLY", "text": "???"}]}]}
            ]
            """;
        var (result, output, diagnostics) = Run(text);
        Assert.Empty(diagnostics);
        AssertCompiles(output);
        string source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("class OrderUpdate\n", source.Replace("\r", ""));
        Assert.Contains("class OrderUpdate2\n", source.Replace("\r", ""));
        Assert.Contains("class Template1stNotice", source);
        Assert.Contains("class Registry2", source);
        Assert.Contains("BodyValue @class", source);
        Assert.Contains("BodyValue language2, BodyValue language3", source);
        Assert.Contains("string yesPayload, string yesPayload1, string buttonPayload", source);
    }

    [Fact]
    public void A_language_with_other_parameters_is_left_out_of_the_builder_with_a_warning()
    {
        string text = "[{\"name\": \"hi\", \"language\": \"en_US\", \"components\": [{\"type\": \"BODY\", \"text\": \"Hi {{1}}\"}]},\n"
            + " {\"name\": \"hi\", \"language\": \"sv\", \"components\": [{\"type\": \"BODY\", \"text\": \"Hej {{1}} {{2}}\"}]}]";
        var (result, output, diagnostics) = Run(text);
        Diagnostic warning = Assert.Single(diagnostics);
        Assert.Equal(("LMWA0016", DiagnosticSeverity.Warning, 2), (warning.Id, warning.Severity, warning.Location.GetLineSpan().StartLinePosition.Line + 1));
        string source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("EnglishUS,", source);
        Assert.DoesNotContain("Swedish,", source);
        Assert.Contains("hi\\tsv", source);   // the registry still knows it
        AssertCompiles(output);
    }

    [Fact]
    public void Only_approved_languages_can_be_built()
    {
        string text = """
            [
              {"name": "hi", "language": "en_US", "status": "APPROVED", "components": [{"type": "BODY", "text": "Hi"}]},
              {"name": "hi", "language": "sv", "status": "PAUSED", "components": [{"type": "BODY", "text": "Hej"}]},
              {"name": "soon", "language": "en_US", "status": "PENDING", "components": [{"type": "BODY", "text": "Soon"}]}
            ]
            """;
        var (result, output, diagnostics) = Run(text);
        Assert.Empty(diagnostics);
        string source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("EnglishUS,", source);
        Assert.DoesNotContain("Swedish,", source);
        Assert.DoesNotContain("class Soon", source);
        Assert.Contains("soon\\ten_US\\tPENDING", source);   // the registry knows it: a hand-built message gets LMWA1203
        AssertCompiles(output);
    }

    [Fact]
    public void A_file_that_is_not_marked_is_left_alone()
    {
        var (result, _, diagnostics) = Run("not json at all {", marked: false);
        Assert.Empty(diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void An_app_that_references_a_templates_assembly_registers_its_templates_when_it_starts()
    {
        // The templates project: built, emitted, and referenced as a file, as a ProjectReference is.
        var (_, library, _) = Run(Valid);
        using var image = new MemoryStream();
        Assert.True(library.WithAssemblyName("Shop.Templates").Emit(image).Success);
        MetadataReference templates = MetadataReference.CreateFromImage(image.ToArray());

        CSharpCompilation app = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("class Program { }", GeneratorHarness.ParseOptions)],
            [.. GeneratorHarness.References, templates], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = Driver(new InMemoryAdditionalText(TemplatesPath, "{}"), marked: false, trackSteps: true)
            .RunGeneratorsAndUpdateCompilation(app, out Compilation output, out _);

        string source = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString();
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", source);
        Assert.Contains("RunModuleConstructor(typeof(global::Shop.WhatsAppTemplates).Module.ModuleHandle)", source);
        AssertCompiles(output);

        // An edit in the app: the references are the same, so nothing is emitted again.
        GeneratorRunResult again = driver.RunGenerators(app.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions))).GetRunResult().Results.Single();
        Assert.All(again.TrackedSteps[TrackingNames.ReferencedTemplates].SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));

        // An app without such a reference gets nothing.
        Assert.Empty(Driver(new InMemoryAdditionalText(TemplatesPath, "{}"), marked: false).RunGenerators(GeneratorHarness.Compilation("class Program { }")).GetRunResult().Results.Single().GeneratedSources);
    }

    [Fact]
    public void With_a_thousand_templates_an_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        string text = Thousand();
        CSharpCompilation compilation = GeneratorHarness.Compilation("class A { }");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        GeneratorDriver driver = Driver(new InMemoryAdditionalText(TemplatesPath, text), trackSteps: true).RunGenerators(compilation);
        stopwatch.Stop();
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Empty(first.Diagnostics);
        string source = first.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("class Template999", source);
        Assert.Contains("Create(Language language, global::System.Uri headerImage, BodyValue body1, BodyValue body2, BodyValue body3, string trackPayload, string openText)", source);

        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        string[] steps = [TrackingNames.TemplateFiles, TrackingNames.ReadTemplates, TrackingNames.RootNamespace, TrackingNames.TemplateLayouts, TrackingNames.TemplateBuilders, TrackingNames.BuilderSources, TrackingNames.TemplateSources, TrackingNames.ReferencedTemplates];
        foreach (string step in steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            Assert.All(result.TrackedSteps[step].SelectMany(r => r.Outputs), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} ran again: {output.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_one_template_of_a_thousand_emits_its_builder_again_and_takes_the_others_from_the_cache()
    {
        string text = Thousand();
        CSharpCompilation compilation = GeneratorHarness.Compilation("class A { }");
        var file = new InMemoryAdditionalText(TemplatesPath, text);
        GeneratorDriver driver = Driver(file, trackSteps: true).RunGenerators(compilation);

        // template_500's body text changes, as a person editing it in WhatsApp Manager would change it.
        string edited = text.Replace("\"template_500\", \"language\": \"en_US\", \"status\": \"APPROVED\", \"components\": [{\"type\": \"HEADER\", \"format\": \"IMAGE\"}, {\"type\": \"BODY\", \"text\": \"Hi",
            "\"template_500\", \"language\": \"en_US\", \"status\": \"APPROVED\", \"components\": [{\"type\": \"HEADER\", \"format\": \"IMAGE\"}, {\"type\": \"BODY\", \"text\": \"Hello", StringComparison.Ordinal);
        Assert.NotEqual(text, edited);
        driver = driver.ReplaceAdditionalText(file, new InMemoryAdditionalText(TemplatesPath, edited));
        GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var builders = result.TrackedSteps[TrackingNames.BuilderSources].SelectMany(r => r.Outputs).ToList();
        Assert.Equal(1000, builders.Count);
        var emittedAgain = builders.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).ToList();
        BuilderSource again = Assert.IsType<BuilderSource>(Assert.Single(emittedAgain).Value);
        Assert.Contains("class Template500", again.Text);
        Assert.Contains("Hello {{1}}", again.Text);
        Assert.All(builders.Except(emittedAgain), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        // The file is made again from the registry's new text and the builders' texts, 999 of them from the cache.
        Assert.Contains("Hello {{1}}", result.GeneratedSources.Single().SourceText.ToString());
    }

    /// <summary>1,000 templates with a header, a body of three and two buttons, as WhatsApp lists them.</summary>
    internal static string Thousand()
    {
        var text = new StringBuilder("{\"data\": [\n");
        for (int i = 0; i < 1000; i++)
        {
            if (i > 0) text.Append(",\n");
            text.Append($$"""{"name": "template_{{i}}", "language": "en_US", "status": "APPROVED", "components": [{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "Hi {{P(1)}}, order {{P(2)}} costs {{P(3)}}."}, {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Track"}, {"type": "URL", "text": "Open", "url": "https://example.com/{{P(1)}}"}]}]}""");
        }
        return text.Append("\n]}").ToString();

        // A placeholder as WhatsApp writes it ({{1}}), which the interpolated text cannot hold as is.
        static string P(int number) => "{{" + number + "}}";
    }

    /// <summary>Compiler options with one AdditionalFiles item marked as a templates file, with LINK's namespace, in the project namespace Shop.</summary>
    private sealed class TemplatesOptions(string? markedPath, string? @namespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new() { ["build_property.RootNamespace"] = "Shop" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            if (textFile.Path != markedPath) return new Options([]);
            var values = new Dictionary<string, string> { [$"build_metadata.AdditionalFiles.{TemplatesGenerator.TemplatesMetadata}"] = "true" };
            if (@namespace is not null) values["build_metadata.AdditionalFiles.Namespace"] = @namespace;
            return new Options(values);
        }

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
