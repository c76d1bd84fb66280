using System;
using System.ComponentModel;
#if NET8_0_OR_GREATER
using System.Buffers;
using System.Linq;
#endif

namespace LinkMobility.WhatsApp.Validation;

/// <summary>
/// The string formats schema.yaml names (format: msisdn, phone, httpUrl) and file extensions.
/// Each check says why a value fails, in words a person understands, and allocates nothing.
/// </summary>
/// <remarks>
/// One source file, compiled into the runtime package (validation) and into the analyzers
/// (compile-time diagnostics), so both mean the same by a format. It builds for netstandard2.0 too.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
#if LINKMOBILITY_WHATSAPP_PUBLIC_API
public
#else
internal
#endif
static class Formats
{
    /// <summary>E.164 allows at most 15 digits; short numbers below 5 digits are not MSISDNs.</summary>
    public const int MinDigits = 5, MaxDigits = 15;

    /// <summary>
    /// A mobile number in local or international form: an optional '+' and 5 to 15 digits. With
    /// <paramref name="formatted"/> (a contact's phone), spaces, parentheses, dashes and dots may group the digits.
    /// </summary>
    public static bool IsMsisdn(string value, bool formatted, out string reason)
    {
        // The common case first: digits only after an optional '+' (a plain loop: short spans, nothing allocated).
        bool leadingPlus = value.Length > 0 && value[0] == '+';
        ReadOnlySpan<char> number = leadingPlus ? value.AsSpan(1) : value.AsSpan();
        if (number.Length >= MinDigits && number.Length <= MaxDigits && AllDigits(number) && (!leadingPlus || number[0] != '0'))
        {
            reason = "";
            return true;
        }

        int digits = 0;
        bool plus = false;
        char first = '\0';
        foreach (char c in value)
        {
            if (IsDigit(c))
            {
                if (digits++ == 0) first = c;
            }
            else if (c == '+' && digits == 0 && !plus)
            {
                plus = true;
            }
            else if (formatted && c is ' ' or '(' or ')' or '-' or '.')
            {
                // grouping
            }
            else
            {
                reason = c == '+' ? "a '+' may only come first"
                    : char.IsLetter(c) ? "it contains a letter; an MSISDN has only digits after an optional +"
                    : formatted ? "it contains a character other than digits, '+', spaces, parentheses, dashes and dots"
                    : "it contains a character other than digits and a leading +; write it without spaces or dashes";
                return false;
            }
        }
        if (digits < MinDigits || digits > MaxDigits)
        {
            reason = digits == 0 ? "it has no digits" : digits < MinDigits ? "it has too few digits (an MSISDN has 5 to 15)" : "it has too many digits (an MSISDN has at most 15)";
            return false;
        }
        if (plus && first == '0')
        {
            reason = "a country code never starts with 0 (after the +)";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>An absolute URL that starts with http:// or https:// and names a host.</summary>
    public static bool IsHttpUrl(string value, out string reason)
    {
        ReadOnlySpan<char> text = value.AsSpan();
        int schemeLength = text.StartsWith("https://".AsSpan(), StringComparison.OrdinalIgnoreCase) ? 8
            : text.StartsWith("http://".AsSpan(), StringComparison.OrdinalIgnoreCase) ? 7 : 0;
        if (schemeLength == 0)
        {
            reason = text.IndexOf("://".AsSpan()) >= 0 ? "it must use http:// or https://" : "it must start with http:// or https://";
            return false;
        }
        ReadOnlySpan<char> rest = text.Slice(schemeLength);
        if (rest.IsEmpty || rest[0] is '/' or '?' or '#' or '.' or ':')
        {
            reason = "it has no host after the scheme";
            return false;
        }
        if (HasSpaceOrControl(text))
        {
            reason = "it contains a space or control character; encode it as %20 and so on";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>The extension (without the dot) of a link's last path segment or of a file name, when it shows one.</summary>
    public static bool TryGetExtension(string value, bool isLink, out ReadOnlySpan<char> extension)
    {
        ReadOnlySpan<char> name = value.AsSpan();
        int cut = isLink ? name.IndexOfAny('?', '#') : -1;
        if (cut >= 0) name = name.Slice(0, cut);
        int slash = name.LastIndexOf('/');
        // In a link, a last '/' that belongs to "scheme://" means there is no path, so no file name.
        if (isLink && slash >= 2 && name[slash - 1] == '/' && name[slash - 2] == ':')
        {
            extension = default;
            return false;
        }
        if (slash >= 0) name = name.Slice(slash + 1);
        int dot = name.LastIndexOf('.');
        extension = dot > 0 && dot < name.Length - 1 ? name.Slice(dot + 1) : default;
        return !extension.IsEmpty;
    }

    /// <summary>Whether two language codes differ only in case or in '-' against '_' (en-us and en_US).</summary>
    public static bool SameLanguageCode(string supported, string code)
    {
        if (supported.Length != code.Length) return false;
        for (int i = 0; i < code.Length; i++)
        {
            char a = supported[i] == '-' ? '_' : char.ToUpperInvariant(supported[i]);
            char b = code[i] == '-' ? '_' : char.ToUpperInvariant(code[i]);
            if (a != b) return false;
        }
        return true;
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!IsDigit(c)) return false;
        }
        return true;
    }

#if NET8_0_OR_GREATER
    private static readonly SearchValues<char> SpacesAndControls = SearchValues.Create(
        string.Concat(Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => char.IsWhiteSpace(c) || char.IsControl(c))));

    private static bool HasSpaceOrControl(ReadOnlySpan<char> text) => text.ContainsAny(SpacesAndControls);
#else
    private static bool HasSpaceOrControl(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return true;
        }
        return false;
    }
#endif
}
