using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

// The shapes of the rule tables the generator emits from schema.yaml (RuleTables.g.cs).

internal enum ValueKind { String, Number, Bool, Date, Duration, Map, List, Enum, Object, Union }

internal enum Required { No, Yes, Conditional }

internal enum Format { None, Msisdn, Phone, HttpUrl, LanguageCode }

internal enum RuleKind { AtLeastOne, Groups, NotBoth, Forbid, Extension, Allow, AtMostOne, Unique }

/// <summary>"Property equals EnumMember", with the wire names for messages.</summary>
internal sealed record Condition(string Property, string EnumMember, string PropertyWire, string ValueWire);

internal sealed record EnumTable(string Name, string[] Members);

internal sealed record Variant(string Type, string Wire);

internal sealed record UnionTable(string Name, Variant[] Variants);

/// <summary>A member and its rules; <see cref="Element"/> and <see cref="TypeName"/> describe a list's items.</summary>
internal sealed record MemberTable(
    string Property, string Wire, ValueKind Kind, ValueKind Element, string? TypeName, Required Required, Format Format,
    string[] Extensions, long? Min, long? Max, int? MinItems, Condition[] When);

/// <summary>A rule over an object; see schema.yaml's rule vocabulary. Members are property paths ("Image.Caption").</summary>
internal sealed record RuleTable(
    RuleKind Kind, DiagnosticDescriptor Descriptor, string Message, string[] Members, string[] Groups, string? Items,
    string[] Values, string? Key, Condition[] When)
{
    /// <summary>Groups split into their members, once.</summary>
    public string[][] GroupMembers { get; } = System.Array.ConvertAll(Groups, g => g.Split(','));

    /// <summary>Members as property paths, split once.</summary>
    public string[][] MemberPaths { get; } = System.Array.ConvertAll(Members, m => m.Split('.'));
}

/// <summary>A type; <see cref="Words"/> is its name as messages say it ("a component").</summary>
internal sealed record TypeTable(string Name, string Words, string? Union, MemberTable[] Members, RuleTable[] Rules)
{
    private readonly System.Collections.Generic.Dictionary<string, int> _index =
        System.Linq.Enumerable.ToDictionary(System.Linq.Enumerable.Range(0, Members.Length), i => Members[i].Property, i => i);

    /// <summary>The position of a member by its C# name, or -1.</summary>
    public int IndexOf(string property) => _index.TryGetValue(property, out int index) ? index : -1;
}
