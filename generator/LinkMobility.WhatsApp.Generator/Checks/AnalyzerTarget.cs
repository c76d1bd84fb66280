using System;
using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.Checks;

/// <summary>
/// Checks as the analyzer's: code over a <c>SourceObject o</c> (what an initializer shows at compile time),
/// reporting at the offending expression through <c>report</c>. A value the code does not show is unknown,
/// and every condition written here holds only when the values are known, so unknown values report nothing.
/// </summary>
internal sealed class AnalyzerTarget(string contractNamespace) : CheckTarget
{
    private const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";

    public override string CheckedObject => "o";

    private static string Descriptor(string problem) => "Descriptors." + problem;

    private static string Report(string problem, string location, string message, string? fix) =>
        $"report.At({Descriptor(problem)}, {location}, {message}{(fix is null ? "" : ", " + fix)});";

    public override string IsSet(MemberRef member, string owner) => $"{owner}.IsSet({member.Index}) == true";

    public override string IsUnset(MemberRef member, string owner) => $"{owner}.IsSet({member.Index}) == false";

    public override string AllKnown(IEnumerable<MemberRef> members, string owner) =>
        string.Join(" && ", members.Select(m => $"{owner}.IsSet({m.Index}) is not null"));

    public override string ConditionHolds(EnumCondition condition, string owner) =>
        $"{owner}.EnumMember({condition.Member.Index}) == {CSharpText.Literal(condition.EnumMember)}";

    public override void RequiredNull(IndentedWriter writer, MemberRef member, string problem, string message) =>
        writer.Line($"if (o.IsNull({member.Index})) " + Report(problem, $"o.LocationOf({member.Index})", message, null));

    private static ReportSite MemberSite(MemberRef member) =>
        new((problem, message, fix) => Report(problem, $"o.LocationOf({member.Index})", message, fix));

    public override ReportSite? Value(IndentedWriter writer, MemberRef member, string variable, out IDisposable scope)
    {
        string? read = member.Type.Kind switch
        {
            ShapeKind.String => "String",
            ShapeKind.Int or ShapeKind.Long or ShapeKind.Double => "Number",
            _ => null, // dates and durations are never constants
        };
        if (read is null)
        {
            scope = EmptyScope.Instance;
            return null;
        }
        scope = writer.Block($"if (o.{read}({member.Index}) is {{ }} {variable})");
        return MemberSite(member);
    }

    public override ReportSite? UndefinedEnum(IndentedWriter writer, MemberRef member, string enumName, string variable, out IDisposable scope)
    {
        scope = writer.Block($"if (o.UndefinedEnum({member.Index}) is {{ }} {variable})");
        return MemberSite(member);
    }

    public override void Nested(IndentedWriter writer, MemberRef member) => writer.Line($"Check(o.Object({member.Index}), report);");

    public override string CheckNested(string variable) => $"Check({variable}, report);";

    public override void List(IndentedWriter writer, MemberRef member, Action<string, ReportSite>? count, string? nullMessage, Action<ItemValue>? item)
    {
        using (writer.Block($"if (o.List({member.Index}) is {{ }} list)"))
        {
            if (count is not null)
            {
                // Only a list that shows all its items, and that no code can fill later, has a certain count.
                using (writer.Block("if (list.Complete && !list.Open)"))
                {
                    count("list.Items.Count", new ReportSite((problem, message, fix) => Report(problem, "list.Location", message, fix)));
                }
            }
            if (nullMessage is null && item is null) return;
            using (writer.Block("foreach (SourceValue? known in list.Items)"))
            {
                var site = new ReportSite((problem, message, fix) => Report(problem, "known.Location", message, fix));
                string keyword = "if";
                if (nullMessage is not null)
                {
                    writer.Line("if (known is SourceConstant { Value: null }) " + site.Statement("NullItem", nullMessage));
                    keyword = "else if";
                }
                if (item is null) return;
                TypeRef element = member.Type.Element!;
                string pattern = element.Kind switch
                {
                    ShapeKind.String => "known is SourceConstant { Value: string item }",
                    ShapeKind.Object or ShapeKind.Union => "known is SourceObject item",
                    _ => "SourceValue.NumberOf(known) is { } item",
                };
                using (writer.Block($"{keyword} ({pattern})"))
                {
                    item(new ItemValue("item", element, site, writer));
                }
            }
        }
    }

    public override ListAccess Items(MemberRef list) => new($"o.List({list.Index}) is {{ }} items", "items.Items.Count", index => $"(items.Items[{index}] as SourceObject)");

    private static string Names(EquatableArray<VariantRef> variants) => string.Join(" or ", variants.Select(v => CSharpText.Literal(v.Type)));

    public override string IsVariant(string item, EquatableArray<VariantRef> variants) => $"{item} is {{ Type.Name: {Names(variants)} }}";

    public override string IsOtherVariant(string item, EquatableArray<VariantRef> variants) => $"{item} is {{ Type.Name: not ({Names(variants)}) }}";

    public override string VariantWire(string item, UnionRef union) => $"({item}!.Type.Wire ?? {item}!.Type.Name)";

    public override ReportSite ItemSite(MemberRef list, string index, string item) =>
        new((problem, message, fix) => Report(problem, $"{item}!.Location", message, fix));

    public override ReportSite ItemMemberSite(MemberRef list, string index, string item, MemberRef member) =>
        new((problem, message, fix) => Report(problem, $"{item}.LocationOf({member.Index})", message, fix));

    public override string KeyOf(string item, MemberRef key, string variable) => $"{item}.Key({key.Index}) is {{ }} {variable}";

    public override string KeysEqual(string a, string b) => $"Equals({a}, {b})";

    public override string KeyText(string variable) => $"(global::System.Convert.ToString({variable}, {Invariant}) ?? \"\")";

    /// <summary>Binds the objects along a path (p0, p1, ...) and returns the last one's variable and the condition.</summary>
    private static (string Owner, string Condition) Along(MemberPath path)
    {
        var conditions = new List<string>();
        string owner = "o";
        for (int i = 0; i < path.Steps.Count - 1; i++)
        {
            conditions.Add($"{owner}.Object({path.Steps[i].Index}) is {{ }} p{i}");
            owner = "p" + i;
        }
        return (owner, string.Join(" && ", conditions));
    }

    public override ReportSite? PathString(IndentedWriter writer, MemberPath path, string variable, out IDisposable scope)
    {
        var (owner, along) = Along(path);
        string read = $"{owner}.String({path.Last.Index}) is {{ }} {variable}";
        scope = writer.Block($"if ({(along.Length > 0 ? along + " && " : "")}{read})");
        return new ReportSite((problem, message, fix) => Report(problem, $"{owner}.LocationOf({path.Last.Index})", message, fix));
    }

    public override ReportSite? PathSet(IndentedWriter writer, MemberPath path, out IDisposable scope)
    {
        var (owner, along) = Along(path);
        string set = $"{owner}.IsSet({path.Last.Index}) == true";
        scope = writer.Block($"if ({(along.Length > 0 ? along + " && " : "")}{set})");
        return new ReportSite((problem, message, fix) => Report(problem, $"{owner}.LocationOf({path.Last.Index})", message, fix));
    }

    public override ReportSite CheckedObjectSite { get; } = new((problem, message, fix) => Report(problem, "o.Location", message, fix));

    public override string ReportMissing(string problem, string message, string? fix) => Report(problem, "o.Location", message, fix);

    /// <summary>
    /// A missing enum member (a button's subType) whose value the items decide: the first value whose
    /// allow rule takes every item the code shows (payload: quickReply).
    /// </summary>
    public override string? MissingMemberFix(MemberRef member, string enumName, IReadOnlyList<AllowRule> rules)
    {
        var candidates = new List<string>();
        foreach (AllowRule rule in rules)
        {
            EnumCondition? on = rule.When.FirstOrDefault(c => c.Member.Index == member.Index);
            if (on is null) continue;
            string others = AllConditionsHold(rule.When.Where(c => c != on), "o");
            string fits = $"Fixes.AllAre(o.List({rule.Items.Index}), {string.Join(", ", rule.Variants.Select(v => CSharpText.Literal(v.Type)))})";
            string value = CSharpText.Literal($"global::{contractNamespace}.{enumName}.{on.EnumMember}");
            candidates.Add($"{(others.Length > 0 ? others + " && " : "")}{fits} ? Fixes.Add({CSharpText.Literal(member.Property)}, {value})");
        }
        return candidates.Count == 0 ? null : "(" + string.Join(" : ", candidates) + " : null)";
    }

    /// <summary>An item of the one kind its list does not take, swapped for the one it does (text for payload).</summary>
    public override string? ReplaceFix(string item, AllowRule rule) =>
        rule.Variants.Count == 1 ? $"Fixes.Swap({item}!, {CSharpText.Literal(rule.Variants[0].Type)})" : null;

    public override string? ReplacementFix(string suggestion) => $"Fixes.Use({suggestion})";

    public override string IsSupportedLanguage(string value) => $"Languages.IsSupported({value})";

    public override string SuggestLanguage(string value) => $"Languages.Suggest({value})";
}
