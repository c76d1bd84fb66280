using System;
using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Generator.OpenApi;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.Checks;

/// <summary>
/// The check of each rule kind, written once and emitted into a target: the runtime validator or the
/// analyzer's check. A new rule kind is its vocabulary entry (Parser.Rules.cs), its record and visitor method
/// (Model/RuleSpecs.cs), and here its check and how JSON Schema says it (<see cref="RuleSchemas"/>, below); the
/// compiler refuses a rule kind without both.
/// </summary>
internal sealed class RuleChecks(CheckTarget target) : IRuleVisitor<IndentedWriter>
{
    public void Emit(IndentedWriter writer, TypeRule rule) => rule.Accept(this, writer);

    public void AtLeastOne(AtLeastOneRule rule, IndentedWriter writer) =>
        writer.Line($"if ({string.Join(" && ", rule.Members.Select(m => target.IsUnset(m, target.CheckedObject)))}) " +
            target.CheckedObjectSite.Statement(rule.Problem, CSharpText.Literal(rule.Message(""))));

    public void NotBoth(NotBothRule rule, IndentedWriter writer) =>
        writer.Line($"if ({target.IsSet(rule.First, target.CheckedObject)} && {target.IsSet(rule.Second, target.CheckedObject)}) " +
            target.CheckedObjectSite.Statement(rule.Problem, CSharpText.Literal(rule.Message(""))));

    /// <summary>Exactly one group given, and whole: counted only when every member is known to be set or not.</summary>
    public void Groups(GroupsRule rule, IndentedWriter writer)
    {
        var all = rule.Groups.SelectMany(g => g.Members).ToList();
        using (CheckContext.If(writer, target.AllKnown(all, target.CheckedObject)))
        {
            for (int g = 0; g < rule.Groups.Count; g++)
            {
                writer.Line($"int set{g} = {string.Join(" + ", rule.Groups[g].Members.Select(m => $"({target.IsSet(m, target.CheckedObject)} ? 1 : 0)"))};");
            }
            writer.Line($"int touched = {string.Join(" + ", rule.Groups.Select((_, g) => $"(set{g} > 0 ? 1 : 0)"))};");
            writer.Line($"bool whole = {string.Join(" && ", rule.Groups.Select((group, g) => $"(set{g} == 0 || set{g} == {group.Members.Count})"))};");
            writer.Line("if (touched == 0) " + target.CheckedObjectSite.Statement(rule.Problem, CSharpText.Literal(rule.Message("none"))));
            writer.Line("else if (touched > 1) " + target.CheckedObjectSite.Statement(rule.Problem, CSharpText.Literal(rule.Message("several"))));
            using (writer.Block("else if (!whole)"))
            {
                string missing = string.Join(", ", rule.Groups.SelectMany((group, g) => group.Members.Select(m =>
                    $"{target.IsUnset(m, target.CheckedObject)} && set{g} > 0 ? {CSharpText.Literal(m.Wire)} : null")));
                writer.Line($"string missing = string.Join(\", \", global::System.Linq.Enumerable.Where(new string?[] {{ {missing} }}, name => name is not null));");
                writer.Line(target.CheckedObjectSite.Statement(rule.Problem, MemberChecks.Dynamic(rule.Message("partial"), ("value", "missing"))));
            }
        }
    }

    public void Forbid(ForbidRule rule, IndentedWriter writer)
    {
        if (target.PathSet(writer, rule.Path, out IDisposable scope) is not { } site) return;
        using (scope)
        {
            writer.Line(site.Statement(rule.Problem, CSharpText.Literal(rule.Message(""))));
        }
    }

    public void Extension(ExtensionRule rule, IndentedWriter writer)
    {
        foreach (MemberPath path in rule.Paths)
        {
            using (writer.Block(""))
            {
                if (target.PathString(writer, path, "named", out IDisposable scope) is not { } site) continue;
                using (scope)
                {
                    string isLink = path.Last.Format == MemberFormat.HttpUrl ? "true" : "false";
                    writer.Line($"if (global::LinkMobility.WhatsApp.Validation.Formats.TryGetExtension(named, isLink: {isLink}, out global::System.ReadOnlySpan<char> extension) && !({MemberChecks.Listed("extension", rule.Allowed)})) " +
                        site.Statement(rule.Problem, MemberChecks.Dynamic(rule.Message(""), ("value", "extension.ToString()"))));
                }
            }
        }
    }

    /// <summary>Each known item is one of the variants.</summary>
    public void Allow(AllowRule rule, IndentedWriter writer)
    {
        ListAccess items = target.Items(rule.Items);
        using (writer.Block($"if ({Conditions(rule.When)}{items.Guard})"))
        using (writer.Block($"for (int i = 0; i < {items.Count}; i++)"))
        {
            writer.Line($"var item = {items.Item("i")};");
            writer.Line($"if ({target.IsOtherVariant("item", rule.Variants)}) " + target.ItemSite(rule.Items, "i", "item").Statement(rule.Problem,
                MemberChecks.Dynamic(rule.Message(""), ("value", target.VariantWire("item", rule.Union))), target.ReplaceFix("item", rule)));
        }
    }

    /// <summary>No second known item of the variants (more items never make it fewer).</summary>
    public void AtMostOne(AtMostOneRule rule, IndentedWriter writer)
    {
        ListAccess items = target.Items(rule.Items);
        using (writer.Block($"if ({Conditions(rule.When)}{items.Guard})"))
        {
            writer.Line("int seen = 0;");
            using (writer.Block($"for (int i = 0; i < {items.Count}; i++)"))
            {
                writer.Line($"var item = {items.Item("i")};");
                writer.Line($"if ({target.IsVariant("item", rule.Variants)} && ++seen > 1) " + target.ItemSite(rule.Items, "i", "item").Statement(rule.Problem,
                    MemberChecks.Dynamic(rule.Message(""), ("value", target.VariantWire("item", rule.Union)))));
            }
        }
    }

    /// <summary>Each item's key against those before it (lists are short; nothing allocated).</summary>
    public void Unique(UniqueRule rule, IndentedWriter writer)
    {
        ListAccess items = target.Items(rule.Items);
        string when = rule.When.Count > 0 ? $" || !({target.AllConditionsHold(rule.When, "a")})" : "";
        string whenB = rule.When.Count > 0 ? " && " + target.AllConditionsHold(rule.When, "b") : "";
        using (writer.Block($"if ({items.Guard})"))
        using (writer.Block($"for (int i = 1; i < {items.Count}; i++)"))
        {
            writer.Line($"if ({items.Item("i")} is not {{ }} a || !({target.KeyOf("a", rule.Key, "key")}){when}) continue;");
            using (writer.Block("for (int j = 0; j < i; j++)"))
            using (writer.Block($"if ({items.Item("j")} is {{ }} b && {target.KeyOf("b", rule.Key, "other")} && {target.KeysEqual("key", "other")}{whenB})"))
            {
                writer.Line(target.ItemMemberSite(rule.Items, "i", "a", rule.Key).Statement(rule.Problem,
                    MemberChecks.Dynamic(rule.Message(""), ("value", target.KeyText("key")))));
                writer.Line("break;");
            }
        }
    }

    private string Conditions(EquatableArray<EnumCondition> conditions) =>
        conditions.Count == 0 ? "" : target.AllConditionsHold(conditions, target.CheckedObject) + " && ";

    /// <summary>What a rule's message may name: the offending value.</summary>
    public static readonly string[] Placeholders = ["value"];
}

/// <summary>
/// Each rule kind in JSON Schema, for the OpenAPI document (OpenApi/SchemaBuilder.cs): said in the type's allOf, or, where
/// JSON Schema cannot say it, listed in x-linkmobility-rules with its code, so nothing is lost silently.
/// </summary>
internal sealed class RuleSchemas(ContractModel model, List<object> notExpressed) : IRuleVisitor<RuleSchemas.Target>
{
    /// <summary>The type whose rules are being said, and its schema.</summary>
    internal sealed record Target(TypeModel Type, OpenApi.JsonObject Schema);

    private string Code(TypeRule rule) => model.Problems.FirstOrDefault(p => p.Name == rule.Problem)?.Code ?? rule.Problem;

    private bool IsWarning(TypeRule rule) => model.Problems.FirstOrDefault(p => p.Name == rule.Problem)?.Severity == "warning";

    private void Unsaid(TypeRule rule, Target target, string why) =>
        notExpressed.Add(SchemaBuilder.Entry(Code(rule), rule.Problem, target.Type.Name, $"{why}: {FirstMessage(rule)}"));

    private static string FirstMessage(TypeRule rule) => rule.Messages.Count == 0 ? "" : rule.Messages[0].Template;

    private static JsonObject ItemsOfKind(UnionModel union, IEnumerable<VariantRef> variants) =>
        new JsonObject()
            .Add("properties", new JsonObject().Add(union.Discriminator, new JsonObject().Add("enum", variants.Select(v => (object)v.Wire).ToList())))
            .Add("required", new List<object> { union.Discriminator });

    private UnionModel UnionOf(UnionRef union) => model.Unions.First(u => u.Name == union.Name);

    public void AtLeastOne(AtLeastOneRule rule, Target target) =>
        target.Schema.List("allOf").Add(new JsonObject().Add("anyOf", rule.Members.Select(m => (object)SchemaBuilder.Requires(m.Wire)).ToList()));

    public void NotBoth(NotBothRule rule, Target target)
    {
        if (IsWarning(rule)) Unsaid(rule, target, "a warning, and JSON Schema only accepts or rejects");
        else target.Schema.List("allOf").Add(new JsonObject().Add("not", SchemaBuilder.Requires(rule.First.Wire, rule.Second.Wire)));
    }

    public void Groups(GroupsRule rule, Target target)
    {
        // Exactly one group whole: said. A group given in part beside another whole one passes JSON Schema.
        target.Schema.List("allOf").Add(new JsonObject().Add("oneOf", rule.Groups.Select(g => (object)SchemaBuilder.Requires([.. g.Members.Select(m => m.Wire)])).ToList()));
        Unsaid(rule, target, "partly: a group given in part beside another given whole is accepted by JSON Schema");
    }

    public void Forbid(ForbidRule rule, Target target)
    {
        // image.caption: the image has no caption.
        JsonObject inner = new JsonObject().Add("not", SchemaBuilder.Requires(rule.Path.Last.Wire));
        for (int step = rule.Path.Steps.Count - 2; step >= 0; step--)
        {
            inner = new JsonObject().Add("properties", new JsonObject().Add(rule.Path.Steps[step].Wire, inner));
        }
        target.Schema.List("allOf").Add(inner);
    }

    public void Extension(ExtensionRule rule, Target target) =>
        Unsaid(rule, target, $"the file type of {string.Join(" or ", rule.Paths.Select(p => string.Join(".", p.Steps.Select(s => s.Wire))))}, from a link's path or a file name");

    public void Allow(AllowRule rule, Target target) =>
        target.Schema.List("allOf").Add(SchemaBuilder.Conditional(rule.When, new JsonObject().Add("properties", new JsonObject().Add(rule.Items.Wire,
            new JsonObject().Add("items", ItemsOfKindOrOther(UnionOf(rule.Union), rule.Variants))))));

    /// <summary>Items whose kind is one of these; an item with no kind at all is the union's own fault, not this rule's.</summary>
    private static JsonObject ItemsOfKindOrOther(UnionModel union, IEnumerable<VariantRef> variants) =>
        new JsonObject().Add("properties", new JsonObject().Add(union.Discriminator, new JsonObject().Add("enum", variants.Select(v => (object)v.Wire).ToList())));

    public void AtMostOne(AtMostOneRule rule, Target target) =>
        target.Schema.List("allOf").Add(SchemaBuilder.Conditional(rule.When, new JsonObject().Add("properties", new JsonObject().Add(rule.Items.Wire,
            new JsonObject().Add("contains", ItemsOfKind(UnionOf(rule.Union), rule.Variants)).Add("minContains", 0).Add("maxContains", 1)))));

    public void Unique(UniqueRule rule, Target target) =>
        Unsaid(rule, target, $"no two {rule.ItemType} items share {rule.Key.Wire}: JSON Schema's uniqueItems compares whole items, not one member");
}
