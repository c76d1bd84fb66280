using System;
using System.IO;
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

        IncrementalValuesProvider<EmitResult> sources = results
            .Combine(rootNamespace)
            .Select(static (input, ct) => EmitTemplates(input.Left, input.Right))
            .WithTrackingName(TrackingNames.TemplateSources);

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

    private static EmitResult EmitTemplates(TemplatesResult result, string? rootNamespace)
    {
        if (result.Templates.Count == 0 || EmbeddedContract.Model is not { } contract) return new EmitResult(EquatableArray<GeneratedFile>.Empty, EquatableArray<DiagnosticInfo>.Empty);
        try
        {
            return new EmitResult(new[] { Emitter.EmitTemplates(contract, result.Templates, rootNamespace, result.ClassName) }.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception ex)
        {
            // A generator must not throw (CS8785 would drop every generated file): report it instead.
            return new EmitResult(EquatableArray<GeneratedFile>.Empty,
                new[] { new DiagnosticInfo(DiagnosticDescriptors.InternalError, null, new[] { "emitting the template builders", ex.Message.Replace('\n', ' ') }.ToEquatableArray()) }.ToEquatableArray());
        }
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
