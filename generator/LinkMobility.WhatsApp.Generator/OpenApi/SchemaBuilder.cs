using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.OpenApi;

/// <summary>
/// A JSON Schema (2020-12) per enum, union and type. A type's rules are said by <see cref="Checks.RuleSchemas"/>,
/// beside each rule kind's check, or listed in <see cref="NotExpressed"/>.
/// </summary>
internal sealed class SchemaBuilder(ContractModel model)
{
    /// <summary>A number as the reader takes it: a JSON number, or a string of digits (errata E5, E11).</summary>
    private const string IntegerText = "^-?[0-9]+$";

    /// <summary>The rules JSON Schema cannot say, with their codes: x-linkmobility-rules.</summary>
    public List<object> NotExpressed { get; } = new();

    public JsonObject All()
    {
        var schemas = new JsonObject();
        foreach (EnumModel @enum in model.Enums.Where(e => model.Unions.All(u => u.EnumName != e.Name))) schemas.Add(@enum.Name, Enum(@enum));
        foreach (UnionModel union in model.Unions) schemas.Add(union.Name, Union(union));
        foreach (TypeModel type in model.Types) schemas.Add(type.Name, Type(type));
        return schemas;
    }

    private static JsonObject Enum(EnumModel @enum)
    {
        List<object> values = @enum.Values.Select(v => (object)v.Wire).ToList();
        var schema = new JsonObject().Add("description", @enum.Description);
        if (!@enum.HasUnknown) return schema.Add("type", "string").Add("enum", values);
        // Read as known or not: the known values, and any other string.
        return schema.Add("anyOf", new List<object> { new JsonObject().Add("enum", values), new JsonObject().Add("type", "string") });
    }

    private JsonObject Union(UnionModel union)
    {
        var variants = new List<object>();
        var mapping = new JsonObject();
        foreach (VariantModel variant in union.Variants)
        {
            variants.Add(OpenApiDocument.Ref(variant.Type));
            mapping.Add(variant.Value, "#/components/schemas/" + variant.Type);
        }
        if (union.UnknownType is { } unknown) variants.Add(OpenApiDocument.Ref(unknown));
        var schema = new JsonObject()
            .Add("description", union.Description)
            .Add("type", "object")
            .Add("required", new List<object> { union.Discriminator })
            .Add("properties", new JsonObject().Add(union.Discriminator, new JsonObject().Add("type", "string").Add("description", union.DiscriminatorDescription)))
            .Add("oneOf", variants);
        // A closed union names its variants by the discriminator; an open one also reads values it does not know.
        if (union.UnknownType is null) schema.Add("discriminator", new JsonObject().Add("propertyName", union.Discriminator).Add("mapping", mapping));
        return schema;
    }

    private JsonObject Type(TypeModel type)
    {
        var schema = new JsonObject().Add("type", "object").Add("description", type.Description);
        JsonObject properties = schema.Object("properties");
        var required = new List<object>();
        if (type.Union is { } unionName && model.Unions.FirstOrDefault(u => u.Name == unionName) is { } union)
        {
            var discriminator = new JsonObject().Add("type", "string").Add("description", union.DiscriminatorDescription);
            if (type.IsUnknownVariant) discriminator.Add("not", new JsonObject().Add("enum", union.Variants.Select(v => (object)v.Value).ToList()));
            else discriminator.Add("const", union.Variants.First(v => v.Type == type.Name).Value);
            properties.Add(union.Discriminator, discriminator);
            required.Add(union.Discriminator);
        }
        var conditions = new List<object>();
        foreach (MemberModel member in type.Members)
        {
            properties.Add(member.WireName, Member(type, member, member.Description));
            foreach (string alias in member.Aliases)
            {
                properties.Add(alias, Member(type, member, $"{member.Description} The same as {member.WireName}: another spelling the document uses, read as {member.WireName} (see x-linkmobility-errata)."));
            }
            if (member.Required == Requirement.Yes) required.Add(member.WireName);
            else if (member.Required == Requirement.Conditional && member.Rules.When.Count > 0)
            {
                conditions.Add(new JsonObject().Add("if", When(member.Rules.When)).Add("then", Requires(member.WireName)));
            }
        }
        if (required.Count > 0) schema.Add("required", required);
        if (conditions.Count > 0) schema.List("allOf").AddRange(conditions);
        if (type.KeepUnknownMembers) schema.Add("additionalProperties", true);
        var rules = new Checks.RuleSchemas(model, NotExpressed);
        foreach (TypeRule rule in type.Rules) rule.Accept(rules, new Checks.RuleSchemas.Target(type, schema));
        return schema;
    }

    private JsonObject Member(TypeModel type, MemberModel member, string description)
    {
        JsonObject schema = Shape(member.Type, member.Rules);
        // A member that may be missing may also be null: the reader takes a null as missing.
        if (member.Required != Requirement.Yes) schema = Nullable(schema);
        if (member.Condition is { } condition) description += " Required: " + condition;
        schema.Add("description", description);
        if (member.Rules.Extensions.Count > 0)
        {
            // The member checks' problem for a link's file type (Checks/MemberChecks.cs).
            NotExpressed.Add(Entry(model.Problems.FirstOrDefault(p => p.Name == "UnsupportedMediaFormat")?.Code ?? "", "UnsupportedMediaFormat", $"{type.Name}.{member.WireName}",
                $"a warning, and JSON Schema only accepts or rejects: the file types WhatsApp supports here are {string.Join(", ", member.Rules.Extensions)}"));
        }
        return schema;
    }

    private JsonObject Shape(TypeRef type, MemberRules rules)
    {
        switch (type.Kind)
        {
            case ShapeKind.String:
                return Format(new JsonObject().Add("type", "string"), rules.Format);
            case ShapeKind.Int:
            case ShapeKind.Long:
            case ShapeKind.Duration:
                return Range(new JsonObject()
                    .Add("type", new List<object> { "integer", "string" })
                    .Add("format", type.Kind == ShapeKind.Int ? "int32" : "int64")
                    .Add("pattern", IntegerText), rules);
            case ShapeKind.Double:
                return Range(new JsonObject().Add("type", "number"), rules);
            case ShapeKind.Bool:
                return new JsonObject().Add("type", "boolean");
            case ShapeKind.Date:
                return new JsonObject().Add("type", "string").Add("format", "date-time");
            case ShapeKind.Map:
                return new JsonObject().Add("type", "object").Add("additionalProperties", new JsonObject().Add("type", "string"));
            case ShapeKind.List:
                return new JsonObject()
                    .Add("type", "array")
                    .Add("items", Shape(type.Element!, MemberRules.None with { Format = rules.Format }))
                    .Add("minItems", rules.MinItems);
            default:
                return OpenApiDocument.Ref(type.Name!);
        }
    }

    private static JsonObject Nullable(JsonObject schema)
    {
        if (schema.Has("$ref")) return new JsonObject().Add("anyOf", new List<object> { schema, new JsonObject().Add("type", "null") });
        schema.Replace("type", schema.Get("type") switch
        {
            List<object> types => new List<object>(types) { "null" },
            object single => new List<object> { single, "null" },
            null => null,
        });
        if (schema.Get("enum") is List<object> values) schema.Replace("enum", new List<object>(values) { null! });
        return schema;
    }

    private static JsonObject Range(JsonObject schema, MemberRules rules) => schema.Add("minimum", rules.Min).Add("maximum", rules.Max);

    private JsonObject Format(JsonObject schema, MemberFormat format)
    {
        if (format == MemberFormat.None) return schema;
        if (format == MemberFormat.LanguageCode) return schema.Add("enum", model.Languages.Select(l => (object)l.Code).ToList());
        FormatModel? known = model.Formats.FirstOrDefault(f => f.Format == format);
        return schema.Add("format", known?.JsonFormat).Add("pattern", known?.Pattern);
    }

    /// <summary>The member is there and not null, as the reader sees a member (a null is a missing one).</summary>
    internal static JsonObject Requires(params string[] members)
    {
        var properties = new JsonObject();
        foreach (string member in members) properties.Add(member, new JsonObject().Add("not", new JsonObject().Add("type", "null")));
        return new JsonObject().Add("properties", properties).Add("required", members.Select(m => (object)m).ToList());
    }

    /// <summary>"member is value" for each condition: the if of an if/then.</summary>
    internal static JsonObject When(IEnumerable<EnumCondition> conditions)
    {
        var properties = new JsonObject();
        var required = new List<object>();
        foreach (EnumCondition condition in conditions)
        {
            properties.Add(condition.Member.Wire, new JsonObject().Add("const", condition.Wire));
            required.Add(condition.Member.Wire);
        }
        return new JsonObject().Add("properties", properties).Add("required", required);
    }

    internal static JsonObject Conditional(IReadOnlyCollection<EnumCondition> when, JsonObject then) =>
        when.Count == 0 ? then : new JsonObject().Add("if", When(when)).Add("then", then);

    internal static JsonObject Entry(string code, string problem, string where, string why) =>
        new JsonObject().Add("code", code).Add("problem", problem).Add("where", where).Add("why", why);
}
