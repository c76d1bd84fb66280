using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>
/// A list from a collection expression, a collection initializer or an array: the items written inline.
/// <see cref="Complete"/>: it holds nothing else (no spread). <see cref="Open"/>: an object kept in a
/// variable holds it, directly or not, so code may add items later.
/// </summary>
internal sealed class SourceList(IOperation operation, List<SourceValue?> items, bool complete, bool open) : SourceValue(operation)
{
    public List<SourceValue?> Items { get; } = items;

    public bool Complete { get; } = complete;

    public bool Open { get; } = open;
}
