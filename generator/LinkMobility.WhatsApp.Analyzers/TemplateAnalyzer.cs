using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>
/// Reports the schema's rules where the values are known at compile time: object and collection
/// initializers, collection expressions, constants and literals of the WhatsApp contract types.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemplateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => RuleChecks.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Nothing to do in a compilation that does not use the contract.
            if (SourceValueReader.For(start.Compilation) is not { } values) return;
            // Your templates, when the templates generator made a registry in this compilation.
            TemplateRegistry? templates = TemplateUses.RegistryOf(start.Compilation);
            // The driver builds each method's operations once for every operation analyzer (the SDK's among them);
            // we react to object creations alone, and check only the outermost contract one: its check
            // reaches the objects and lists it holds.
            start.RegisterOperationAction(operation => AnalyzeCreation(operation, values, templates), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, SourceValueReader values, TemplateRegistry? templates)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (values.TableOf(creation.Type) is null || IsInsideContractCreation(creation, values)) return;
        if (values.Build(creation) is not SourceObject root) return;
        var report = new RuleReport(context);
        RuleChecks.Check(root, report);
        if (templates is not null) TemplateUses.Check(templates, root, report);
    }

    private static bool IsInsideContractCreation(IOperation operation, SourceValueReader values)
    {
        for (IOperation? parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Kind == OperationKind.ObjectCreation && values.TableOf(parent.Type) is not null) return true;
        }
        return false;
    }
}
