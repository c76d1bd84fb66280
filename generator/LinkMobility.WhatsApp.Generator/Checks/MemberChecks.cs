using System;
using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.Checks;

/// <summary>
/// The checks of a member's own rules (required, when, closed sets, min/max, format, extensions, minItems,
/// null items, nested objects), emitted into a target. Messages come from the problems table.
/// </summary>
internal sealed class MemberChecks(CheckContext context, CheckTarget target)
{
    private const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";
    private const string FormatsClass = "global::LinkMobility.WhatsApp.Validation.Formats";

    /// <summary>
    /// The message forms each member check asks of its problem, with the placeholders it fills. The parser
    /// holds the problems table to these, so a missing form or a misspelt placeholder is a schema error.
    /// </summary>
    public static readonly (string Problem, string Form, string[] Placeholders)[] Forms =
    [
        ("MissingMember", "required", ["member", "owner"]),
        ("MissingMember", "when", ["member", "owner", "condition"]),
        ("EmptyList", "", ["member", "owner", "count", "minItems"]),
        ("NullItem", "", ["member", "owner"]),
        ("UndefinedValue", "", ["member", "owner", "value", "enum", "values"]),
        ("OutOfRange", "range", ["member", "owner", "value", "min", "max"]),
        ("OutOfRange", "min", ["member", "owner", "value", "min"]),
        ("OutOfRange", "max", ["member", "owner", "value", "max"]),
        ("NotHttpLink", "", ["member", "owner", "value", "reason"]),
        ("UnsupportedMediaFormat", "", ["member", "owner", "value", "allowed"]),
        ("NotMsisdn", "", ["member", "owner", "value", "reason"]),
        ("UnsupportedLanguage", "suggestion", ["member", "owner", "value", "suggestion"]),
        ("UnsupportedLanguage", "none", ["member", "owner", "value"]),
    ];

    public void Emit(IndentedWriter writer, TypeModel type, MemberModel member)
    {
        MemberRef reference = MemberRef.Of(type, member);
        string owner = CheckContext.Describe(type.Name);
        var words = new Dictionary<string, string> { ["member"] = member.WireName, ["owner"] = owner };

        if (member.Required == Requirement.Yes)
        {
            target.RequiredNull(writer, reference, "MissingMember", CSharpText.Literal(context.Message("MissingMember", "required", words)));
        }
        else if (member.Rules.When.Count > 0)
        {
            words["condition"] = string.Join(" and ", member.Rules.When.Select(c => $"{c.Member.Wire} is {c.Wire}"));
            string? fix = member.Type.Kind == ShapeKind.Enum ? target.MissingMemberFix(reference, member.Type.Name!, type.Rules.OfType<AllowRule>().ToList()) : null;
            writer.Line($"if ({target.AllConditionsHold(member.Rules.When, target.CheckedObject)} && {target.IsUnset(reference, target.CheckedObject)}) " +
                target.ReportMissing("MissingMember", CSharpText.Literal(context.Message("MissingMember", "when", words)), fix));
        }

        switch (member.Type.Kind)
        {
            case ShapeKind.Enum:
                EnumModel enumModel = context.Enums[member.Type.Name!];
                words["enum"] = CheckContext.Describe(enumModel.Name);
                words["values"] = string.Join(", ", enumModel.Values.Select(v => v.Wire));
                if (target.UndefinedEnum(writer, reference, enumModel.Name, "number", out IDisposable enumScope) is { } enumSite)
                {
                    using (enumScope)
                    {
                        writer.Line(enumSite.Statement("UndefinedValue", Dynamic(context.Message("UndefinedValue", "", words), ("value", $"number.ToString({Invariant})"))));
                    }
                }
                break;
            case ShapeKind.Object or ShapeKind.Union:
                target.Nested(writer, reference);
                break;
            case ShapeKind.List:
                EmitList(writer, type, member, reference, words);
                break;
            default:
                if (!HasValueChecks(member.Type, member.Rules)) break;
                if (target.Value(writer, reference, "value", out IDisposable scope) is { } site)
                {
                    using (scope)
                    {
                        EmitValueChecks(writer, type, member, member.Type, "value", site, words);
                    }
                }
                break;
        }
    }

    private void EmitList(IndentedWriter writer, TypeModel type, MemberModel member, MemberRef reference, Dictionary<string, string> words)
    {
        TypeRef element = member.Type.Element!;
        Action<string, ReportSite>? count = member.Rules.MinItems is { } minItems
            ? (countExpression, site) =>
            {
                var counted = new Dictionary<string, string>(words) { ["minItems"] = CSharpText.Number(minItems) };
                writer.Line($"if ({countExpression} < {CSharpText.Number(minItems)}) " +
                    site.Statement("EmptyList", Dynamic(context.Message("EmptyList", "", counted), ("count", $"{countExpression}.ToString({Invariant})"))));
            }
            : null;
        string? nullMessage = element.IsValueType ? null : CSharpText.Literal(context.Message("NullItem", "", words));
        Action<ItemValue>? item = element.Kind is ShapeKind.Object or ShapeKind.Union || HasValueChecks(element, member.Rules)
            ? value => EmitValueChecks(value.Writer, type, member, element, value.Variable, value.Site, words)
            : null;
        if (count is null && nullMessage is null && item is null) return;
        target.List(writer, reference, count, nullMessage, item);
    }

    private static bool HasValueChecks(TypeRef shape, MemberRules rules) => shape.Kind switch
    {
        ShapeKind.Int or ShapeKind.Long or ShapeKind.Double or ShapeKind.Duration => rules.Min is not null || rules.Max is not null,
        ShapeKind.String => rules.Format != MemberFormat.None || rules.Extensions.Count > 0,
        _ => false,
    };

    /// <summary>The checks of one known value (a member's, or a list item's): range, format, extension, nested object.</summary>
    private void EmitValueChecks(IndentedWriter writer, TypeModel type, MemberModel member, TypeRef shape, string value, ReportSite site, Dictionary<string, string> words)
    {
        MemberRules rules = member.Rules;
        switch (shape.Kind)
        {
            case ShapeKind.Int or ShapeKind.Long or ShapeKind.Double when rules.Min is not null || rules.Max is not null:
                EmitRange(writer, value, value, $"{value}.ToString({Invariant})", "", site, rules, words);
                break;
            case ShapeKind.Duration when rules.Min is not null || rules.Max is not null:
                EmitRange(writer, value, $"{value}.TotalMilliseconds", $"{value}.TotalMilliseconds.ToString({Invariant}) + \" ms\"", " ms", site, rules, words);
                break;
            case ShapeKind.String:
                EmitStringChecks(writer, type, value, site, rules, words);
                break;
            case ShapeKind.Object or ShapeKind.Union:
                writer.Line(target.CheckNested(value));
                break;
        }
    }

    private void EmitRange(IndentedWriter writer, string value, string number, string text, string unit, ReportSite site, MemberRules rules, Dictionary<string, string> words)
    {
        var bounded = new Dictionary<string, string>(words);
        if (rules.Min is { } min) bounded["min"] = CSharpText.Number(min) + unit;
        if (rules.Max is { } max) bounded["max"] = CSharpText.Number(max) + unit;
        string form = rules.Min is not null && rules.Max is not null ? "range" : rules.Min is not null ? "min" : "max";
        string test = string.Join(" || ", new[]
        {
            rules.Min is { } low ? $"{number} < {CSharpText.Number(low)}" : null,
            rules.Max is { } high ? $"{number} > {CSharpText.Number(high)}" : null,
        }.Where(t => t is not null));
        writer.Line($"if ({test}) {site.Statement("OutOfRange", Dynamic(context.Message("OutOfRange", form, bounded), ("value", text)))}");
    }

    private void EmitStringChecks(IndentedWriter writer, TypeModel type, string value, ReportSite site, MemberRules rules, Dictionary<string, string> words)
    {
        switch (rules.Format)
        {
            case MemberFormat.Msisdn or MemberFormat.Phone:
                string formatted = rules.Format == MemberFormat.Phone ? "true" : "false";
                writer.Line($"if (!{FormatsClass}.IsMsisdn({value}, formatted: {formatted}, out string msisdnReason)) " +
                    site.Statement("NotMsisdn", Dynamic(context.Message("NotMsisdn", "", words), ("value", value), ("reason", "msisdnReason"))));
                break;
            case MemberFormat.HttpUrl:
                writer.Line($"if (!{FormatsClass}.IsHttpUrl({value}, out string linkReason)) " +
                    site.Statement("NotHttpLink", Dynamic(context.Message("NotHttpLink", "", words), ("value", value), ("reason", "linkReason"))));
                break;
            case MemberFormat.LanguageCode:
                using (writer.Block($"if (!{target.IsSupportedLanguage(value)})"))
                {
                    writer.Line($"string? suggestion = {target.SuggestLanguage(value)};");
                    writer.Line("if (suggestion is not null) " + site.Statement("UnsupportedLanguage",
                        Dynamic(context.Message("UnsupportedLanguage", "suggestion", words), ("value", value), ("suggestion", "suggestion")), target.ReplacementFix("suggestion")));
                    writer.Line("else " + site.Statement("UnsupportedLanguage", Dynamic(context.Message("UnsupportedLanguage", "none", words), ("value", value))));
                }
                break;
        }
        if (rules.Extensions.Count > 0)
        {
            var listed = new Dictionary<string, string>(words)
            {
                ["owner"] = CheckContext.Describe(type.Name),
                ["allowed"] = string.Join(", ", rules.Extensions.Select(e => "." + e)),
            };
            string isLink = rules.Format == MemberFormat.HttpUrl ? "true" : "false";
            writer.Line($"if ({FormatsClass}.TryGetExtension({value}, isLink: {isLink}, out global::System.ReadOnlySpan<char> extension) && !({Listed("extension", rules.Extensions)})) " +
                site.Statement("UnsupportedMediaFormat", Dynamic(context.Message("UnsupportedMediaFormat", "", listed), ("value", "extension.ToString()"))));
        }
    }

    /// <summary>Whether a span (an extension) is one of these, ignoring case.</summary>
    public static string Listed(string span, IEnumerable<string> allowed) =>
        string.Join(" || ", allowed.Select(e => $"global::System.MemoryExtensions.Equals({span}, {CSharpText.Literal(e)}, global::System.StringComparison.OrdinalIgnoreCase)"));

    /// <summary>A message with its remaining placeholders filled at run time, from expressions.</summary>
    public static string Dynamic(string template, params (string Name, string Expression)[] values)
    {
        var used = values.Where(v => ProblemTextPlaceholders(template).Contains(v.Name)).ToList();
        return used.Count switch
        {
            0 => CSharpText.Literal(template),
            1 => $"{CheckContext.ProblemText}.Format({CSharpText.Literal(template)}, {CSharpText.Literal(used[0].Name)}, {used[0].Expression})",
            2 => $"{CheckContext.ProblemText}.Format({CSharpText.Literal(template)}, {string.Join(", ", used.Select(v => $"{CSharpText.Literal(v.Name)}, {v.Expression}"))})",
            _ => throw new InvalidOperationException("a message fills at most two placeholders at run time: " + template),
        };
    }

    private static HashSet<string> ProblemTextPlaceholders(string template) => new(LinkMobility.WhatsApp.Validation.ProblemText.Placeholders(template), StringComparer.Ordinal);
}
