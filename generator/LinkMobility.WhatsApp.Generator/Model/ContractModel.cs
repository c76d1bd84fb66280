using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.TemplateFiles;

namespace LinkMobility.WhatsApp.Generator.Model;

// The schema as the emitter sees it: plain values only (no Roslyn symbols, syntax or
// locations, no YAML nodes), so every pipeline step compares by value and caches.

/// <summary>What the generator emits: the contract (runtime package) or the analyzers' checks (RuleChecks).</summary>
internal enum GeneratorOutput { Contract, RuleChecks }

/// <summary>The whole contract described by schema.yaml.</summary>
internal sealed record ContractModel(
    DocumentInfo Document,
    ApiInfo Api,
    EquatableArray<EnumModel> Enums,
    EquatableArray<UnionModel> Unions,
    EquatableArray<TypeModel> Types,
    EquatableArray<PayloadModel> Payloads,
    EquatableArray<ResultCodeModel> ResultCodes,
    EquatableArray<LanguageModel> Languages,
    EquatableArray<ErratumModel> Errata,
    EquatableArray<ProblemModel> Problems,
    TemplateMapping? Templates);

/// <summary>The document's title, version and date, and the C# namespace of the contract.</summary>
internal sealed record DocumentInfo(string Title, string Version, string Date, string Namespace);

internal sealed record ApiInfo(
    string Authentication,
    EquatableArray<BaseUrlModel> BaseUrls,
    TlsModel Tls,
    EquatableArray<OperationModel> Operations,
    EquatableArray<HostModel> Hosts);

internal sealed record BaseUrlModel(string Id, string Url);

internal sealed record TlsModel(string Minimum, string RequiredFrom, string Description);

internal sealed record OperationModel(string Name, string Method, string Path, string Request, EquatableArray<ResponseModel> Responses);

internal sealed record ResponseModel(int Status, string Case, string Body);

internal sealed record HostModel(string Host, string Address);

/// <summary>A closed set of wire strings.</summary>
internal sealed record EnumModel(string Name, string Description, EquatableArray<EnumValueModel> Values, bool HasUnknown);

internal sealed record EnumValueModel(string Wire, string Name);

/// <summary>A polymorphic type: an abstract base whose variant is chosen by a discriminator member.</summary>
internal sealed record UnionModel(
    string Name,
    string Description,
    string Discriminator,
    string DiscriminatorDescription,
    string EnumName,
    EquatableArray<VariantModel> Variants,
    string? UnknownType);

/// <summary>One variant: the discriminator's wire value, its enum member and its type.</summary>
internal sealed record VariantModel(string Value, string EnumMember, string Type);

/// <summary>A table of the document: a class with members.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="Union">The union this type is a variant of, if any.</param>
/// <param name="Variant">The discriminator enum member of this variant, if any.</param>
/// <param name="IsUnknownVariant">The variant that holds a discriminator value this contract does not know.</param>
internal sealed record TypeModel(
    string Name,
    string Description,
    string? Union,
    string? Variant,
    bool IsUnknownVariant,
    bool KeepUnknownMembers,
    EquatableArray<MemberModel> Members,
    EquatableArray<TypeRule> Rules);

internal enum Requirement { No, Yes, Conditional }

/// <summary>How a number is written; reading accepts both.</summary>
internal enum WireFormat { Default, String, Number }

internal sealed record MemberModel(
    string WireName,
    string PropertyName,
    TypeRef Type,
    Requirement Required,
    string? Condition,
    string Description,
    EquatableArray<string> Aliases,
    WireFormat Wire,
    MemberRules Rules)
{
    /// <summary>A required value type: its property cannot be null, so a backing field holds whether the value was given.</summary>
    public bool HasBackingField => Required == Requirement.Yes && Type.IsValueType;
}

/// <summary>The validation rules of one member (see the rule vocabulary at the top of schema.yaml).</summary>
/// <param name="When">For a conditional member: it is required when all these conditions hold.</param>
internal sealed record MemberRules(
    int? MinItems,
    long? Min,
    long? Max,
    MemberFormat Format,
    EquatableArray<string> Extensions,
    EquatableArray<EnumCondition> When)
{
    public static readonly MemberRules None = new(null, null, null, MemberFormat.None, EquatableArray<string>.Empty, EquatableArray<EnumCondition>.Empty);
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

internal sealed record ErratumModel(string Id, string Where, string Problem, string Resolution);
