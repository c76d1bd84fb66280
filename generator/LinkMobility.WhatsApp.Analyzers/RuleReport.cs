using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>A contract type as code builds it (RuleChecks.Types): what the generated checks and known values need.</summary>
/// <param name="Id">Its position in RuleChecks.Types, which the generated checks dispatch on.</param>
/// <param name="Wire">The discriminator value of a union's variant ("text" for TextParameter), else null.</param>
/// <param name="Members">The C# names of its members, in the schema's order (the generated checks use these positions).</param>
/// <param name="Holds">For each member: whether it holds an object, a union or a list, which known values build.</param>
/// <param name="SingleString">The one member of a type that has only a string member (TextParameter.Text), for the swap fix.</param>
internal sealed class TypeShape(int id, string name, string? wire, string[] members, bool[] holds, string? singleString)
{
    // Read-only after construction, so safe across the analyzers' threads; a Dictionary is the fastest lookup.
    private readonly System.Collections.Generic.Dictionary<string, int> _index =
        Enumerable.Range(0, members.Length).ToDictionary(i => members[i], i => i, StringComparer.Ordinal);

    public int Id { get; } = id;

    public string Name { get; } = name;

    public string? Wire { get; } = wire;

    public string[] Members { get; } = members;

    public bool[] Holds { get; } = holds;

    public string? SingleString { get; } = singleString;

    /// <summary>The position of a member by its C# name, or -1.</summary>
    public int IndexOf(string property) => _index.TryGetValue(property, out int index) ? index : -1;
}

/// <summary>Where the generated checks report: a diagnostic at a location, with what a code fix needs.</summary>
/// <remarks>It holds the callback's context itself: a delegate to its ReportDiagnostic would box the context for every object checked.</remarks>
internal sealed class RuleReport(OperationAnalysisContext context)
{
    public void At(DiagnosticDescriptor descriptor, Location location, string message, ImmutableDictionary<string, string?>? properties = null) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, message));
}

/// <summary>What a diagnostic tells the code fixes (its properties), and how the generated checks say it.</summary>
internal static class Fixes
{
    public const string ReplaceType = nameof(ReplaceType), FromMember = nameof(FromMember), ToMember = nameof(ToMember),
        AddMember = nameof(AddMember), AddValue = nameof(AddValue), Replacement = nameof(Replacement);

    private static readonly ImmutableDictionary<string, TypeShape> Shapes = RuleChecks.Types.ToImmutableDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Swap an item for the one kind its list takes, when both have a single string member (text to payload).</summary>
    public static ImmutableDictionary<string, string?>? Swap(KnownObject item, string type) =>
        item.Type.SingleString is { } from && Shapes.TryGetValue(type, out TypeShape? target) && target.SingleString is { } to
            ? ImmutableDictionary<string, string?>.Empty.Add(ReplaceType, type).Add(FromMember, from).Add(ToMember, to)
            : null;

    /// <summary>Add a missing member with this value (a C# expression).</summary>
    public static ImmutableDictionary<string, string?> Add(string member, string value) =>
        ImmutableDictionary<string, string?>.Empty.Add(AddMember, member).Add(AddValue, value);

    /// <summary>Put this text where the offending literal stands.</summary>
    public static ImmutableDictionary<string, string?> Use(string text) =>
        ImmutableDictionary<string, string?>.Empty.Add(Replacement, text);

    /// <summary>A list the code shows whole, with items, every one of these types.</summary>
    public static bool AllAre(KnownList? list, params string[] types) =>
        list is { Complete: true, Items.Count: > 0 } && list.Items.All(item => item is KnownObject known && Array.IndexOf(types, known.Type.Name) >= 0);
}
