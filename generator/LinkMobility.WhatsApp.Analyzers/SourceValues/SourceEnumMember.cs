using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>A named enum member, such as ComponentType.Button.</summary>
internal sealed class SourceEnumMember(IOperation operation, string member) : SourceValue(operation)
{
    public string Member { get; } = member;
}
