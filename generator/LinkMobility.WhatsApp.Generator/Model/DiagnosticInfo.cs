using LinkMobility.WhatsApp.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LinkMobility.WhatsApp.Generator.Model;

/// <summary>Where in schema.yaml a diagnostic points, as values (a <see cref="Location"/> is made only when it is reported).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A diagnostic found while parsing, kept as values so the parse step caches.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location?.ToLocation(), [.. Arguments]);
}

/// <summary>What parsing one schema file gives: the model when it is usable, and every problem found.</summary>
internal sealed record SchemaResult(ContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
