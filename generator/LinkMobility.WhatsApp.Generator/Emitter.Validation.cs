using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator;

// Validators from the schema's rules: one pass over the object graph, every problem reported with its
// JSON path, nothing allocated unless a problem is found (paths and messages are made only then).
internal static partial class Emitter
{
    private const string ValidationContextRef = "ref global::LinkMobility.WhatsApp.Validation.ValidationContext context";
    private const string FormatsClass = "global::LinkMobility.WhatsApp.Validation.Formats";
    private const string Result = "global::LinkMobility.WhatsApp.ValidationResult";

    private static void EmitValidation(IndentedWriter writer, EmitContext context)
    {
        foreach (UnionModel union in context.Model.Unions)
        {
            using (writer.Block($"partial class {union.Name}"))
            {
                EmitValidateEntry(writer, union.Name, isVariant: false);
                Doc(writer, "Checks this value's rules, adding problems to the context.");
                writer.Line(GeneratedCode);
                writer.Line($"internal abstract void Validate({ValidationContextRef});");
            }
            writer.Line();
        }

        foreach (TypeModel type in context.Model.Types)
        {
            bool isVariant = type.Union is not null;
            using (writer.Block($"partial class {type.Name}"))
            {
                if (!isVariant) EmitValidateEntry(writer, type.Name, isVariant);
                else EmitValidateJson(writer, type.Name, isVariant);
                Doc(writer, "Checks this value's rules, adding problems to the context.");
                writer.Line(GeneratedCode);
                using (writer.Block($"internal {(isVariant ? "override " : "")}void Validate({ValidationContextRef})"))
                {
                    // Each member and rule in a block of its own: pattern variables stay local to it.
                    foreach (MemberModel member in type.Members)
                    {
                        var checks = new IndentedWriter();
                        EmitMemberChecks(checks, context, type, member);
                        EmitScoped(writer, checks);
                    }
                    foreach (RuleModel rule in type.Rules)
                    {
                        var checks = new IndentedWriter();
                        EmitRule(checks, context, type, rule);
                        EmitScoped(writer, checks);
                    }
                }
            }
            writer.Line();
        }
    }

    private static void EmitScoped(IndentedWriter writer, IndentedWriter body)
    {
        string text = body.ToString().TrimEnd('\n');
        if (text.Length == 0) return;
        using (writer.Block(""))
        {
            writer.Lines(text);
        }
    }

    private static void EmitValidateEntry(IndentedWriter writer, string typeName, bool isVariant)
    {
        Doc(writer, "Checks every rule of the document for this value and what it holds; reports every problem, never throws for bad data.",
            "Valid input allocates nothing.");
        writer.Line(GeneratedCode);
        using (writer.Block($"public {Result} Validate()"))
        {
            writer.Line("var context = new global::LinkMobility.WhatsApp.Validation.ValidationContext();");
            writer.Line("Validate(ref context);");
            writer.Line("return context.ToResult();");
        }
        writer.Line();
        EmitValidateJson(writer, typeName, isVariant);
    }

    private static void EmitValidateJson(IndentedWriter writer, string typeName, bool isVariant)
    {
        Doc(writer, $"Reads a JSON document as {EmitContext.Describe(typeName)} and validates it; a document that cannot be read gives its JSON problem in the same form.");
        writer.Line(GeneratedCode);
        using (writer.Block($"public static {(isVariant ? "new " : "")}{Result} ValidateJson(global::System.ReadOnlySpan<byte> utf8Json)"))
        {
            writer.Line($"{typeName} value;");
            using (writer.Block("try"))
            {
                writer.Line("value = Parse(utf8Json);");
            }
            using (writer.Block("catch (global::LinkMobility.WhatsApp.WhatsAppJsonException ex)"))
            {
                writer.Line($"return {Result}.FromJsonFault(ex, Problems.ForJsonFault(ex.Kind));");
            }
            writer.Line("return value.Validate();");
        }
        writer.Line();
    }

    private static void EmitMemberChecks(IndentedWriter writer, EmitContext context, TypeModel type, MemberModel member)
    {
        string wire = Literal(member.WireName);
        bool backed = member.Required == Requirement.Yes && member.Type.IsValueType;
        string source = backed ? BackingField(member) : member.PropertyName;

        if (member.Required == Requirement.Yes)
        {
            writer.Line($"if ({source} is null) context.Report(Problems.MissingMember, {Literal($"'{member.WireName}' is missing; {EmitContext.Describe(type.Name)} requires it")});");
        }
        else if (member.Rules.When.Count > 0)
        {
            string when = string.Join(" and ", member.Rules.When.Select(c => $"{c.PropertyWire} is {c.Wire}"));
            writer.Line($"if ({Conditions(context, type, member.Rules.When, "")} && {source} is null) context.Report(Problems.MissingMember, {Literal($"'{member.WireName}' is missing; it is required when {when}")});");
        }

        var checks = new IndentedWriter();
        EmitValueChecks(checks, context, type, member, member.Type, "value", atItem: false);
        string body = checks.ToString();
        if (body.Length == 0) return;
        using (writer.Block($"if ({source} is {{ }} value)"))
        {
            writer.Lines(body.TrimEnd('\n'));
        }
    }

    /// <summary>The checks of one value: closed sets, ranges, formats, extensions, list items, nested objects.</summary>
    private static void EmitValueChecks(IndentedWriter writer, EmitContext context, TypeModel type, MemberModel member, TypeRef valueType, string value, bool atItem)
    {
        // At a list item the context already stands on the item; at a member, reports go to the member.
        string at = atItem ? "context.Report(" : $"context.ReportAt({Literal(member.WireName)}, ";
        MemberRules rules = member.Rules;
        switch (valueType.Kind)
        {
            case ShapeKind.Enum:
                EnumModel enumModel = context.Enums[valueType.Name!];
                writer.Line($"if (!{enumModel.Name}Wire.IsDefined({value})) {at}Problems.UndefinedValue, ((int){value}).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " +
                    Literal($" is not {EmitContext.Describe(enumModel.Name)}; expected one of {string.Join(", ", enumModel.Values.Select(v => v.Wire))}") + ");");
                break;
            case ShapeKind.Int or ShapeKind.Long or ShapeKind.Double when rules.Min is not null || rules.Max is not null:
                string range = rules.Min is { } low && rules.Max is { } high ? $"from {Number(low)} to {Number(high)}" : rules.Min is { } min ? $"at least {Number(min)}" : $"at most {Number(rules.Max!.Value)}";
                string test = string.Join(" || ", new[] { rules.Min is { } lo ? $"{value} < {Number(lo)}" : null, rules.Max is { } hi ? $"{value} > {Number(hi)}" : null }.Where(t => t is not null));
                writer.Line($"if ({test}) {at}Problems.OutOfRange, {value}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + {Literal($" is out of range; {member.WireName} is {range}")});");
                break;
            case ShapeKind.Duration when rules.Min is { } minMs:
                writer.Line($"if ({value}.TotalMilliseconds < {Number(minMs)}) {at}Problems.OutOfRange, {Literal($"{member.WireName} must be at least {Number(minMs)} ms")});");
                break;
            case ShapeKind.String:
                EmitStringChecks(writer, type, member, value, at);
                break;
            case ShapeKind.Object or ShapeKind.Union when !atItem:
                writer.Line($"context.Enter({Literal(member.WireName)});");
                writer.Line($"{value}.Validate(ref context);");
                writer.Line("context.Leave();");
                break;
            case ShapeKind.Object or ShapeKind.Union:
                writer.Line($"{value}.Validate(ref context);");
                break;
            case ShapeKind.List:
                EmitListChecks(writer, context, type, member, value);
                break;
        }
    }

    private static void EmitStringChecks(IndentedWriter writer, TypeModel type, MemberModel member, string value, string at)
    {
        MemberRules rules = member.Rules;
        switch (rules.Format)
        {
            case MemberFormat.Msisdn or MemberFormat.Phone:
                string formatted = rules.Format == MemberFormat.Phone ? "true" : "false";
                writer.Line($"if (!{FormatsClass}.IsMsisdn({value}, formatted: {formatted}, out string msisdnReason)) {at}Problems.NotMsisdn, \"'\" + {value} + \"' is not a plausible phone number: \" + msisdnReason);");
                break;
            case MemberFormat.HttpUrl:
                writer.Line($"if (!{FormatsClass}.IsHttpUrl({value}, out string linkReason)) {at}Problems.NotHttpLink, \"'\" + {value} + \"' is not a usable link: \" + linkReason);");
                break;
            case MemberFormat.LanguageCode:
                writer.Line($"if (!TemplateLanguages.IsSupported({value})) {at}Problems.UnsupportedLanguage, \"'\" + {value} + \"' is not a supported template language\" + (TemplateLanguages.Suggest({value}) is {{ }} suggestion ? \"; did you mean \" + suggestion + \"?\" : \"; see TemplateLanguages or 'linkwa languages'\"));");
                break;
        }
        if (rules.Extensions.Count > 0)
        {
            string allowed = string.Join(" || ", rules.Extensions.Select(e => $"global::System.MemoryExtensions.Equals(extension, {Literal(e)}, global::System.StringComparison.OrdinalIgnoreCase)"));
            string list = string.Join(", ", rules.Extensions.Select(e => "." + e));
            string isLink = rules.Format == MemberFormat.HttpUrl ? "true" : "false";
            writer.Line($"if ({FormatsClass}.TryGetExtension({value}, isLink: {isLink}, out global::System.ReadOnlySpan<char> extension) && !({allowed})) " +
                $"{at}Problems.UnsupportedMediaFormat, \"'.\" + extension.ToString() + {Literal($"' is not a supported format for {EmitContext.Describe(type.Name)} ({list}); LINK may reject it")});");
        }
    }

    private static void EmitListChecks(IndentedWriter writer, EmitContext context, TypeModel type, MemberModel member, string value)
    {
        string wire = Literal(member.WireName);
        if (member.Rules.MinItems is { } minItems)
        {
            string needs = minItems == 1 ? "at least one item" : $"at least {Number(minItems)} items";
            writer.Line($"if ({value}.Count < {Number(minItems)}) context.ReportAt({wire}, Problems.EmptyList, {Literal($"'{member.WireName}' needs {needs}")});");
        }
        TypeRef element = member.Type.Element!;
        var itemChecks = new IndentedWriter();
        EmitValueChecks(itemChecks, context, type, member, element, "item", atItem: true);
        string body = itemChecks.ToString();
        bool nullable = !element.IsValueType;
        if (body.Length == 0 && !nullable) return;

        writer.Line($"context.Enter({wire});");
        using (writer.Block($"for (int i = 0; i < {value}.Count; i++)"))
        {
            writer.Line($"var item = {value}[i];");
            writer.Line("context.Enter(i);");
            if (nullable)
            {
                writer.Line($"if (item is null) context.Report(Problems.NullItem, {Literal($"an item of '{member.WireName}' is null")});");
                if (body.Length > 0)
                {
                    using (writer.Block("else"))
                    {
                        writer.Lines(body.TrimEnd('\n'));
                    }
                }
            }
            else
            {
                writer.Lines(body.TrimEnd('\n'));
            }
            writer.Line("context.Leave();");
        }
        writer.Line("context.Leave();");
    }

    private static void EmitRule(IndentedWriter writer, EmitContext context, TypeModel type, RuleModel rule)
    {
        string problem = "Problems." + rule.Problem;
        switch (rule.Kind)
        {
            case RuleKind.AtLeastOne:
                writer.Line($"if ({string.Join(" && ", rule.Members.Select(m => $"{Source(context, type, m)} is null"))}) context.Report({problem}, {Literal(rule.Message)});");
                break;

            case RuleKind.NotBoth:
                writer.Line($"if ({string.Join(" && ", rule.Members.Select(m => $"{Source(context, type, m)} is not null"))}) context.Report({problem}, {Literal(rule.Message)});");
                break;

            case RuleKind.Groups:
                EmitGroupsRule(writer, context, type, rule, problem);
                break;

            case RuleKind.Forbid:
                string[] steps = rule.Members[0].Split('.');
                string[] wires = WirePath(context, type, steps);
                using (writer.Block($"if ({string.Join("?.", steps)} is not null)"))
                {
                    for (int i = 0; i < steps.Length - 1; i++) writer.Line($"context.Enter({Literal(wires[i])});");
                    writer.Line($"context.ReportAt({Literal(wires[wires.Length - 1])}, {problem}, {Literal(rule.Message)});");
                    for (int i = 0; i < steps.Length - 1; i++) writer.Line("context.Leave();");
                }
                break;

            case RuleKind.Extension:
                string allowed = string.Join(" || ", rule.Values.Select(e => $"global::System.MemoryExtensions.Equals(extension, {Literal(e)}, global::System.StringComparison.OrdinalIgnoreCase)"));
                foreach (string path in rule.Members)
                {
                    string[] parts = path.Split('.');
                    string[] wireParts = WirePath(context, type, parts);
                    string isLink = MemberAt(context, type, parts)?.Rules.Format == MemberFormat.HttpUrl ? "true" : "false";
                    using (writer.Block(""))
                    using (writer.Block($"if ({string.Join("?.", parts)} is {{ }} named && {FormatsClass}.TryGetExtension(named, isLink: {isLink}, out global::System.ReadOnlySpan<char> extension) && !({allowed}))"))
                    {
                        for (int i = 0; i < parts.Length - 1; i++) writer.Line($"context.Enter({Literal(wireParts[i])});");
                        writer.Line($"context.ReportAt({Literal(wireParts[wireParts.Length - 1])}, {problem}, {Message(rule.Message, "extension.ToString()")});");
                        for (int i = 0; i < parts.Length - 1; i++) writer.Line("context.Leave();");
                    }
                }
                break;

            case RuleKind.Allow or RuleKind.AtMostOne:
                EmitItemKindsRule(writer, context, type, rule, problem);
                break;

            case RuleKind.Unique:
                EmitUniqueRule(writer, context, type, rule, problem);
                break;
        }
    }

    private static void EmitGroupsRule(IndentedWriter writer, EmitContext context, TypeModel type, RuleModel rule, string problem)
    {
        var groups = rule.Groups.Select(g => g.Split(',')).ToList();
        {
            for (int g = 0; g < groups.Count; g++)
            {
                writer.Line($"int set{g} = {string.Join(" + ", groups[g].Select(m => $"({Source(context, type, m)} is null ? 0 : 1)"))};");
            }
            writer.Line($"int touched = {string.Join(" + ", groups.Select((_, g) => $"(set{g} > 0 ? 1 : 0)"))};");
            writer.Line($"bool whole = {string.Join(" && ", groups.Select((members, g) => $"(set{g} == 0 || set{g} == {members.Length})"))};");
            using (writer.Block("if (touched != 1 || !whole)"))
            {
                string missing = string.Join(", ", groups.SelectMany((members, g) => members.Select(m =>
                    $"{Source(context, type, m)} is null && set{g} > 0 ? {Literal(WireOf(context, type, m))} : null")));
                writer.Line($"string detail = touched == 0 ? \"none is given\" : touched > 1 ? \"more than one form is given\" : \"missing \" + string.Join(\", \", global::System.Linq.Enumerable.Where(new string?[] {{ {missing} }}, name => name is not null));");
                writer.Line($"context.Report({problem}, {Literal(rule.Message + "; ")} + detail);");
            }
        }
    }

    private static void EmitItemKindsRule(IndentedWriter writer, EmitContext context, TypeModel type, RuleModel rule, string problem)
    {
        MemberModel list = type.Members.First(m => m.PropertyName == rule.Items);
        UnionModel union = context.Unions[list.Type.Element!.Name!];
        string kinds = string.Join(" or ", rule.Values);
        string condition = rule.When.Count > 0 ? Conditions(context, type, rule.When, "") + " && " : "";
        using (writer.Block($"if ({condition}{rule.Items} is {{ }} items)"))
        {
            if (rule.Kind == RuleKind.AtMostOne) writer.Line("int seen = 0;");
            using (writer.Block("for (int i = 0; i < items.Count; i++)"))
            {
                string itemDescription = $"{union.EnumName}Wire.Describe(items[i].{Parser.PascalCase(union.Discriminator)})";
                writer.Line(rule.Kind == RuleKind.Allow
                    ? $"if (items[i] is not null and not ({kinds})) context.ReportAt({Literal(list.WireName)}, i, {problem}, {Message(rule.Message, itemDescription)});"
                    : $"if (items[i] is {kinds} && ++seen > 1) context.ReportAt({Literal(list.WireName)}, i, {problem}, {Message(rule.Message, itemDescription)});");
            }
        }
    }

    private static void EmitUniqueRule(IndentedWriter writer, EmitContext context, TypeModel type, RuleModel rule, string problem)
    {
        MemberModel list = type.Members.First(m => m.PropertyName == rule.Items);
        TypeModel itemType = context.Types[list.Type.Element!.Name!];
        MemberModel key = itemType.Members.First(m => m.PropertyName == rule.Key);
        string keySource = key.Required == Requirement.Yes && key.Type.IsValueType ? BackingField(key) : key.PropertyName;
        string when = rule.When.Count > 0 ? $" || !({Conditions(context, itemType, rule.When, "a.")})" : "";
        string whenB = rule.When.Count > 0 ? " && " + Conditions(context, itemType, rule.When, "b.") : "";
        using (writer.Block($"if ({rule.Items} is {{ }} items)"))
        {
            using (writer.Block("for (int i = 1; i < items.Count; i++)"))
            {
                writer.Line($"if (items[i] is not {{ }} a || a.{keySource} is not {{ }} key{when}) continue;");
                using (writer.Block("for (int j = 0; j < i; j++)"))
                {
                    using (writer.Block($"if (items[j] is {{ }} b && b.{keySource} == key{whenB})"))
                    {
                        writer.Line($"context.Enter({Literal(list.WireName)});");
                        writer.Line("context.Enter(i);");
                        writer.Line($"context.ReportAt({Literal(key.WireName)}, {problem}, {Message(rule.Message, "key.ToString()")});");
                        writer.Line("context.Leave();");
                        writer.Line("context.Leave();");
                        writer.Line("break;");
                    }
                }
            }
        }
    }

    /// <summary>"member == value" for each condition, on <paramref name="receiver"/> (empty for this object).</summary>
    private static string Conditions(EmitContext context, TypeModel type, EquatableArray<ConditionModel> conditions, string receiver) =>
        string.Join(" && ", conditions.Select(c => $"{receiver}{Source(context, type, c.Property)} == {c.EnumType}.{c.EnumMember}"));

    /// <summary>The expression that is null when a member is missing: the backing field of a required value, else the property.</summary>
    private static string Source(EmitContext context, TypeModel type, string property)
    {
        MemberModel member = type.Members.First(m => m.PropertyName == property);
        return member.Required == Requirement.Yes && member.Type.IsValueType ? BackingField(member) : property;
    }

    private static string WireOf(EmitContext context, TypeModel type, string property) =>
        type.Members.First(m => m.PropertyName == property).WireName;

    /// <summary>The wire names along a property path such as Document.Link.</summary>
    private static string[] WirePath(EmitContext context, TypeModel type, string[] properties)
    {
        var wires = new string[properties.Length];
        TypeModel? current = type;
        for (int i = 0; i < properties.Length; i++)
        {
            MemberModel member = current!.Members.First(m => m.PropertyName == properties[i]);
            wires[i] = member.WireName;
            current = member.Type.Name is { } next && context.Types.TryGetValue(next, out TypeModel? nextType) ? nextType : null;
        }
        return wires;
    }

    private static MemberModel? MemberAt(EmitContext context, TypeModel type, string[] properties)
    {
        TypeModel? current = type;
        MemberModel? member = null;
        foreach (string property in properties)
        {
            member = current?.Members.FirstOrDefault(m => m.PropertyName == property);
            current = member?.Type.Name is { } next && context.Types.TryGetValue(next, out TypeModel? nextType) ? nextType : null;
        }
        return member;
    }

    /// <summary>A message with {value} filled in by an expression at run time.</summary>
    private static string Message(string message, string valueExpression)
    {
        int at = message.IndexOf("{value}", System.StringComparison.Ordinal);
        if (at < 0) return Literal(message);
        string before = message.Substring(0, at), after = message.Substring(at + "{value}".Length);
        return string.Join(" + ", new[] { before.Length > 0 ? Literal(before) : null, valueExpression, after.Length > 0 ? Literal(after) : null }.Where(p => p is not null));
    }
}
