using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>What an initializer assigns to one member, read once when the object is built.</summary>
internal readonly struct AssignedMember
{
    private AssignedMember(IOperation value, SourceValue? nested, string? enumMember, bool hasConstant, object? constant, bool? set)
    {
        Value = value;
        Nested = nested;
        Enum = enumMember;
        HasConstant = hasConstant;
        Constant = constant;
        Set = set;
    }

    /// <summary>The operation assigned; null when the initializer leaves the member out (the default value).</summary>
    public IOperation? Value { get; }

    /// <summary>The object or list the value is, when the code shows it.</summary>
    public SourceValue? Nested { get; }

    /// <summary>The enum member the value names (ComponentType.Button gives "Button").</summary>
    public string? Enum { get; }

    /// <summary>Whether the value is a compile-time constant (string, number, bool or null; not a named enum member).</summary>
    public bool HasConstant { get; }

    public object? Constant { get; }

    /// <summary>true: set to a value; false: null; null: cannot tell.</summary>
    public bool? Set { get; }

    /// <summary>
    /// <c>Member = { ... }</c>: the initializer changes the member's existing value, which the code does not show,
    /// so nothing about it is known.
    /// </summary>
    public static AssignedMember ChangedInPlace(IOperation memberInitializer) =>
        new(memberInitializer, nested: null, enumMember: null, hasConstant: false, constant: null, set: null);

    /// <summary>What is known of an assigned value: its constant or enum member, the object or list it is, and whether it is set.</summary>
    public static AssignedMember Assigned(IOperation value, SourceValue? nested)
    {
        string? enumMember = SourceValueReader.EnumMember(value);
        Optional<object?> constantValue = SourceValueReader.ConstantOf(value);
        bool hasConstant = enumMember is null && constantValue.HasValue;
        object? constant = hasConstant ? constantValue.Value : null;
        bool? set = hasConstant ? constant is not null
            : nested is not null || enumMember is not null ? true
            // A non-nullable value (an int variable, TimeSpan.FromHours(1)) is set, whatever it holds.
            : SourceValueReader.Unconverted(value).Type is { IsValueType: true } type && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? true : null;
        return new AssignedMember(value, nested, enumMember, hasConstant, constant, set);
    }
}
