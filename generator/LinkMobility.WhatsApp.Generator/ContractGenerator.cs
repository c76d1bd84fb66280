using System;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LinkMobility.WhatsApp.Generator;

/// <summary>Turns the schema (an AdditionalFiles item marked for it) into the WhatsApp Message API contract.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractGenerator : IIncrementalGenerator
{
    /// <summary>
    /// The AdditionalFiles metadata that marks the schema: <c>LinkMobilityWhatsAppSchema="true"</c>. The package's
    /// build props make it visible to the compiler; any other file, whatever its name, is left alone.
    /// </summary>
    public const string SchemaMetadata = "LinkMobilityWhatsAppSchema";

    private const string SchemaMetadataKey = "build_metadata.AdditionalFiles." + SchemaMetadata;

    /// <summary>The MSBuild property (made visible to the compiler) that chooses what to emit: Contract (default) or RuleChecks.</summary>
    private const string OutputProperty = "build_property.LinkMobilityWhatsAppOutput";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<AdditionalText> schemas = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsSchema(pair.Right.GetOptions(pair.Left)))
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.SchemaFiles);

        IncrementalValuesProvider<SchemaResult> results = schemas
            .Select(static (file, ct) => Parser.Parse(file.Path, file.GetText(ct), ct))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        IncrementalValuesProvider<ContractModel> models = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Model);

        IncrementalValueProvider<LanguageVersion> languageVersion = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest)
            .WithTrackingName(TrackingNames.LanguageVersion);

        // The runtime package gets the contract; the analyzer project asks for the analyzers' checks instead.
        IncrementalValueProvider<GeneratorOutput> output = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(OutputProperty, out string? value) && value == "RuleChecks"
                ? GeneratorOutput.RuleChecks : GeneratorOutput.Contract)
            .WithTrackingName(TrackingNames.Output);

        IncrementalValuesProvider<EmitResult> sources = models
            .Combine(languageVersion)
            .Combine(output)
            .Select(static (input, ct) => Emitter.Emit(input.Left.Left, input.Left.Right, input.Right, ct))
            .WithTrackingName(TrackingNames.Sources);

        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (DiagnosticInfo item in items) spc.ReportDiagnostic(item.ToDiagnostic());
        });

        context.RegisterSourceOutput(sources, static (spc, result) =>
        {
            foreach (DiagnosticInfo item in result.Diagnostics) spc.ReportDiagnostic(item.ToDiagnostic());
            foreach (GeneratedFile file in result.Files) spc.AddSource(file.HintName, file.Text);
        });
    }

    private static bool IsSchema(AnalyzerConfigOptions options) =>
        options.TryGetValue(SchemaMetadataKey, out string? marked) && string.Equals(marked, "true", StringComparison.OrdinalIgnoreCase);
}
