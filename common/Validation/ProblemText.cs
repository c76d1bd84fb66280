using System;
using System.Collections.Generic;
using System.Text;

namespace LinkMobility.WhatsApp.Validation;

/// <summary>
/// Renders the message templates of schema.yaml: each <c>{name}</c> whose name is given becomes its value.
/// Public for generated validators of any contract; not for direct use.
/// </summary>
/// <remarks>
/// One source file, compiled into the runtime package, the generator and the analyzers: the generator fills
/// what it knows (the member, its type, a range), and the validators and analyzers fill the offending value
/// the same way, so a problem reads alike at run time and in the IDE.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
#if LINKMOBILITY_WHATSAPP_PUBLIC_API
public
#else
internal
#endif
static class ProblemText
{
    /// <summary>The template with the named placeholders filled; any other placeholder stays as written.</summary>
    public static string Format(string template, string name, string value) =>
        Format(template, [new KeyValuePair<string, string>(name, value)]);

    /// <inheritdoc cref="Format(string, string, string)"/>
    public static string Format(string template, string name1, string value1, string name2, string value2) =>
        Format(template, [new KeyValuePair<string, string>(name1, value1), new KeyValuePair<string, string>(name2, value2)]);

    /// <inheritdoc cref="Format(string, string, string)"/>
    public static string Format(string template, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        var builder = new StringBuilder(template.Length + 32);
        int at = 0;
        while (at < template.Length)
        {
            int open = template.IndexOf('{', at);
            int close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (close < 0)
            {
                builder.Append(template, at, template.Length - at);
                break;
            }
            builder.Append(template, at, open - at);
            string name = template.Substring(open + 1, close - open - 1);
            string? value = null;
            foreach (KeyValuePair<string, string> pair in values)
            {
                if (pair.Key == name) value = pair.Value;
            }
            if (value is null) builder.Append(template, open, close - open + 1);
            else builder.Append(value);
            at = close + 1;
        }
        return builder.ToString();
    }

    /// <summary>The names of the placeholders a template has.</summary>
    public static IEnumerable<string> Placeholders(string template)
    {
        int at = 0;
        while (at < template.Length)
        {
            int open = template.IndexOf('{', at);
            int close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (close < 0) yield break;
            yield return template.Substring(open + 1, close - open - 1);
            at = close + 1;
        }
    }
}
