using System;
using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.Checks;

/// <summary>
/// Checks as the runtime validator: code in a contract type's <c>Validate(ref ValidationContext context)</c>,
/// over its own members, reporting at JSON paths. Every value is known; nothing is allocated unless a
/// problem is found.
/// </summary>
internal sealed class ValidatorTarget : CheckTarget
{
    private const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";

    public override string CheckedObject => "";

    /// <summary>The expression that is null when a member is missing: the backing field of a required value, else the property.</summary>
    private static string Source(MemberRef member, string owner = "") =>
        (owner.Length > 0 ? owner + "." : "") + (member.HasBackingField ? CSharpText.BackingField(member.Property) : member.Property);

    private static string Problem(string name) => "Problems." + name;

    public override string IsSet(MemberRef member, string owner) => $"{Source(member, owner)} is not null";

    public override string IsUnset(MemberRef member, string owner) => $"{Source(member, owner)} is null";

    public override string AllKnown(IEnumerable<MemberRef> members, string owner) => "";

    public override string ConditionHolds(EnumCondition condition, string owner) => $"{Source(condition.Member, owner)} == {condition.EnumType}.{condition.EnumMember}";

    public override void RequiredNull(IndentedWriter writer, MemberRef member, string problem, string message) =>
        writer.Line($"if ({Source(member)} is null) context.Report({Problem(problem)}, {message});");

    private static ReportSite MemberSite(MemberRef member) =>
        new((problem, message, _) => $"context.ReportAt({CSharpText.Literal(member.Wire)}, {Problem(problem)}, {message});");

    public override ReportSite? Value(IndentedWriter writer, MemberRef member, string variable, out IDisposable scope)
    {
        scope = writer.Block($"if ({Source(member)} is {{ }} {variable})");
        return MemberSite(member);
    }

    public override ReportSite? UndefinedEnum(IndentedWriter writer, MemberRef member, string enumName, string variable, out IDisposable scope)
    {
        scope = writer.Block($"if ({Source(member)} is {{ }} defined && !{enumName}Wire.IsDefined(defined))");
        writer.Line($"long {variable} = (long)defined;");
        return MemberSite(member);
    }

    public override void Nested(IndentedWriter writer, MemberRef member)
    {
        using (writer.Block($"if ({Source(member)} is {{ }} value)"))
        {
            writer.Line($"context.Enter({CSharpText.Literal(member.Wire)});");
            writer.Line("value.Validate(ref context);");
            writer.Line("context.Leave();");
        }
    }

    public override string CheckNested(string variable) => $"{variable}.Validate(ref context);";

    public override void List(IndentedWriter writer, MemberRef member, Action<string, ReportSite>? count, string? nullMessage, Action<ItemValue>? item)
    {
        using (writer.Block($"if ({Source(member)} is {{ }} value)"))
        {
            count?.Invoke("value.Count", MemberSite(member));
            if (nullMessage is null && item is null) return;
            writer.Line($"context.Enter({CSharpText.Literal(member.Wire)});");
            using (writer.Block("for (int i = 0; i < value.Count; i++)"))
            {
                writer.Line("var item = value[i];");
                writer.Line("context.Enter(i);");
                // At an item the context already stands on it.
                var site = new ReportSite((problem, message, _) => $"context.Report({Problem(problem)}, {message});");
                if (nullMessage is not null)
                {
                    writer.Line("if (item is null) " + site.Statement("NullItem", nullMessage));
                    if (item is not null)
                    {
                        using (writer.Block("else"))
                        {
                            item(new ItemValue("item", member.Type.Element!, site, writer));
                        }
                    }
                }
                else
                {
                    item!(new ItemValue("item", member.Type.Element!, site, writer));
                }
                writer.Line("context.Leave();");
            }
            writer.Line("context.Leave();");
        }
    }

    public override ListAccess Items(MemberRef list) => new($"{Source(list)} is {{ }} items", "items.Count", index => $"items[{index}]");

    public override string IsVariant(string item, EquatableArray<VariantRef> variants) => $"{item} is {string.Join(" or ", variants.Select(v => v.Type))}";

    public override string IsOtherVariant(string item, EquatableArray<VariantRef> variants) =>
        $"{item} is not null and not ({string.Join(" or ", variants.Select(v => v.Type))})";

    public override string VariantWire(string item, UnionRef union) => $"{union.EnumName}Wire.Describe({item}.{union.DiscriminatorProperty})";

    public override ReportSite ItemSite(MemberRef list, string index, string item) =>
        new((problem, message, _) => $"context.ReportAt({CSharpText.Literal(list.Wire)}, {index}, {Problem(problem)}, {message});");

    public override ReportSite ItemMemberSite(MemberRef list, string index, string item, MemberRef member) =>
        new((problem, message, _) => $"{{ context.Enter({CSharpText.Literal(list.Wire)}); context.Enter({index}); context.ReportAt({CSharpText.Literal(member.Wire)}, {Problem(problem)}, {message}); context.Leave(); context.Leave(); }}");

    public override string KeyOf(string item, MemberRef key, string variable) => $"{Source(key, item)} is {{ }} {variable}";

    public override string KeysEqual(string a, string b) => $"{a} == {b}";

    public override string KeyText(string variable) => $"{variable}.ToString({Invariant})";

    /// <summary>Where a report about the member at the end of a path points: inside the objects along it.</summary>
    private static ReportSite PathSite(MemberPath path) => new((problem, message, _) =>
    {
        var steps = path.Steps.Take(path.Steps.Count - 1).ToList();
        return "{ " + string.Concat(steps.Select(s => $"context.Enter({CSharpText.Literal(s.Wire)}); "))
            + $"context.ReportAt({CSharpText.Literal(path.Last.Wire)}, {Problem(problem)}, {message}); "
            + string.Concat(steps.Select(_ => "context.Leave(); ")) + "}";
    });

    private static string PathExpression(MemberPath path) =>
        string.Join("?.", path.Steps.Select((s, i) => i == 0 ? Source(s) : s.Property));

    public override ReportSite? PathString(IndentedWriter writer, MemberPath path, string variable, out IDisposable scope)
    {
        scope = writer.Block($"if ({PathExpression(path)} is {{ }} {variable})");
        return PathSite(path);
    }

    public override ReportSite? PathSet(IndentedWriter writer, MemberPath path, out IDisposable scope)
    {
        scope = writer.Block($"if ({PathExpression(path)} is not null)");
        return PathSite(path);
    }

    public override ReportSite CheckedObjectSite { get; } = new((problem, message, _) => $"context.Report({Problem(problem)}, {message});");

    public override string ReportMissing(string problem, string message, string? fix) => $"context.Report({Problem(problem)}, {message});";

    public override string IsSupportedLanguage(string value) => $"TemplateLanguages.IsSupported({value})";

    public override string SuggestLanguage(string value) => $"TemplateLanguages.Suggest({value})";
}
