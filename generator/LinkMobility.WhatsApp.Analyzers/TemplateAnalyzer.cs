using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>
/// Reports the schema's rules where the values are known at compile time: object and collection
/// initializers, collection expressions, constants and literals of the WhatsApp contract types.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemplateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => RuleTables.Descriptors;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Nothing to do in a compilation that does not use the contract.
            if (KnownValues.For(start.Compilation) is not { } values) return;
            start.RegisterOperationAction(operation => Analyze(operation, values), OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownValues values)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (values.TableOf(creation.Type) is null) return;
        // The outermost contract object checks everything it holds; nested ones are reached from it.
        for (IOperation? parent = creation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IObjectCreationOperation outer && values.TableOf(outer.Type) is not null) return;
        }
        if (values.Build(creation) is KnownObject root)
        {
            new RuleEngine(context.ReportDiagnostic).Check(root);
        }
    }
}
