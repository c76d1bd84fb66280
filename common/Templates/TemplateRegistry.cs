using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// Your approved templates, by name and language. The templates generator makes one from your templates file
/// (<c>WhatsAppTemplates.Registry</c>) and registers it in <see cref="Generated"/>, which the client checks every
/// template message against before sending.
/// </summary>
/// <remarks>Read-only once made, so one registry serves any number of threads. Looking a template up allocates nothing.</remarks>
#if LINKMOBILITY_WHATSAPP_PUBLIC_API
public
#else
internal
#endif
sealed class TemplateRegistry
{
    private static readonly TemplateDefinition[] None = [];
    private static readonly object RegistrationLock = new();
    private static TemplateRegistry s_generated = new([]);

    private readonly Dictionary<string, TemplateDefinition[]> _byName = new(StringComparer.Ordinal);

    /// <summary>A registry of these definitions (one per template and language).</summary>
    public TemplateRegistry(IEnumerable<TemplateDefinition> definitions)
    {
        if (definitions is null) throw new ArgumentNullException(nameof(definitions));
        var all = new List<TemplateDefinition>();
        foreach (TemplateDefinition definition in definitions)
        {
            if (definition is null) throw new ArgumentException("A template definition is null.", nameof(definitions));
            all.Add(definition);
            _byName[definition.Name] = _byName.TryGetValue(definition.Name, out TemplateDefinition[]? languages)
                ? [.. languages, definition]
                : [definition];
        }
        Definitions = all;
    }

    /// <summary>The registries of every templates file of the running app, merged (see <see cref="Register"/>).</summary>
    public static TemplateRegistry Generated => Volatile.Read(ref s_generated);

    /// <summary>
    /// Adds a generated registry to <see cref="Generated"/>. The generated code calls it when its assembly loads;
    /// an assembly loaded later than a send is checked from then on.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static void Register(TemplateRegistry registry)
    {
        if (registry is null) throw new ArgumentNullException(nameof(registry));
        lock (RegistrationLock)
        {
            Volatile.Write(ref s_generated, new TemplateRegistry([.. s_generated.Definitions, .. registry.Definitions]));
        }
    }

    /// <summary>Every definition, in the order given.</summary>
    public IReadOnlyList<TemplateDefinition> Definitions { get; }

    /// <summary>No templates: nothing is checked against it.</summary>
    public bool IsEmpty => Definitions.Count == 0;

    /// <summary>The languages of a template (one definition each); empty when the name is unknown.</summary>
    public IReadOnlyList<TemplateDefinition> Find(string name) =>
        name is not null && _byName.TryGetValue(name, out TemplateDefinition[]? found) ? found : None;

    /// <summary>A template in a language, or null.</summary>
    public TemplateDefinition? Find(string name, string language)
    {
        IReadOnlyList<TemplateDefinition> languages = Find(name);
        for (int i = 0; i < languages.Count; i++)
        {
            if (string.Equals(languages[i].Language, language, StringComparison.Ordinal)) return languages[i];
        }
        return null;
    }

    /// <summary>The known name closest to a misspelt one (a few edits away), or null.</summary>
    public string? Suggest(string name)
    {
        if (name is null) return null;
        string? best = null;
        int bestDistance = Math.Max(2, name.Length / 3) + 1;
        foreach (string known in _byName.Keys)
        {
            int distance = Distance(known, name);
            if (distance < bestDistance || (distance == bestDistance && best is not null && string.CompareOrdinal(known, best) < 0))
            {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    // --- The compact text form: how generated code and the analyzers carry a registry ---------------------------
    // One line per definition: name, language, status, namespace, category, then one field per component
    // (type/subType/index/parameters, parameters as name:kind|kind separated by commas). Fields are separated by
    // tabs; %, tab, newline and the separators inside a value are %-escaped. Absent values are empty.

    /// <summary>The registry as compact text (<see cref="Decode"/> reads it back).</summary>
    public string Encode()
    {
        var text = new StringBuilder();
        foreach (TemplateDefinition definition in Definitions)
        {
            if (text.Length > 0) text.Append('\n');
            Append(text, definition.Name).Append('\t');
            Append(text, definition.Language).Append('\t');
            Append(text, definition.Status).Append('\t');
            Append(text, definition.Namespace).Append('\t');
            Append(text, definition.Category);
            foreach (TemplateComponentDefinition component in definition.Components)
            {
                text.Append('\t');
                Append(text, component.Type).Append('/');
                Append(text, component.SubType).Append('/');
                if (component.Index is { } index) text.Append(index.ToString(CultureInfo.InvariantCulture));
                text.Append('/');
                for (int p = 0; p < component.Parameters.Count; p++)
                {
                    if (p > 0) text.Append(',');
                    Append(text, component.Parameters[p].Name).Append(':');
                    for (int k = 0; k < component.Parameters[p].Kinds.Count; k++)
                    {
                        if (k > 0) text.Append('|');
                        Append(text, component.Parameters[p].Kinds[k]);
                    }
                }
            }
        }
        return text.ToString();
    }

    /// <summary>Reads the compact text of <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">The text is not a registry's.</exception>
    public static TemplateRegistry Decode(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var definitions = new List<TemplateDefinition>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            string[] fields = line.Split('\t');
            if (fields.Length < 5) throw new FormatException($"A template registry line has {fields.Length} fields; it needs at least 5.");
            var components = new List<TemplateComponentDefinition>();
            for (int c = 5; c < fields.Length; c++)
            {
                string[] parts = fields[c].Split('/');
                if (parts.Length != 4) throw new FormatException($"A template registry component has {parts.Length} parts; it needs 4.");
                var parameters = new List<TemplateParameterDefinition>();
                if (parts[3].Length > 0)
                {
                    foreach (string parameter in parts[3].Split(','))
                    {
                        int colon = parameter.IndexOf(':');
                        if (colon < 0) throw new FormatException("A template registry parameter has no ':'.");
                        var kinds = new List<string>();
                        foreach (string kind in parameter.Substring(colon + 1).Split('|')) kinds.Add(Unescape(kind));
                        parameters.Add(new TemplateParameterDefinition(Unescape(parameter.Substring(0, colon)), kinds));
                    }
                }
                int? index = null;
                if (parts[2].Length > 0)
                {
                    if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int number)) throw new FormatException($"A template registry component's index '{parts[2]}' is not a number.");
                    index = number;
                }
                components.Add(new TemplateComponentDefinition(Unescape(parts[0]), NullIfEmpty(Unescape(parts[1])), index, parameters));
            }
            definitions.Add(new TemplateDefinition(NullIfEmpty(Unescape(fields[3])), Unescape(fields[0]), Unescape(fields[1]), Unescape(fields[2]), NullIfEmpty(Unescape(fields[4])), components));
        }
        return new TemplateRegistry(definitions);
    }

    private const string Special = "%\t\n\r/,:|";

    private static StringBuilder Append(StringBuilder text, string? value)
    {
        if (value is null) return text;
        foreach (char c in value)
        {
            if (Special.IndexOf(c) >= 0) text.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else text.Append(c);
        }
        return text;
    }

    private static string Unescape(string value)
    {
        if (value.IndexOf('%') < 0) return value;
        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && int.TryParse(value.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                text.Append((char)code);
                i += 2;
            }
            else
            {
                text.Append(value[i]);
            }
        }
        return text.ToString();
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
