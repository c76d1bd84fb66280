using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LinkMobility.WhatsApp.Validation;
using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>
/// Checks the schema's rules (RuleTables) over values known at compile time. Reports only what is
/// certain: a rule whose inputs are not all known stays silent. Messages read like the runtime's.
/// </summary>
internal sealed class RuleEngine(Action<Diagnostic> report)
{
    /// <summary>Diagnostic properties the code fixes read.</summary>
    public const string ReplaceType = nameof(ReplaceType), FromMember = nameof(FromMember), ToMember = nameof(ToMember),
        AddMember = nameof(AddMember), AddValue = nameof(AddValue), Replacement = nameof(Replacement);

    private static readonly Dictionary<string, TypeTable> Types = RuleTables.Types.ToDictionary(t => t.Name);
    private static readonly Dictionary<string, UnionTable> Unions = RuleTables.Unions.ToDictionary(u => u.Name);
    private static readonly HashSet<string> SupportedLanguages = new(RuleTables.Languages, StringComparer.Ordinal);

    public void Check(KnownObject value)
    {
        MemberTable[] members = value.Type.Members;
        for (int i = 0; i < members.Length; i++) CheckMember(value, members[i], i);
        foreach (RuleTable rule in value.Type.Rules) CheckRule(value, rule);
    }

    private void CheckMember(KnownObject owner, MemberTable member, int index)
    {
        IOperation? value = owner.ValueOf(index);
        if (value is null && member.Required != Required.Conditional) return; // nothing known to check
        object? constant = null;
        bool isConstant = value is not null && KnownValues.TryGetConstant(value, out constant);
        if (member.Required == Required.Yes && isConstant && constant is null)
        {
            Report(Descriptors.MissingMember, Known.LocationOf(value!), $"'{member.Wire}' is null; {owner.Type.Words} requires it");
        }
        else if (member.Required == Required.Conditional && member.When.Length > 0 && owner.IsSet(index) == false && HoldsAll(owner, member.When))
        {
            string when = string.Join(" and ", member.When.Select(c => $"{c.PropertyWire} is {c.ValueWire}"));
            Report(Descriptors.MissingMember, owner.Location, $"'{member.Wire}' is missing; it is required when {when}", SuggestMember(owner, member));
        }
        if (value is null) return;

        switch (owner.NestedAt(index))
        {
            case KnownObject nested:
                Check(nested);
                break;
            case KnownList list:
                // A list that code can reach later may be filled later.
                if (!list.Open && list.Complete && member.MinItems is { } minItems && list.Items.Count < minItems)
                {
                    Report(Descriptors.EmptyList, list.Location, $"'{member.Wire}' needs at least {(minItems == 1 ? "one item" : minItems + " items")}");
                }
                foreach (Known? item in list.Items)
                {
                    if (item is KnownConstant { Value: null }) Report(Descriptors.NullItem, item.Location, $"an item of '{member.Wire}' is null");
                    else if (item is KnownConstant itemConstant) CheckScalar(owner, member, itemConstant.Operation, itemConstant.Value);
                    else if (item is KnownObject itemObject) Check(itemObject);
                }
                break;
            case null when isConstant && member.Kind != ValueKind.List:
                CheckScalar(owner, member, value, constant);
                break;
        }
    }

    private void CheckScalar(KnownObject owner, MemberTable member, IOperation operation, object? value)
    {
        switch (value)
        {
            case string text:
                CheckString(owner, member, text, operation);
                break;
            case null or bool:
                break;
            default:
                double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                ValueKind kind = member.Kind == ValueKind.List ? member.Element : member.Kind;
                if (kind == ValueKind.Enum && Underlying(operation.Type) is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType
                    && !enumType.GetMembers().OfType<IFieldSymbol>().Any(f => f.HasConstantValue && Convert.ToDouble(f.ConstantValue, CultureInfo.InvariantCulture) == number))
                {
                    Report(Descriptors.UndefinedValue, Known.LocationOf(operation), $"{number.ToString(CultureInfo.InvariantCulture)} is not a named {enumType.Name} value");
                }
                else if (kind == ValueKind.Number && (number < member.Min || number > member.Max))
                {
                    string range = member.Min is { } low && member.Max is { } high ? $"from {low} to {high}" : member.Min is { } min ? $"at least {min}" : $"at most {member.Max}";
                    Report(Descriptors.OutOfRange, Known.LocationOf(operation), $"{number.ToString(CultureInfo.InvariantCulture)} is out of range; {member.Wire} is {range}");
                }
                break;
        }
    }

    private void CheckString(KnownObject owner, MemberTable member, string text, IOperation operation)
    {
        switch (member.Format)
        {
            case Format.Msisdn or Format.Phone when !Formats.IsMsisdn(text, member.Format == Format.Phone, out string reason):
                Report(Descriptors.NotMsisdn, Known.LocationOf(operation), $"'{text}' is not a plausible phone number: {reason}");
                break;
            case Format.HttpUrl when !Formats.IsHttpUrl(text, out string reason):
                Report(Descriptors.NotHttpLink, Known.LocationOf(operation), $"'{text}' is not a usable link: {reason}");
                break;
            case Format.LanguageCode when !SupportedLanguages.Contains(text):
                string? suggestion = RuleTables.Languages.FirstOrDefault(code => Formats.SameLanguageCode(code, text));
                Report(Descriptors.UnsupportedLanguage, Known.LocationOf(operation),
                    $"'{text}' is not a supported template language" + (suggestion is null ? "; see TemplateLanguages" : $"; did you mean {suggestion}?"),
                    suggestion is null ? null : ImmutableDictionary<string, string?>.Empty.Add(Replacement, suggestion));
                break;
        }
        if (member.Extensions.Length > 0 && Extension(text, member.Format == Format.HttpUrl) is { } extension
            && !Listed(member.Extensions, extension))
        {
            Report(Descriptors.UnsupportedMediaFormat, Known.LocationOf(operation),
                $"'.{extension}' is not a supported format for {owner.Type.Words} ({string.Join(", ", member.Extensions.Select(e => "." + e))}); LINK may reject it");
        }
    }

    private void CheckRule(KnownObject owner, RuleTable rule)
    {
        switch (rule.Kind)
        {
            case RuleKind.AtLeastOne when AllAre(owner, rule.Members, false):
                Report(rule.Descriptor, owner.Location, rule.Message);
                break;

            case RuleKind.NotBoth when AllAre(owner, rule.Members, true):
                Report(rule.Descriptor, owner.Location, rule.Message);
                break;

            case RuleKind.Groups:
                string[][] groups = rule.GroupMembers;
                var states = new bool?[groups.Length][];
                bool allKnown = true;
                for (int g = 0; g < groups.Length && allKnown; g++)
                {
                    states[g] = new bool?[groups[g].Length];
                    for (int m = 0; m < groups[g].Length && allKnown; m++) allKnown = (states[g][m] = owner.IsSet(groups[g][m])) is not null;
                }
                if (!allKnown) break;
                int touched = states.Count(s => s.Any(x => x == true));
                bool whole = states.All(s => s.All(x => x == true) || s.All(x => x == false));
                if (touched == 1 && whole) break;
                string detail = touched == 0 ? "none is given" : touched > 1 ? "more than one form is given"
                    : "missing " + string.Join(", ", groups.Zip(states, (g, s) => (g, s)).Where(p => p.s.Any(x => x == true))
                        .SelectMany(p => p.g.Where((_, i) => p.s[i] == false)).Select(m => WireOf(owner.Type, m)));
                Report(rule.Descriptor, owner.Location, rule.Message + "; " + detail);
                break;

            case RuleKind.Forbid:
                if (Follow(owner, rule.MemberPaths[0]) is { } forbidden and not KnownConstant { Value: null }) Report(rule.Descriptor, forbidden.Location, rule.Message);
                break;

            case RuleKind.Extension:
                foreach (string[] path in rule.MemberPaths)
                {
                    if (Follow(owner, path) is KnownConstant { Value: string text } constant
                        && Extension(text, IsLink(owner.Type, path)) is { } extension
                        && !Listed(rule.Values, extension))
                    {
                        Report(rule.Descriptor, constant.Location, rule.Message.Replace("{value}", extension));
                    }
                }
                break;

            case RuleKind.Allow or RuleKind.AtMostOne:
                if (!HoldsAll(owner, rule.When) || owner.Get(rule.Items!) is not KnownList items) break;
                int seen = 0;
                foreach (Known? known in items.Items)
                {
                    if (known is not KnownObject item) continue;
                    bool listed = Array.IndexOf(rule.Values, item.Type.Name) >= 0;
                    if (rule.Kind == RuleKind.Allow && !listed)
                    {
                        Report(rule.Descriptor, item.Location, rule.Message.Replace("{value}", WireOfVariant(item.Type)), ReplaceWith(item.Type, rule));
                    }
                    else if (rule.Kind == RuleKind.AtMostOne && listed && ++seen > 1)
                    {
                        Report(rule.Descriptor, item.Location, rule.Message.Replace("{value}", WireOfVariant(item.Type)));
                    }
                }
                break;

            case RuleKind.Unique:
                if (owner.Get(rule.Items!) is not KnownList list) break;
                // Lists are short: compare each key with the ones before it, allocating nothing.
                for (int i = 1; i < list.Items.Count; i++)
                {
                    if (list.Items[i] is not KnownObject item || !HoldsAll(item, rule.When) || item.Get(rule.Key!) is not KnownConstant { Value: { } key } keyValue) continue;
                    for (int j = 0; j < i; j++)
                    {
                        if (list.Items[j] is KnownObject earlier && HoldsAll(earlier, rule.When) && earlier.Get(rule.Key!) is KnownConstant { Value: { } other } && Equals(other, key))
                        {
                            Report(rule.Descriptor, keyValue.Location, rule.Message.Replace("{value}", Convert.ToString(key, CultureInfo.InvariantCulture)));
                            break;
                        }
                    }
                }
                break;
        }
    }

    /// <summary>For a missing enum member: the value whose item rules the object's items fit (quickReply when the parameter is a payload).</summary>
    private static ImmutableDictionary<string, string?>? SuggestMember(KnownObject owner, MemberTable member)
    {
        if (member.Kind != ValueKind.Enum || member.TypeName is null) return null;
        foreach (RuleTable rule in owner.Type.Rules.Where(r => r.Kind == RuleKind.Allow))
        {
            Condition? condition = rule.When.FirstOrDefault(c => c.Property == member.Property);
            if (condition is null || !rule.When.Where(c => c != condition).All(c => Holds(owner, c))) continue;
            if (owner.Get(rule.Items!) is KnownList { Complete: true } items && items.Items.Count > 0
                && items.Items.All(i => i is KnownObject o && rule.Values.Contains(o.Type.Name)))
            {
                return ImmutableDictionary<string, string?>.Empty
                    .Add(AddMember, member.Property)
                    .Add(AddValue, $"global::{RuleTables.ContractNamespace}.{member.TypeName}.{condition.EnumMember}");
            }
        }
        return null;
    }

    /// <summary>When only one variant is allowed and both have a single string member: the fix that swaps them (text to payload).</summary>
    private static ImmutableDictionary<string, string?>? ReplaceWith(TypeTable item, RuleTable rule)
    {
        if (rule.Values.Length != 1 || !Types.TryGetValue(rule.Values[0], out TypeTable? target)) return null;
        if (item.Members.Length != 1 || item.Members[0].Kind != ValueKind.String || target.Members.Length != 1 || target.Members[0].Kind != ValueKind.String) return null;
        return ImmutableDictionary<string, string?>.Empty.Add(ReplaceType, target.Name).Add(FromMember, item.Members[0].Property).Add(ToMember, target.Members[0].Property);
    }

    /// <summary>T for Nullable&lt;T&gt;, else the type itself.</summary>
    private static ITypeSymbol? Underlying(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    /// <summary>The extension of a link or file name, as a string only when it is not one of the usual (which needs no message).</summary>
    private static string? Extension(string text, bool isLink) =>
        Formats.TryGetExtension(text, isLink, out ReadOnlySpan<char> extension) ? extension.ToString() : null;

    private static bool Listed(string[] allowed, string extension)
    {
        foreach (string candidate in allowed)
        {
            if (candidate.Equals(extension, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static bool HoldsAll(KnownObject owner, Condition[] conditions)
    {
        foreach (Condition condition in conditions)
        {
            if (!Holds(owner, condition)) return false;
        }
        return true;
    }

    private static bool AllAre(KnownObject owner, string[] members, bool set)
    {
        foreach (string member in members)
        {
            if (owner.IsSet(member) != set) return false;
        }
        return true;
    }

    private static bool Holds(KnownObject owner, Condition condition) =>
        owner.EnumMemberOf(condition.Property) == condition.EnumMember;

    private static Known? Follow(KnownObject owner, string[] path)
    {
        Known? current = owner;
        foreach (string step in path)
        {
            if (current is not KnownObject obj) return null;
            current = obj.Get(step);
        }
        return current;
    }

    private static bool IsLink(TypeTable type, string[] path)
    {
        MemberTable? member = null;
        TypeTable? current = type;
        foreach (string step in path)
        {
            member = current?.Members.FirstOrDefault(m => m.Property == step);
            current = member?.TypeName is { } next && Types.TryGetValue(next, out TypeTable? nextType) ? nextType : null;
        }
        return member?.Format == Format.HttpUrl;
    }

    private static string WireOf(TypeTable type, string property) => type.Members.FirstOrDefault(m => m.Property == property)?.Wire ?? property;

    private static string WireOfVariant(TypeTable type) =>
        type.Union is { } union && Unions.TryGetValue(union, out UnionTable? table) ? table.Variants.FirstOrDefault(v => v.Type == type.Name)?.Wire ?? type.Name : type.Name;

    private void Report(DiagnosticDescriptor descriptor, Location location, string message, ImmutableDictionary<string, string?>? properties = null) =>
        report(Diagnostic.Create(descriptor, location, properties, message));
}
