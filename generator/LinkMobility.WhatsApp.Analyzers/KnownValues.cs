using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>A value known at compile time: a constant, an enum member, a contract object or a list.</summary>
internal abstract class Known(IOperation operation)
{
    public IOperation Operation { get; } = operation;

    public Location Location => LocationOf(Operation);

    /// <summary>A list item's constant number, or null.</summary>
    public static double? NumberOf(Known? item) => item is KnownConstant constant ? NumberOf(constant.Value) : null;

    /// <summary>A constant as a number (not a string, bool or null), or null.</summary>
    public static double? NumberOf(object? constant) => constant switch
    {
        int i => i,
        long l => l,
        double d => d,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        float f => f,
        _ => null,
    };

    /// <summary>The expression as written, including a null-forgiving '!' or parentheses around it.</summary>
    public static Location LocationOf(IOperation operation)
    {
        SyntaxNode syntax = operation.Syntax;
        while (syntax.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression })
        {
            syntax = syntax.Parent;
        }
        return syntax.GetLocation();
    }
}

/// <summary>A string, number, bool or null constant (also a number cast to an enum).</summary>
internal sealed class KnownConstant(IOperation operation, object? value) : Known(operation)
{
    public object? Value { get; } = value;
}

/// <summary>A named enum member, such as ComponentType.Button.</summary>
internal sealed class KnownEnum(IOperation operation, string member) : Known(operation)
{
    public string Member { get; } = member;
}

/// <summary>What an initializer assigns to one member, read once when the object is built.</summary>
internal readonly struct Slot(IOperation value, Known? nested, string? enumMember, bool hasConstant, object? constant, bool? set)
{
    /// <summary>The operation assigned; null when the initializer leaves the member out.</summary>
    public IOperation? Value { get; } = value;

    /// <summary>The object or list the value is, when the code shows it.</summary>
    public Known? Nested { get; } = nested;

    /// <summary>The enum member the value names (ComponentType.Button gives "Button").</summary>
    public string? Enum { get; } = enumMember;

    /// <summary>Whether the value is a compile-time constant (string, number, bool or null; not a named enum member).</summary>
    public bool HasConstant { get; } = hasConstant;

    public object? Constant { get; } = constant;

    /// <summary>true: set to a value; false: null; null: cannot tell.</summary>
    public bool? Set { get; } = set;
}

/// <summary>
/// A contract object created with an initializer. <see cref="Closed"/>: the initializer shows the whole
/// object (it is not stored in a variable that code may change later), so a member it leaves out is unset.
/// Each assigned member is read once, into a <see cref="Slot"/>; the generated checks (RuleChecks.g.cs)
/// then read members by their position in the type's shape, as plain fields.
/// </summary>
internal sealed class KnownObject(IOperation operation, TypeShape type, Slot[] slots, bool closed) : Known(operation)
{
    public TypeShape Type { get; } = type;

    public bool Closed { get; } = closed;

    /// <summary>Whether the member at this position is set: true, to a value; false, left out or null; null, cannot tell at compile time.</summary>
    public bool? IsSet(int index) => slots[index].Value is null ? (Closed ? false : null) : slots[index].Set;

    /// <summary>The enum member assigned to a member, or null.</summary>
    public string? EnumMember(int index) => slots[index].Enum;

    /// <summary>The member is set to the constant null.</summary>
    public bool IsNull(int index) => slots[index].HasConstant && slots[index].Constant is null;

    /// <summary>The member's constant string, or null.</summary>
    public string? String(int index) => slots[index].Constant as string;

    /// <summary>The member's constant number (not an enum member), or null.</summary>
    public double? Number(int index) => slots[index].HasConstant ? NumberOf(slots[index].Constant) : null;

    /// <summary>A number cast to the member's enum that names none of its members, or null.</summary>
    public long? UndefinedEnum(int index) => slots[index].HasConstant && NumberOf(slots[index].Constant) is { } number ? (long)number : null;

    /// <summary>The member's key for uniqueness: a constant or an enum member's name, or null.</summary>
    public object? Key(int index) => slots[index].Enum ?? (slots[index].HasConstant ? slots[index].Constant : null);

    /// <summary>The nested object the code shows at this member, or null.</summary>
    public KnownObject? Object(int index) => slots[index].Nested as KnownObject;

    /// <summary>The list the code shows at this member, or null.</summary>
    public KnownList? List(int index) => slots[index].Nested as KnownList;

    /// <summary>Where the member's value is written; the object when the initializer leaves it out.</summary>
    public Location LocationOf(int index) => slots[index].Value is { } value ? LocationOf(value) : Location;
}

/// <summary>
/// A list from a collection expression, a collection initializer or an array: the items written inline.
/// <see cref="Complete"/>: it holds nothing else (no spread). <see cref="Open"/>: an object kept in a
/// variable holds it, directly or not, so code may add items later.
/// </summary>
internal sealed class KnownList(IOperation operation, List<Known?> items, bool complete, bool open) : Known(operation)
{
    public List<Known?> Items { get; } = items;

    public bool Complete { get; } = complete;

    public bool Open { get; } = open;
}

/// <summary>Turns operations into known values, recognising the contract's types by their shapes (RuleChecks.Types).</summary>
internal sealed class KnownValues
{
    private readonly Dictionary<ITypeSymbol, TypeShape> _types = new(SymbolEqualityComparer.Default);

    private KnownValues() { }

    /// <summary>The contract's types in this compilation, or null when it does not reference the contract.</summary>
    public static KnownValues? For(Compilation compilation)
    {
        var values = new KnownValues();
        foreach (TypeShape table in RuleChecks.Types)
        {
            if (compilation.GetTypeByMetadataName(RuleChecks.ContractNamespace + "." + table.Name) is { } symbol) values._types[symbol] = table;
        }
        return values._types.Count == 0 ? null : values;
    }

    public TypeShape? TableOf(ITypeSymbol? type) => type is not null && _types.TryGetValue(type, out TypeShape? table) ? table : null;

    /// <summary>A known value; <paramref name="inOpen"/>: an object code may change later holds it, so a list may be filled later.</summary>
    public Known? Build(IOperation? original, bool inOpen = false)
    {
        // Values are read through conversions; locations and types are the expression as written ("null!", "(Priority)42").
        // Dispatch on Kind: cheaper than testing one operation interface after another.
        IOperation? operation = original;
        while (operation is { Kind: OperationKind.Conversion }) operation = ((IConversionOperation)operation).Operand;
        if (operation is null) return null;
        switch (operation.Kind)
        {
            case OperationKind.ObjectCreation:
                var creation = (IObjectCreationOperation)operation;
                if (TableOf(creation.Type) is { } table) return Object(creation, table, inOpen);
                if (!IsList(creation.Type)) return null;
                if (creation.Initializer is not { } initializer) return creation.Arguments.Length == 0 ? new KnownList(operation, [], complete: true, inOpen) : null;
                // new List<T> { a, b }: each Add's argument is an item.
                var added = new List<Known?>(initializer.Initializers.Length);
                bool allAdds = true;
                foreach (IOperation item in initializer.Initializers)
                {
                    if (item is { Kind: OperationKind.Invocation } && ((IInvocationOperation)item).Arguments is { Length: 1 } arguments) added.Add(Build(arguments[0].Value, inOpen));
                    else allAdds = false;
                }
                return new KnownList(operation, added, allAdds, inOpen);
            case OperationKind.ArrayCreation when ((IArrayCreationOperation)operation).Initializer is { } array:
                var elements = new List<Known?>(array.ElementValues.Length);
                foreach (IOperation element in array.ElementValues) elements.Add(Build(element, inOpen));
                return new KnownList(operation, elements, complete: true, inOpen);
        }
        if (EnumMember(original!) is { } enumMember) return new KnownEnum(original!, enumMember);
        if (ConstantOf(original!) is { HasValue: true } constant) return new KnownConstant(original!, constant.Value);
        if (operation.Syntax is CollectionExpressionSyntax syntax)
        {
            // [a, b] (ICollectionExpressionOperation from Roslyn 4.9 on; a plain operation with the same children before).
            // The items written inline are known whatever else the list spreads; only a list of them alone is complete.
            var items = new List<Known?>(syntax.Elements.Count);
            bool complete = true;
            foreach (CollectionElementSyntax element in syntax.Elements) complete &= element is ExpressionElementSyntax;
            foreach (IOperation child in operation.ChildOperations)
            {
                if (child.Kind == OperationKind.InstanceReference) continue;
                if (complete || IsInlineElement(child)) items.Add(Build(child, inOpen));
            }
            return new KnownList(operation, items, complete && items.Count == syntax.Elements.Count, inOpen);
        }
        return null;
    }

    /// <summary>An item written in a collection expression (not a spread's collection).</summary>
    private static bool IsInlineElement(IOperation item)
    {
        SyntaxNode? syntax = item.Syntax;
        while (syntax is not null and not ExpressionElementSyntax and not SpreadElementSyntax and not CollectionExpressionSyntax) syntax = syntax.Parent;
        return syntax is ExpressionElementSyntax;
    }

    private KnownObject Object(IObjectCreationOperation creation, TypeShape table, bool inOpen)
    {
        bool closed = IsClosed(creation);
        var slots = new Slot[table.Members.Length];
        foreach (IOperation initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (initializer.Kind == OperationKind.SimpleAssignment)
            {
                var assignment = (ISimpleAssignmentOperation)initializer;
                if (assignment.Target.Kind == OperationKind.PropertyReference && table.IndexOf(((IPropertyReferenceOperation)assignment.Target).Property.Name) is >= 0 and var index)
                {
                    Known? nested = table.Holds[index] ? Build(assignment.Value, inOpen || !closed) : null;
                    slots[index] = Read(assignment.Value, nested);
                }
            }
            else if (initializer.Kind == OperationKind.MemberInitializer)
            {
                // Member = { ... }: it changes an existing value, which the code does not show.
                var member = (IMemberInitializerOperation)initializer;
                if (member.InitializedMember.Kind == OperationKind.PropertyReference && table.IndexOf(((IPropertyReferenceOperation)member.InitializedMember).Property.Name) is >= 0 and var index)
                {
                    slots[index] = new Slot(member, null, null, false, null, null);
                }
            }
        }
        return new KnownObject(creation, table, slots, closed);
    }

    /// <summary>What is known of an assigned value, read once.</summary>
    private static Slot Read(IOperation value, Known? nested)
    {
        string? enumMember = EnumMember(value);
        Optional<object?> constantValue = ConstantOf(value);
        bool hasConstant = enumMember is null && constantValue.HasValue;
        object? constant = hasConstant ? constantValue.Value : null;
        bool? set = hasConstant ? constant is not null
            : nested is not null || enumMember is not null ? true
            // A non-nullable value (an int variable, TimeSpan.FromHours(1)) is set, whatever it holds.
            : Unconverted(value).Type is { IsValueType: true } type && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? true : null;
        return new Slot(value, nested, enumMember, hasConstant, constant, set);
    }

    /// <summary>The operation under any conversions.</summary>
    public static IOperation Unconverted(IOperation operation)
    {
        while (operation.Kind == OperationKind.Conversion) operation = ((IConversionOperation)operation).Operand;
        return operation;
    }

    /// <summary>A compile-time constant, as written ("(Priority)42") or, when a conversion has none, under it.</summary>
    private static Optional<object?> ConstantOf(IOperation operation) =>
        operation.ConstantValue.HasValue ? operation.ConstantValue : Unconverted(operation).ConstantValue;

    /// <summary>
    /// The name of the enum member an operation has as its constant value, or null: ComponentType.Button, a
    /// const field or local of an enum type, `using static`, a ternary with a constant condition. A number
    /// cast to an enum that names no member is a number, not a member.
    /// </summary>
    public static string? EnumMember(IOperation operation)
    {
        for (IOperation? current = operation; current is not null; current = current.Kind == OperationKind.Conversion ? ((IConversionOperation)current).Operand : null)
        {
            // The type first: most values are not enums, and it is the cheapest thing to ask.
            if (current.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType) continue;
            if (current.Kind == OperationKind.FieldReference && ((IFieldReferenceOperation)current).Field is { ContainingType.TypeKind: TypeKind.Enum } member) return member.Name;
            if (current.ConstantValue is not { HasValue: true, Value: { } value }) return null;
            foreach (ISymbol candidate in enumType.GetMembers())
            {
                if (candidate is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value)) return field.Name;
            }
            return null;
        }
        return null;
    }

    /// <summary>An object stored in a variable (or assigned to one) may be changed later; anything else is whole.</summary>
    private static bool IsClosed(IOperation creation)
    {
        IOperation? parent = creation.Parent;
        while (parent is { Kind: OperationKind.Conversion }) parent = parent.Parent;
        return parent?.Kind switch
        {
            OperationKind.VariableInitializer => false,
            OperationKind.SimpleAssignment => ((ISimpleAssignmentOperation)parent).Target is IPropertyReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } },
            _ => true,
        };
    }

    private static bool IsList(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true, Name: "List", ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace.Name: "System" } } };
}
