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
            // One callback per code block (not per object creation): most creations are nested in a contract
            // object, whose check reaches them anyway.
            start.RegisterOperationBlockAction(block =>
            {
                var engine = new RuleEngine(block.ReportDiagnostic);
                foreach (IOperation operation in block.OperationBlocks) Walk(operation, values, engine);
            });
        });
    }

    /// <summary>Checks each outermost contract object creation; does not look inside one (its check does).</summary>
    private static void Walk(IOperation operation, KnownValues values, RuleEngine engine)
    {
        if (operation is IObjectCreationOperation creation && values.TableOf(creation.Type) is not null)
        {
            if (values.Build(creation) is KnownObject root) engine.Check(root);
            return;
        }
        foreach (IOperation child in operation.ChildOperations) Walk(child, values, engine);
    }
}
