using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>Turns operations into the values the source code shows, recognising the contract's types by their shapes (RuleChecks.Types).</summary>
internal sealed class SourceValueReader
{
    private readonly Dictionary<ITypeSymbol, TypeShape> _types = new(SymbolEqualityComparer.Default);

    private SourceValueReader() { }

    /// <summary>The contract's types in this compilation, or null when it does not reference the contract.</summary>
    public static SourceValueReader? For(Compilation compilation)
    {
        var values = new SourceValueReader();
        foreach (TypeShape table in RuleChecks.Types)
        {
            if (compilation.GetTypeByMetadataName(RuleChecks.ContractNamespace + "." + table.Name) is { } symbol) values._types[symbol] = table;
        }
        return values._types.Count == 0 ? null : values;
    }

    public TypeShape? TableOf(ITypeSymbol? type) => type is not null && _types.TryGetValue(type, out TypeShape? table) ? table : null;

    /// <summary>The value an operation shows, or null; <paramref name="inOpen"/>: an object code may change later holds it, so a list may be filled later.</summary>
    public SourceValue? Build(IOperation? original, bool inOpen = false)
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
                if (creation.Initializer is not { } initializer) return creation.Arguments.Length == 0 ? new SourceList(operation, [], complete: true, inOpen) : null;
                // new List<T> { a, b }: each Add's argument is an item.
                var added = new List<SourceValue?>(initializer.Initializers.Length);
                bool allAdds = true;
                foreach (IOperation item in initializer.Initializers)
                {
                    if (item is { Kind: OperationKind.Invocation } && ((IInvocationOperation)item).Arguments is { Length: 1 } arguments) added.Add(Build(arguments[0].Value, inOpen));
                    else allAdds = false;
                }
                return new SourceList(operation, added, allAdds, inOpen);
            case OperationKind.ArrayCreation when ((IArrayCreationOperation)operation).Initializer is { } array:
                var elements = new List<SourceValue?>(array.ElementValues.Length);
                foreach (IOperation element in array.ElementValues) elements.Add(Build(element, inOpen));
                return new SourceList(operation, elements, complete: true, inOpen);
        }
        if (EnumMember(original!) is { } enumMember) return new SourceEnumMember(original!, enumMember);
        if (ConstantOf(original!) is { HasValue: true } constant) return new SourceConstant(original!, constant.Value);
        if (operation.Syntax is CollectionExpressionSyntax syntax)
        {
            // [a, b] (ICollectionExpressionOperation from Roslyn 4.9 on; a plain operation with the same children before).
            // The items written inline are known whatever else the list spreads; only a list of them alone is complete.
            var items = new List<SourceValue?>(syntax.Elements.Count);
            bool complete = true;
            foreach (CollectionElementSyntax element in syntax.Elements) complete &= element is ExpressionElementSyntax;
            foreach (IOperation child in operation.ChildOperations)
            {
                if (child.Kind == OperationKind.InstanceReference) continue;
                if (complete || IsInlineElement(child)) items.Add(Build(child, inOpen));
            }
            return new SourceList(operation, items, complete && items.Count == syntax.Elements.Count, inOpen);
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

    private SourceObject Object(IObjectCreationOperation creation, TypeShape table, bool inOpen)
    {
        bool closed = IsClosed(creation);
        var assigned = new AssignedMember[table.Members.Length];
        foreach (IOperation initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (initializer.Kind == OperationKind.SimpleAssignment)
            {
                var assignment = (ISimpleAssignmentOperation)initializer;
                if (assignment.Target.Kind == OperationKind.PropertyReference && table.IndexOf(((IPropertyReferenceOperation)assignment.Target).Property.Name) is >= 0 and var index)
                {
                    SourceValue? nested = table.HoldsNestedValue[index] ? Build(assignment.Value, inOpen || !closed) : null;
                    assigned[index] = AssignedMember.Assigned(assignment.Value, nested);
                }
            }
            else if (initializer.Kind == OperationKind.MemberInitializer)
            {
                // Member = { ... }: it changes an existing value, which the code does not show.
                var member = (IMemberInitializerOperation)initializer;
                if (member.InitializedMember.Kind == OperationKind.PropertyReference && table.IndexOf(((IPropertyReferenceOperation)member.InitializedMember).Property.Name) is >= 0 and var index)
                {
                    assigned[index] = AssignedMember.ChangedInPlace(member);
                }
            }
        }
        return new SourceObject(creation, table, assigned, closed);
    }

    /// <summary>The operation under any conversions.</summary>
    public static IOperation Unconverted(IOperation operation)
    {
        while (operation.Kind == OperationKind.Conversion) operation = ((IConversionOperation)operation).Operand;
        return operation;
    }

    /// <summary>A compile-time constant, as written ("(Priority)42") or, when a conversion has none, under it.</summary>
    public static Optional<object?> ConstantOf(IOperation operation) =>
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
