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

    /// <summary>The expression as written, including a null-forgiving '!' or parentheses around it.</summary>
    public Location Location
    {
        get
        {
            SyntaxNode syntax = Operation.Syntax;
            while (syntax.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression })
            {
                syntax = syntax.Parent;
            }
            return syntax.GetLocation();
        }
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

/// <summary>A member as the initializer sets it: the expression, and its value when known.</summary>
internal sealed record MemberValue(IOperation Operation, Known? Known);

/// <summary>
/// A contract object created with an initializer. <see cref="Closed"/>: the initializer shows the whole
/// object (it is not stored in a variable that code may change later), so a member it leaves out is unset.
/// </summary>
internal sealed class KnownObject(IOperation operation, TypeTable type, MemberValue?[] members, bool closed) : Known(operation)
{
    public TypeTable Type { get; } = type;

    /// <summary>The members the initializer sets, by their position in <see cref="Type"/>; null where it does not.</summary>
    public MemberValue?[] Members { get; } = members;

    public bool Closed { get; } = closed;

    /// <summary>true: set to a value; false: left out or null; null: cannot tell at compile time.</summary>
    public bool? IsSet(string property) => IsSet(Type.IndexOf(property));

    /// <summary>The same, by the member's position in <see cref="Type"/>.</summary>
    public bool? IsSet(int index)
    {
        if (index < 0 || Members[index] is not { } member) return Closed ? false : null;
        return member.Known switch
        {
            KnownConstant { Value: null } => false,
            not null => true,
            // A non-nullable value (an int variable, TimeSpan.FromHours(1)) is set, whatever it holds.
            null => Unconverted(member.Operation).Type is { IsValueType: true } type && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? true : null,
        };
    }

    public Known? Get(string property)
    {
        int index = Type.IndexOf(property);
        return index >= 0 ? Members[index]?.Known : null;
    }

    private static IOperation Unconverted(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }
}

/// <summary>A list from a collection expression, a collection initializer or an array; <see cref="Complete"/> unless it spreads another collection.</summary>
internal sealed class KnownList(IOperation operation, List<Known?> items, bool complete) : Known(operation)
{
    public List<Known?> Items { get; } = items;

    public bool Complete { get; } = complete;
}

/// <summary>Turns operations into known values, recognising the contract's types through the rule tables.</summary>
internal sealed class KnownValues
{
    private readonly Dictionary<ITypeSymbol, TypeTable> _types = new(SymbolEqualityComparer.Default);

    private KnownValues() { }

    /// <summary>The contract's types in this compilation, or null when it does not reference the contract.</summary>
    public static KnownValues? For(Compilation compilation)
    {
        var values = new KnownValues();
        foreach (TypeTable table in RuleTables.Types)
        {
            if (compilation.GetTypeByMetadataName(RuleTables.ContractNamespace + "." + table.Name) is { } symbol) values._types[symbol] = table;
        }
        return values._types.Count == 0 ? null : values;
    }

    public TypeTable? TableOf(ITypeSymbol? type) => type is not null && _types.TryGetValue(type, out TypeTable? table) ? table : null;

    public Known? Build(IOperation? original)
    {
        // Values are read through conversions; locations and types are the expression as written ("null!", "(Priority)42").
        IOperation? operation = original;
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        switch (operation)
        {
            case null:
                return null;
            case IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum, HasConstantValue: true } field }:
                return new KnownEnum(original!, field.Name);
            case { ConstantValue.HasValue: true }:
                return new KnownConstant(original!, original!.ConstantValue.HasValue ? original.ConstantValue.Value : operation.ConstantValue.Value);
            case IObjectCreationOperation creation when TableOf(creation.Type) is { } table:
                return Object(creation, table);
            case IObjectCreationOperation { Initializer: null, Arguments.Length: 0 } creation when IsList(creation.Type):
                return new KnownList(operation, [], complete: true);
            case IObjectCreationOperation { Initializer: { } initializer } creation when IsList(creation.Type):
                // new List<T> { a, b }: each Add's argument is an item.
                var added = new List<Known?>(initializer.Initializers.Length);
                bool allAdds = true;
                foreach (IOperation item in initializer.Initializers)
                {
                    if (item is IInvocationOperation { Arguments.Length: 1 } add) added.Add(Build(add.Arguments[0].Value));
                    else allAdds = false;
                }
                return new KnownList(operation, added, allAdds);
            case IArrayCreationOperation { Initializer: { } array }:
                var elements = new List<Known?>(array.ElementValues.Length);
                foreach (IOperation element in array.ElementValues) elements.Add(Build(element));
                return new KnownList(operation, elements, complete: true);
        }
        if (operation.Syntax is CollectionExpressionSyntax syntax)
        {
            // [a, b] (ICollectionExpressionOperation from Roslyn 4.9 on; a plain operation with the same children before).
            var items = new List<Known?>(syntax.Elements.Count);
            foreach (IOperation child in operation.ChildOperations)
            {
                if (child is not IInstanceReferenceOperation) items.Add(Build(child));
            }
            bool complete = items.Count == syntax.Elements.Count;
            foreach (CollectionElementSyntax element in syntax.Elements) complete &= element is ExpressionElementSyntax;
            return complete ? new KnownList(operation, items, complete: true) : new KnownList(operation, [], complete: false);
        }
        return null;
    }

    private KnownObject Object(IObjectCreationOperation creation, TypeTable table)
    {
        var members = new MemberValue?[table.Members.Length];
        foreach (IOperation initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            switch (initializer)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment when table.IndexOf(property.Property.Name) is >= 0 and var index:
                    members[index] = new MemberValue(assignment.Value, Build(assignment.Value));
                    break;
                case IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation property } nested when table.IndexOf(property.Property.Name) is >= 0 and var index:
                    members[index] = new MemberValue(nested, null);
                    break;
            }
        }
        return new KnownObject(creation, table, members, IsClosed(creation));
    }

    /// <summary>An object stored in a variable (or assigned to one) may be changed later; anything else is whole.</summary>
    private static bool IsClosed(IOperation creation)
    {
        IOperation? parent = creation.Parent;
        while (parent is IConversionOperation) parent = parent.Parent;
        return parent switch
        {
            IVariableInitializerOperation => false,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } } } => true,
            ISimpleAssignmentOperation => false,
            _ => true,
        };
    }

    private static bool IsList(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true, Name: "List", ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace.Name: "System" } } };
}
