using System;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.Checks;

/// <summary>
/// The check of each rule kind, written once and emitted into a target: the runtime validator or the
/// analyzer's check. A new rule kind is its vocabulary entry (Parser.Rules.cs), its record and visitor method
/// (Model/RuleSpecs.cs) and its method here; the compiler refuses a rule kind without one.
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
