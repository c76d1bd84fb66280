using System;
using System.Collections.Generic;
using System.Linq;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>A contract type as code builds it (RuleChecks.Types): what the generated checks and SourceValueReader need.</summary>
/// <param name="Id">Its position in RuleChecks.Types, which the generated checks dispatch on.</param>
/// <param name="Wire">The discriminator value of a union's variant ("text" for TextParameter), else null.</param>
/// <param name="Members">The C# names of its members, in the schema's order (the generated checks use these positions).</param>
/// <param name="HoldsNestedValue">For each member: whether it holds an object, a union or a list, which SourceValueReader builds.</param>
/// <param name="SingleString">The one member of a type that has only a string member (TextParameter.Text), for the swap fix.</param>
internal sealed class TypeShape(int id, string name, string? wire, string[] members, bool[] holdsNestedValue, string? singleString)
{
    // Read-only after construction, so safe across the analyzers' threads; a Dictionary is the fastest lookup.
    private readonly Dictionary<string, int> _index =
        Enumerable.Range(0, members.Length).ToDictionary(i => members[i], i => i, StringComparer.Ordinal);

    public int Id { get; } = id;

    public string Name { get; } = name;

    public string? Wire { get; } = wire;

    public string[] Members { get; } = members;

    public bool[] HoldsNestedValue { get; } = holdsNestedValue;

    public string? SingleString { get; } = singleString;

    /// <summary>The position of a member by its C# name, or -1.</summary>
    public int IndexOf(string property) => _index.TryGetValue(property, out int index) ? index : -1;
}
