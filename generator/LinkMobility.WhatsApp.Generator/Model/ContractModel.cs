using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.TemplateFiles;

namespace LinkMobility.WhatsApp.Generator.Model;

// The schema as the emitter sees it: plain values only (no Roslyn symbols, syntax or
// locations, no YAML nodes), so every pipeline step compares by value and caches.

/// <summary>What the generator emits: the contract (runtime package) or the analyzers' checks (RuleChecks).</summary>
internal enum GeneratorOutput { Contract, RuleChecks }

/// <summary>The whole contract described by schema.yaml.</summary>
internal sealed record ContractModel
{
    public required DocumentInfo Document { get; init; }
    public required ApiInfo Api { get; init; }
    public required EquatableArray<EnumModel> Enums { get; init; }
    public required EquatableArray<UnionModel> Unions { get; init; }
    public required EquatableArray<TypeModel> Types { get; init; }
    public required EquatableArray<PayloadModel> Payloads { get; init; }
    public required EquatableArray<ResultCodeModel> ResultCodes { get; init; }
    public required EquatableArray<LanguageModel> Languages { get; init; }
    public required EquatableArray<ErratumModel> Errata { get; init; }

    /// <summary>The string formats members name, as JSON Schema patterns.</summary>
    public required EquatableArray<FormatModel> Formats { get; init; }
    public required EquatableArray<ProblemModel> Problems { get; init; }

    /// <summary>The templates section: how a templates file maps onto the contract's types, if the schema has one.</summary>
    public required TemplateMapping? Templates { get; init; }

    /// <summary>The types a template message is built from (templates.contract), when the schema has a templates section.</summary>
    public required TemplateTypes? TemplateTypes { get; init; }
}

/// <summary>The contract's types a template message is built from, by their C# names (schema.yaml's templates.contract).</summary>
internal sealed record TemplateTypes
{
    /// <summary>The message variant that carries a template (TemplateMessage).</summary>
    public required string Message { get; init; }

    public required string Template { get; init; }

    public required string Language { get; init; }

    public required string Component { get; init; }

    /// <summary>The union of a component's parameters.</summary>
    public required string Parameter { get; init; }
}

/// <summary>The document's title, version and date, and the C# namespace of the contract.</summary>
internal sealed record DocumentInfo(string Title, string Version, string Date, string Namespace);

internal sealed record ApiInfo
{
    public required string Authentication { get; init; }
    public required EquatableArray<BaseUrlModel> BaseUrls { get; init; }
    public required TlsModel Tls { get; init; }
    public required EquatableArray<OperationModel> Operations { get; init; }

    /// <summary>What LINK posts to a gate's webhook.</summary>
    public required EquatableArray<CallbackModel> Callbacks { get; init; }
    public required EquatableArray<HostModel> Hosts { get; init; }
}

/// <summary>A callback LINK posts: its name, the body's type, and what it is.</summary>
internal sealed record CallbackModel(string Name, string Body, string Description);

internal sealed record BaseUrlModel(string Id, string Url);

internal sealed record TlsModel(string Minimum, string RequiredFrom, string Description);

internal sealed record OperationModel(string Name, string Method, string Path, string Request, EquatableArray<ResponseModel> Responses);

internal sealed record ResponseModel(int Status, string Case, string Body);

internal sealed record HostModel(string Host, string Address);

/// <summary>A closed set of wire strings.</summary>
internal sealed record EnumModel(string Name, string Description, EquatableArray<EnumValueModel> Values, bool HasUnknown);

internal sealed record EnumValueModel(string Wire, string Name);

/// <summary>A polymorphic type: an abstract base whose variant is chosen by a discriminator member.</summary>
internal sealed record UnionModel
{
    public required string Name { get; init; }
    public required string Description { get; init; }

    /// <summary>The wire name of the member that says which variant an object is.</summary>
    public required string Discriminator { get; init; }
    public required string DiscriminatorDescription { get; init; }

    /// <summary>The C# enum of the discriminator's values.</summary>
    public required string EnumName { get; init; }
    public required EquatableArray<VariantModel> Variants { get; init; }

    /// <summary>The type that keeps an object whose discriminator this contract does not know, if any.</summary>
    public required string? UnknownType { get; init; }
}

/// <summary>One variant: the discriminator's wire value, its enum member and its type.</summary>
internal sealed record VariantModel(string Value, string EnumMember, string Type);

/// <summary>A table of the document: a class with members.</summary>
internal sealed record TypeModel
{
    /// <summary>The C# name.</summary>
    public required string Name { get; init; }
    public required string Description { get; init; }

    /// <summary>The union this type is a variant of, if any.</summary>
    public string? Union { get; init; }

    /// <summary>The discriminator enum member of this variant, if any.</summary>
    public string? Variant { get; init; }

    /// <summary>The variant that holds a discriminator value this contract does not know.</summary>
    public bool IsUnknownVariant { get; init; }

    /// <summary>Members the contract does not know are kept and written back.</summary>
    public bool KeepUnknownMembers { get; init; }
    public required EquatableArray<MemberModel> Members { get; init; }
    public required EquatableArray<TypeRule> Rules { get; init; }
}

internal enum Requirement { No, Yes, Conditional }

/// <summary>How a number is written; reading accepts both.</summary>
internal enum WireFormat { Default, String, Number }

/// <summary>A member of a table: its wire name, C# property, type, requirement and rules.</summary>
internal sealed record MemberModel
{
    public required string WireName { get; init; }
    public required string PropertyName { get; init; }
    public required TypeRef Type { get; init; }
    public required Requirement Required { get; init; }

    /// <summary>The document's words for when a conditional member is required.</summary>
    public string? Condition { get; init; }
    public required string Description { get; init; }

    /// <summary>Other wire names read as this member (errata).</summary>
    public required EquatableArray<string> Aliases { get; init; }
    public WireFormat Wire { get; init; }
    public required MemberRules Rules { get; init; }

    /// <summary>A required value type: its property cannot be null, so a backing field holds whether the value was given.</summary>
    public bool HasBackingField => Required == Requirement.Yes && Type.IsValueType;
}

/// <summary>The validation rules of one member (see the rule vocabulary at the top of schema.yaml).</summary>
internal sealed record MemberRules
{
    public static readonly MemberRules None = new()
    {
        Extensions = EquatableArray<string>.Empty,
        When = EquatableArray<EnumCondition>.Empty,
    };

    public int? MinItems { get; init; }
    public long? Min { get; init; }
    public long? Max { get; init; }
    public MemberFormat Format { get; init; }

    /// <summary>File extensions a URL must end with.</summary>
    public required EquatableArray<string> Extensions { get; init; }

    /// <summary>For a conditional member: it is required when all these conditions hold.</summary>
    public required EquatableArray<EnumCondition> When { get; init; }
}

/// <summary>A string format a member must have.</summary>
internal enum MemberFormat { None, Msisdn, Phone, HttpUrl, LanguageCode }

/// <summary>A problem validation can report, with its stable code and its message templates.</summary>
/// <param name="Messages">The message, or one per form (a missing member: required, when); {name} placeholders.</param>
internal sealed record ProblemModel(string Code, string Name, string Severity, string Title, EquatableArray<ProblemMessage> Messages);

/// <summary>One message template of a problem or a rule; <see cref="Form"/> is "" for the only one.</summary>
internal sealed record ProblemMessage(string Form, string Template)
{
    /// <summary>The template of a form among these, or null.</summary>
    public static string? Find(EquatableArray<ProblemMessage> messages, string form)
    {
        foreach (ProblemMessage message in messages)
        {
            if (message.Form == form) return message.Template;
        }
        return null;
    }
}

internal enum ShapeKind { String, Int, Long, Double, Bool, Date, Duration, Map, List, Enum, Object, Union }

/// <summary>A member's type. <see cref="Name"/> is the C# name of an enum, object or union; <see cref="Element"/> the item type of a list.</summary>
internal sealed record TypeRef(ShapeKind Kind, string? Name = null, TypeRef? Element = null)
{
    public bool IsValueType => Kind is ShapeKind.Int or ShapeKind.Long or ShapeKind.Double or ShapeKind.Bool
        or ShapeKind.Date or ShapeKind.Duration or ShapeKind.Enum;
}

/// <summary>A top-level JSON document and how to recognise it.</summary>
internal sealed record PayloadModel(string Type, string Title, EquatableArray<string> Detect);

internal sealed record ResultCodeModel(int Code, string Name, string Description, string Explanation, string Outcome, bool Final);

internal sealed record LanguageModel(string Code, string Name, string Identifier);

/// <summary>
/// A string format for JSON Schema: its ECMA-262 pattern (null when JSON Schema says it otherwise, as a language code's
/// enum), the JSON Schema format that fits it (uri), and what it is.
/// </summary>
internal sealed record FormatModel(MemberFormat Format, string? Pattern, string? JsonFormat, string Description);

internal sealed record ErratumModel(string Id, string Where, string Problem, string Resolution);
