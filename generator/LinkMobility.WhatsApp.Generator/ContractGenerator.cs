using System;
using System.IO;
using LinkMobility.WhatsApp.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LinkMobility.WhatsApp.Generator;

/// <summary>Turns schema.yaml (an AdditionalFiles item) into the WhatsApp Message API contract.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractGenerator : IIncrementalGenerator
{
    public const string SchemaFileName = "schema.yaml";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SchemaResult> results = context.AdditionalTextsProvider
            .Where(static file => IsSchema(file.Path))
            .WithTrackingName(TrackingNames.SchemaFiles)
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

        IncrementalValuesProvider<EmitResult> sources = models
            .Combine(languageVersion)
            .Select(static (input, ct) => Emitter.Emit(input.Left, input.Right, ct))
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

    private static bool IsSchema(string path) =>
        string.Equals(Path.GetFileName(path), SchemaFileName, StringComparison.OrdinalIgnoreCase);
}
