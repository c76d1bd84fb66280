using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LinkMobility.WhatsApp.Common;

/// <summary>How the names in schema.yaml and templates files become C# names; one place, so a name is made alike everywhere.</summary>
internal static class NameCase
{
    private static readonly Regex NonWord = new("[^A-Za-z0-9]+", RegexOptions.CultureInvariant);

    /// <summary>"order_update" or "Track my order" -> "OrderUpdate", "TrackMyOrder": its words of letters and digits, each capitalised; "" when it has none.</summary>
    public static string PascalWords(string text) =>
        string.Concat(NonWord.Split(text).Where(w => w.Length > 0).Select(UpperFirst));

    /// <summary>A wire name's C# form: platformId -> PlatformId, LOW -> Low, KEYWORD_ROUTE -> KeywordRoute.</summary>
    public static string PascalFromWire(string wire)
    {
        var builder = new StringBuilder(wire.Length);
        foreach (string part in wire.Split(['_', '-', ' ', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            bool allUpper = part.All(c => !char.IsLetter(c) || char.IsUpper(c));
            builder.Append(char.ToUpperInvariant(part[0]));
            builder.Append(allUpper ? part.Substring(1).ToLowerInvariant() : part.Substring(1));
        }
        return builder.ToString();
    }

    /// <summary>"image" -> "Image".</summary>
    public static string UpperFirst(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    /// <summary>"PlatformId" -> "platformId".</summary>
    public static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text.Substring(1);
}
