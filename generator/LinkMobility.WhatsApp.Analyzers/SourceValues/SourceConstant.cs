using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>A string, number, bool or null constant (also a number cast to an enum).</summary>
internal sealed class SourceConstant(IOperation operation, object? value) : SourceValue(operation)
{
    public object? Value { get; } = value;
}
