using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>Where the generated checks report: a diagnostic at a location, with what a code fix needs.</summary>
/// <remarks>It holds the callback's context itself: a delegate to its ReportDiagnostic would box the context for every object checked.</remarks>
internal sealed class RuleReport(OperationAnalysisContext context)
{
    public void At(DiagnosticDescriptor descriptor, Location location, string message, ImmutableDictionary<string, string?>? properties = null) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, message));
}
