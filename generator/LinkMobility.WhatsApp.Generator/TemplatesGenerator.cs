using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;
using LinkMobility.WhatsApp.Generator.Templates;
using LinkMobility.WhatsApp.TemplateFiles;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LinkMobility.WhatsApp.Generator;

/// <summary>
/// Turns your templates file (an AdditionalFiles item marked for it, which the package's WhatsAppTemplates item
/// makes) into a typed builder per template and a registry the client and the analyzers check messages against.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TemplatesGenerator : IIncrementalGenerator
{
    /// <summary>The AdditionalFiles metadata that marks a templates file: <c>LinkMobilityWhatsAppTemplates="true"</c>.</summary>
    public const string TemplatesMetadata = "LinkMobilityWhatsAppTemplates";

    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<(AdditionalText File, TemplatesOptions Options)> files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (pair.Left, Options: TemplatesOptions.Of(pair.Right.GetOptions(pair.Left))))
            .Where(static pair => pair.Options.Marked)
            .WithTrackingName(TrackingNames.TemplateFiles);

        IncrementalValuesProvider<TemplatesResult> results = files
            .Select(static (input, ct) => Read(input.File.Path, input.File.GetText(ct), input.Options))
            .WithTrackingName(TrackingNames.ReadTemplates);

        IncrementalValueProvider<string?> rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out string? value) && value.Length > 0 ? value : null)
            .WithTrackingName(TrackingNames.RootNamespace);

        // Laid out once per file (unique class names, positions in the registry), then one builder a step: editing
        // one template re-emits its builder and the file's registry, and the other builders' text comes from the cache.
        IncrementalValuesProvider<TemplatesLayout> layouts = results
            .Where(static result => result.Templates.Count > 0)
            .Combine(rootNamespace)
            .Select(static (input, _) => Layout(input.Left, input.Right))
            .WithTrackingName(TrackingNames.TemplateLayouts);

        IncrementalValuesProvider<BuilderSource> builders = layouts
            .SelectMany(static (layout, _) => layout.Builders)
            .WithTrackingName(TrackingNames.TemplateBuilders)
            .Select(static (builder, _) => EmitBuilder(builder))
            .WithTrackingName(TrackingNames.BuilderSources);

        IncrementalValuesProvider<EmitResult> sources = layouts
            .Combine(builders.Collect())
            .Select(static (input, _) => EmitTemplates(input.Left, input.Right))
            .WithTrackingName(TrackingNames.TemplateSources);

        // A templates project the app references: its templates are registered when the app starts, not when the app
        // first touches one of its builders.
        IncrementalValueProvider<EquatableArray<string>> referenced = context.CompilationProvider
            .Select(static (compilation, ct) => ReferencedTemplates.Of(compilation, ct))
            .WithTrackingName(TrackingNames.ReferencedTemplates);

        context.RegisterSourceOutput(referenced, static (spc, classes) =>
        {
            if (classes.Count > 0) spc.AddSource("ReferencedWhatsAppTemplates.g.cs", Emitter.EmitReferencedTemplates(classes));
        });

        context.RegisterSourceOutput(results, static (spc, result) =>
        {
            foreach (DiagnosticInfo item in result.Diagnostics) spc.ReportDiagnostic(item.ToDiagnostic());
        });

        context.RegisterSourceOutput(sources, static (spc, result) =>
        {
            foreach (DiagnosticInfo item in result.Diagnostics) spc.ReportDiagnostic(item.ToDiagnostic());
            foreach (GeneratedFile file in result.Files) spc.AddSource(file.HintName, file.Text);
        });
    }

    private static TemplatesResult Read(string path, SourceText? text, TemplatesOptions options)
    {
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        if (EmbeddedContract.Model?.Templates is not { } mapping)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InternalError, null, new[] { "reading the templates mapping of the schema", EmbeddedContract.Failure ?? "no templates section" }.ToEquatableArray()));
            return new TemplatesResult(EquatableArray<TemplateSpec>.Empty, options.ClassName, diagnostics.ToEquatableArray());
        }
        if (text is null)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.MalformedTemplates, null, new[] { $"{Path.GetFileName(path)} could not be read" }.ToEquatableArray()));
            return new TemplatesResult(EquatableArray<TemplateSpec>.Empty, options.ClassName, diagnostics.ToEquatableArray());
        }
        TemplatesFileSpec file = TemplateFileReader.Read(text.ToString(), options.Namespace, mapping);
        foreach (TemplateFileProblem problem in file.Problems)
        {
            diagnostics.Add(new DiagnosticInfo(Descriptor(problem.Kind), At(path, text, problem.Line, problem.Column), new[] { problem.Message }.ToEquatableArray()));
        }
        return new TemplatesResult(file.Templates, options.ClassName, diagnostics.ToEquatableArray());
    }

    // A generator must not throw (CS8785 would drop every generated file): each step catches and carries the failure
    // to the last, which reports it.
    private static TemplatesLayout Layout(TemplatesResult result, string? rootNamespace)
    {
        try
        {
            if (EmbeddedContract.Names is not { } names) return TemplatesLayout.Failed(result.ClassName, EmbeddedContract.Failure ?? "no templates contract");
            return TemplatesLayout.Of(result.Templates, rootNamespace, result.ClassName, names);
        }
        catch (Exception ex)
        {
            return TemplatesLayout.Failed(result.ClassName, ex.Message);
        }
    }

    private static BuilderSource EmitBuilder(BuilderSpec builder)
    {
        try
        {
            return Emitter.EmitBuilder(EmbeddedContract.Names!, builder);
        }
        catch (Exception ex)
        {
            return new BuilderSource(builder.Owner, builder.First, "") { Failure = ex.Message };
        }
    }

    private static EmitResult EmitTemplates(TemplatesLayout layout, ImmutableArray<BuilderSource> builders)
    {
        var mine = builders.Where(b => b.Owner == layout.QualifiedName).OrderBy(b => b.First).ToList();
        string? failure = layout.Failure ?? mine.FirstOrDefault(b => b.Failure is not null)?.Failure;
        try
        {
            if (failure is null && EmbeddedContract.Model is { } contract)
            {
                return new EmitResult(new[] { Emitter.EmitTemplates(contract, layout, mine) }.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
            }
        }
        catch (Exception ex)
        {
            failure = ex.Message;
        }
        return new EmitResult(EquatableArray<GeneratedFile>.Empty,
            new[] { new DiagnosticInfo(DiagnosticDescriptors.InternalError, null, new[] { "emitting the template builders", (failure ?? "no contract").Replace('\n', ' ') }.ToEquatableArray()) }.ToEquatableArray());
    }

    private static DiagnosticDescriptor Descriptor(TemplateFileProblemKind kind) => kind switch
    {
        TemplateFileProblemKind.UnknownType => DiagnosticDescriptors.UnknownTemplateType,
        TemplateFileProblemKind.Duplicate => DiagnosticDescriptors.DuplicateTemplate,
        TemplateFileProblemKind.PlaceholderSequence => DiagnosticDescriptors.PlaceholderSequence,
        TemplateFileProblemKind.Unsendable => DiagnosticDescriptors.UnsendableTemplate,
        TemplateFileProblemKind.NoNamespace => DiagnosticDescriptors.NoTemplateNamespace,
        TemplateFileProblemKind.LanguagesDiffer => DiagnosticDescriptors.TemplateLanguagesDiffer,
        _ => DiagnosticDescriptors.MalformedTemplates,
    };

    private static LocationInfo At(string path, SourceText text, int line, int column)
    {
        int lineIndex = Math.Min(Math.Max(line - 1, 0), Math.Max(text.Lines.Count - 1, 0));
        TextLine textLine = text.Lines[lineIndex];
        int start = Math.Min(textLine.Start + Math.Max(column - 1, 0), textLine.End);
        var position = new LinePosition(lineIndex, start - textLine.Start);
        return new LocationInfo(path, new TextSpan(start, textLine.End - start), new LinePositionSpan(position, new LinePosition(lineIndex, textLine.End - textLine.Start)));
    }

    /// <summary>What the WhatsAppTemplates item says: marked, LINK's namespace, the generated class's name.</summary>
    private sealed record TemplatesOptions(bool Marked, string? Namespace, string ClassName)
    {
        public static TemplatesOptions Of(AnalyzerConfigOptions options)
        {
            bool marked = options.TryGetValue(MetadataPrefix + TemplatesMetadata, out string? value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
            if (!marked) return new TemplatesOptions(false, null, "");
            options.TryGetValue(MetadataPrefix + "Namespace", out string? ns);
            options.TryGetValue(MetadataPrefix + "ClassName", out string? className);
            return new TemplatesOptions(true, string.IsNullOrWhiteSpace(ns) ? null : ns, string.IsNullOrWhiteSpace(className) ? "WhatsAppTemplates" : className!);
        }
    }
}

/// <summary>What reading one templates file gives: the templates, the generated class's name, the diagnostics.</summary>
internal sealed record TemplatesResult(EquatableArray<TemplateSpec> Templates, string ClassName, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The contract of the schema compiled into the generator (an embedded resource): the builders' names and the templates mapping.</summary>
internal static class EmbeddedContract
{
    private static readonly Lazy<(ContractModel? Model, string? Failure)> s_contract = new(Load);

    public static ContractModel? Model => s_contract.Value.Model;

    public static string? Failure => s_contract.Value.Failure;

    private static readonly Lazy<TemplateContract?> s_names = new(() => Model is { Templates: not null, TemplateTypes: not null } model ? new TemplateContract(model) : null);

    /// <summary>The contract's names the builders use; null when the embedded schema could not be read.</summary>
    public static TemplateContract? Names => s_names.Value;

    private static (ContractModel?, string?) Load()
    {
        try
        {
            using Stream? stream = typeof(EmbeddedContract).Assembly.GetManifestResourceStream("schema.yaml");
            if (stream is null) return (null, "the generator has no embedded schema.yaml");
            SchemaResult result = Parser.Parse("schema.yaml", SourceText.From(stream), default);
            return result.Model is null ? (null, "the embedded schema.yaml has errors") : (result.Model, null);
        }
        catch (Exception ex)
        {
            return (null, ex.Message);
        }
    }
}
