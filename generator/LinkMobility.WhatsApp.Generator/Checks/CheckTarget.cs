using System;
using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.Checks;

/// <summary>
/// What a check is emitted into. The checks (MemberChecks, RuleChecks) say once what is wrong when; a target
/// says how generated code reads a value and reports a problem:
/// <list type="bullet">
/// <item><see cref="ValidatorTarget"/>: the runtime validator, over the contract's objects, reporting JSON paths;</item>
/// <item><see cref="AnalyzerTarget"/>: the analyzer's check, over values known at compile time, reporting source locations.</item>
/// </list>
/// The analyzer knows less than the validator: a value may be unknown. Every condition a target writes is
/// therefore one that is certain, so an unknown value reports nothing.
/// </summary>
internal abstract class CheckTarget
{
    /// <summary>The object being checked: "" (this) in a validator, "o" in the analyzer.</summary>
    public abstract string CheckedObject { get; }

    /// <summary>Certainly set, on <paramref name="owner"/> (<see cref="CheckedObject"/> or an item's variable).</summary>
    public abstract string IsSet(MemberRef member, string owner);

    /// <summary>Certainly missing or null.</summary>
    public abstract string IsUnset(MemberRef member, string owner);

    /// <summary>Whether each member is known to be set or not; "" (no condition) in a validator, where all are.</summary>
    public abstract string AllKnown(IEnumerable<MemberRef> members, string owner);

    /// <summary>Certainly the enum member the condition names.</summary>
    public abstract string ConditionHolds(EnumCondition condition, string owner);

    /// <summary>All hold; "" when there are none.</summary>
    public string AllConditionsHold(IEnumerable<EnumCondition> conditions, string owner) =>
        string.Join(" && ", conditions.Select(c => ConditionHolds(c, owner)));

    /// <summary>
    /// A required member that is certainly null: missing in a validator (reported at the object); set to
    /// null in the analyzer (reported at the value; leaving it out is the compiler's CS9035).
    /// </summary>
    public abstract void RequiredNull(IndentedWriter writer, MemberRef member, string problem, string message);

    /// <summary>
    /// Opens a block where the member's value is known, as <paramref name="variable"/> (a string, number or
    /// enum, by the member's shape), and returns where a report about it points; null when this target cannot
    /// know such a value (a duration in code), and nothing is emitted.
    /// </summary>
    public abstract ReportSite? Value(IndentedWriter writer, MemberRef member, string variable, out IDisposable scope);

    /// <summary>Opens a block where the member holds a number cast to its enum that names no member, as a long.</summary>
    public abstract ReportSite? UndefinedEnum(IndentedWriter writer, MemberRef member, string enumName, string variable, out IDisposable scope);

    /// <summary>Checks a nested object or union member, whose own checks report inside it.</summary>
    public abstract void Nested(IndentedWriter writer, MemberRef member);

    /// <summary>The statement that checks a known nested object (a list item) by its own checks.</summary>
    public abstract string CheckNested(string variable);

    /// <summary>
    /// A list member: <paramref name="count"/> writes its count check (given the count expression and its
    /// site; called only where the count is certain), <paramref name="nullMessage"/> reports a null item, and
    /// <paramref name="item"/> writes each known item's checks.
    /// </summary>
    public abstract void List(IndentedWriter writer, MemberRef member, Action<string, ReportSite>? count, string? nullMessage, Action<ItemValue>? item);

    /// <summary>How the rules over a list's items reach them: the guard that binds "items", the count, the item at an index.</summary>
    public abstract ListAccess Items(MemberRef list);

    /// <summary>The item is certainly one of these variants.</summary>
    public abstract string IsVariant(string item, EquatableArray<VariantRef> variants);

    /// <summary>The item is certainly an object, and not one of these variants.</summary>
    public abstract string IsOtherVariant(string item, EquatableArray<VariantRef> variants);

    /// <summary>The discriminator value of an item of a union, as the document writes it (for a message).</summary>
    public abstract string VariantWire(string item, UnionRef union);

    /// <summary>A report at an item of a list member of <see cref="CheckedObject"/>.</summary>
    public abstract ReportSite ItemSite(MemberRef list, string index, string item);

    /// <summary>A report at a member of an item of a list member of <see cref="CheckedObject"/>.</summary>
    public abstract ReportSite ItemMemberSite(MemberRef list, string index, string item, MemberRef member);

    /// <summary>The condition that binds the key member of an item, when known, to <paramref name="variable"/>.</summary>
    public abstract string KeyOf(string item, MemberRef key, string variable);

    /// <summary>Two keys bound by <see cref="KeyOf"/> are equal.</summary>
    public abstract string KeysEqual(string a, string b);

    /// <summary>The key as text, for a message.</summary>
    public abstract string KeyText(string variable);

    /// <summary>Opens a block where the string at the end of a path of members is known.</summary>
    public abstract ReportSite? PathString(IndentedWriter writer, MemberPath path, string variable, out IDisposable scope);

    /// <summary>Opens a block where the member at the end of a path is certainly set.</summary>
    public abstract ReportSite? PathSet(IndentedWriter writer, MemberPath path, out IDisposable scope);

    /// <summary>A report at the object itself.</summary>
    public abstract ReportSite CheckedObjectSite { get; }

    /// <summary>A report about a member left out, at the object, with the fix the analyzer offers (if any).</summary>
    public abstract string ReportMissing(string problem, string message, string? fix);

    /// <summary>The fix for a missing enum member when the object's items fit one value's rules (analyzer only).</summary>
    public virtual string? MissingMemberFix(MemberRef member, string enumName, IReadOnlyList<AllowRule> rules) => null;

    /// <summary>The fix for an item of a kind its list does not take (analyzer only).</summary>
    public virtual string? ReplaceFix(string item, AllowRule rule) => null;

    /// <summary>Properties for a language code fix (analyzer only).</summary>
    public virtual string? ReplacementFix(string suggestion) => null;

    /// <summary>Whether a language code is supported, and the code meant.</summary>
    public abstract string IsSupportedLanguage(string value);

    public abstract string SuggestLanguage(string value);
}

/// <summary>Where a report points, and how a statement reports there.</summary>
/// <param name="Report">Makes the reporting statement from the problem's name, the message expression and the fix (analyzer only).</param>
internal sealed record ReportSite(Func<string, string, string?, string> Report)
{
    /// <summary>The statement that reports <paramref name="problem"/> (a name in the problems table) with a message expression.</summary>
    public string Statement(string problem, string message, string? fix = null) => Report(problem, message, fix);
}

/// <summary>How generated code reaches a list's items: <see cref="Guard"/> binds the list as "items".</summary>
internal sealed record ListAccess(string Guard, string Count, Func<string, string> Item);

/// <summary>One known item of a list, for its checks.</summary>
/// <param name="Variable">The item's value: a string, number or object, by <see cref="Shape"/>.</param>
internal sealed record ItemValue(string Variable, TypeRef Shape, ReportSite Site, IndentedWriter Writer);

/// <summary>A scope that writes nothing when it ends.</summary>
internal sealed class EmptyScope : IDisposable
{
    public static readonly EmptyScope Instance = new();

    public void Dispose()
    {
    }
}
