using System.Globalization;
using LinkMobility.WhatsApp.Common;
using Microsoft.CodeAnalysis.CSharp;

namespace LinkMobility.WhatsApp.Generator;

/// <summary>Values and names as C# source text, for the emitters and the checks.</summary>
internal static class CSharpText
{
    /// <summary>A C# string literal.</summary>
    public static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>A C# UTF-8 string literal.</summary>
    public static string Utf8(string text) => Literal(text) + "u8";

    /// <summary>A C# integer literal, the same in every culture.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text for an XML doc comment: markup escaped, on one line.</summary>
    public static string Xml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ");

    /// <summary>The field that holds a required value type (see <see cref="Model.MemberModel.HasBackingField"/>): _priority.</summary>
    public static string BackingField(string property) => "_" + NameCase.LowerFirst(property);

    /// <summary>The pre-encoded wire string of an enum value, a field of its Wire class: EncodedQuickReply.</summary>
    public static string EncodedField(string valueName) => "Encoded" + valueName;

    /// <summary>
    /// The local that holds a member's value in generated code: camelCase with a trailing '_', so it is never a
    /// keyword and never one of the generated code's own locals (reader, member, result, ...), none of which end in '_'.
    /// </summary>
    public static string Local(string propertyName) => NameCase.LowerFirst(propertyName) + "_";
}
