using System;
using System.Collections.Immutable;
using System.Linq;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>What a diagnostic tells the code fixes (its properties), and how the generated checks say it.</summary>
internal static class Fixes
{
    public const string ReplaceType = nameof(ReplaceType), FromMember = nameof(FromMember), ToMember = nameof(ToMember),
        AddMember = nameof(AddMember), AddValue = nameof(AddValue), Replacement = nameof(Replacement);

    private static readonly ImmutableDictionary<string, TypeShape> Shapes = RuleChecks.Types.ToImmutableDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Swap an item for the one kind its list takes, when both have a single string member (text to payload).</summary>
    public static ImmutableDictionary<string, string?>? Swap(SourceObject item, string type) =>
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
    public static bool AllAre(SourceList? list, params string[] types) =>
        list is { Complete: true, Items.Count: > 0 } && list.Items.All(item => item is SourceObject known && Array.IndexOf(types, known.Type.Name) >= 0);
}
