using LinkMobility.WhatsApp.Common;

namespace LinkMobility.WhatsApp.Generator.Model;

// The schema's validation rules, resolved: every member a rule names is a MemberRef (C# name, wire
// name, position, shape), never a string to look up again. One sealed record per rule kind; the
// check of each kind (Checks/RuleChecks.cs) emits both the runtime validator and the analyzer's check.
// Each record dispatches to its own method of IRuleVisitor, so a rule kind without a check does not compile.

/// <summary>A member of a type, resolved.</summary>
internal sealed record MemberRef
{
    /// <summary>The C# property name.</summary>
    public required string Property { get; init; }

    /// <summary>The JSON member name.</summary>
    public required string Wire { get; init; }

    /// <summary>Its position among its type's members: what the analyzer's known objects are indexed by.</summary>
    public required int Index { get; init; }

    /// <summary>Its shape.</summary>
    public required TypeRef Type { get; init; }

    /// <summary>A required value type: its property cannot be null, so a missing value shows in its backing field.</summary>
    public required bool HasBackingField { get; init; }

    /// <summary>The member's string format, which decides how its extension is read (a link's or a file name's).</summary>
    public required MemberFormat Format { get; init; }

    /// <summary>A member of a type, resolved.</summary>
    public static MemberRef Of(TypeModel type, MemberModel member)
    {
        int index = 0;
        while (index < type.Members.Count && type.Members[index].WireName != member.WireName) index++;
        return new MemberRef
        {
            Property = member.PropertyName,
            Wire = member.WireName,
            Index = index,
            Type = member.Type,
            HasBackingField = member.HasBackingField,
            Format = member.Rules.Format,
        };
    }
}

/// <summary>Members followed from an object: image.caption is [Image, Caption].</summary>
internal sealed record MemberPath
{
    public required EquatableArray<MemberRef> Steps { get; init; }

    /// <summary>The member at the end.</summary>
    public MemberRef Last => Steps[Steps.Count - 1];
}

/// <summary>"member is value", where the member is an enum of the same object.</summary>
internal sealed record EnumCondition
{
    public required MemberRef Member { get; init; }

    /// <summary>The C# enum type and member: ComponentType, Button.</summary>
    public required string EnumType { get; init; }

    public required string EnumMember { get; init; }

    /// <summary>The value as the document writes it: button.</summary>
    public required string Wire { get; init; }
}

/// <summary>The union a list's items belong to, for naming an item's kind in a message.</summary>
internal sealed record UnionRef
{
    public required string Name { get; init; }

    /// <summary>The C# enum of the discriminator (ParameterType) and the discriminator's C# property (Type).</summary>
    public required string EnumName { get; init; }

    public required string DiscriminatorProperty { get; init; }
}

/// <summary>A variant of a union: its C# type and the discriminator value that names it.</summary>
internal sealed record VariantRef
{
    public required string Type { get; init; }

    public required string Wire { get; init; }
}

/// <summary>A rule over a whole object (a type's `rules` in the schema).</summary>
internal abstract record TypeRule
{
    /// <summary>The name of the problem it reports, from the problems table.</summary>
    public required string Problem { get; init; }

    /// <summary>The message from the schema, one or one per form; {value} is the offending value.</summary>
    public required EquatableArray<ProblemMessage> Messages { get; init; }

    /// <summary>The template of a form ("" for a rule with one message).</summary>
    public string Message(string form) => ProblemMessage.Find(Messages, form) ?? "";

    /// <summary>Calls the visitor's method for this rule kind.</summary>
    public abstract void Accept<TState>(IRuleVisitor<TState> visitor, TState state);
}

/// <summary>One method per rule kind: what a check of every kind implements (Checks/RuleChecks.cs).</summary>
internal interface IRuleVisitor<in TState>
{
    void AtLeastOne(AtLeastOneRule rule, TState state);

    void NotBoth(NotBothRule rule, TState state);

    void Groups(GroupsRule rule, TState state);

    void Forbid(ForbidRule rule, TState state);

    void Extension(ExtensionRule rule, TState state);

    void Allow(AllowRule rule, TState state);

    void AtMostOne(AtMostOneRule rule, TState state);

    void Unique(UniqueRule rule, TState state);
}

/// <summary>atLeastOne: at least one of the members is set.</summary>
internal sealed record AtLeastOneRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.AtLeastOne(this, state);

    public required EquatableArray<MemberRef> Members { get; init; }
}

/// <summary>notBoth: the two members are not both set.</summary>
internal sealed record NotBothRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.NotBoth(this, state);

    public required MemberRef First { get; init; }

    public required MemberRef Second { get; init; }
}

/// <summary>groups: exactly one group of members is given, and it is given whole.</summary>
internal sealed record GroupsRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.Groups(this, state);

    public required EquatableArray<MemberGroup> Groups { get; init; }
}

/// <summary>One group of a <see cref="GroupsRule"/>.</summary>
internal sealed record MemberGroup
{
    public required EquatableArray<MemberRef> Members { get; init; }
}

/// <summary>forbid: a nested member is absent (an image parameter's image.caption).</summary>
internal sealed record ForbidRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.Forbid(this, state);

    public required MemberPath Path { get; init; }
}

/// <summary>extension: the named links or file names, where they show an extension, have one of these.</summary>
internal sealed record ExtensionRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.Extension(this, state);

    public required EquatableArray<MemberPath> Paths { get; init; }

    /// <summary>Lower case, without the dot.</summary>
    public required EquatableArray<string> Allowed { get; init; }
}

/// <summary>items/allow: each item of a list of a union is one of these variants, when the conditions hold.</summary>
internal sealed record AllowRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.Allow(this, state);

    public required MemberRef Items { get; init; }

    public required UnionRef Union { get; init; }

    public required EquatableArray<VariantRef> Variants { get; init; }

    public required EquatableArray<EnumCondition> When { get; init; }
}

/// <summary>items/atMostOne: at most one item of the list is one of these variants, when the conditions hold.</summary>
internal sealed record AtMostOneRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.AtMostOne(this, state);

    public required MemberRef Items { get; init; }

    public required UnionRef Union { get; init; }

    public required EquatableArray<VariantRef> Variants { get; init; }

    public required EquatableArray<EnumCondition> When { get; init; }
}

/// <summary>unique: no two items of a list (those for which the conditions hold) share the key member's value.</summary>
internal sealed record UniqueRule : TypeRule
{
    public override void Accept<TState>(IRuleVisitor<TState> visitor, TState state) => visitor.Unique(this, state);

    public required MemberRef Items { get; init; }

    /// <summary>The items' type.</summary>
    public required string ItemType { get; init; }

    /// <summary>A member of the items' type.</summary>
    public required MemberRef Key { get; init; }

    /// <summary>Conditions on each item.</summary>
    public required EquatableArray<EnumCondition> When { get; init; }
}
