using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>
/// A contract object created with an initializer. <see cref="Closed"/>: the initializer shows the whole
/// object (it is not stored in a variable that code may change later), so a member it leaves out is unset.
/// Each assigned member is read once, into a <see cref="AssignedMember"/>; the generated checks (RuleChecks.g.cs)
/// then read members by their position in the type's shape, as plain fields.
/// </summary>
internal sealed class SourceObject(IOperation operation, TypeShape type, AssignedMember[] assigned, bool closed) : SourceValue(operation)
{
    public TypeShape Type { get; } = type;

    public bool Closed { get; } = closed;

    /// <summary>Whether the member at this position is set: true, to a value; false, left out or null; null, cannot tell at compile time.</summary>
    public bool? IsSet(int index) => assigned[index].Value is null ? (Closed ? false : null) : assigned[index].Set;

    /// <summary>The enum member assigned to a member, or null.</summary>
    public string? EnumMember(int index) => assigned[index].Enum;

    /// <summary>The member is set to the constant null.</summary>
    public bool IsNull(int index) => assigned[index].HasConstant && assigned[index].Constant is null;

    /// <summary>The member's constant string, or null.</summary>
    public string? String(int index) => assigned[index].Constant as string;

    /// <summary>The member's constant number (not an enum member), or null.</summary>
    public double? Number(int index) => assigned[index].HasConstant ? NumberOf(assigned[index].Constant) : null;

    /// <summary>A number cast to the member's enum that names none of its members, or null.</summary>
    public long? UndefinedEnum(int index) => assigned[index].HasConstant && NumberOf(assigned[index].Constant) is { } number ? (long)number : null;

    /// <summary>The member's key for uniqueness: a constant or an enum member's name, or null.</summary>
    public object? Key(int index) => assigned[index].Enum ?? (assigned[index].HasConstant ? assigned[index].Constant : null);

    /// <summary>The nested object the code shows at this member, or null.</summary>
    public SourceObject? Object(int index) => assigned[index].Nested as SourceObject;

    /// <summary>The list the code shows at this member, or null.</summary>
    public SourceList? List(int index) => assigned[index].Nested as SourceList;

    /// <summary>Where the member's value is written; the object when the initializer leaves it out.</summary>
    public Location LocationOf(int index) => assigned[index].Value is { } value ? LocationOf(value) : Location;
}
