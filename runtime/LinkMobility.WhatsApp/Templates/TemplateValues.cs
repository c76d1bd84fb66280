namespace LinkMobility.WhatsApp.Templates;

/// <summary>How a template parameter is given as text: the text itself, a link (an absolute URL), or not by text.</summary>
public enum TemplateTextForm
{
    /// <summary>Not given by text (a currency, a date-time, a parameter of several types): build it with the template's builder.</summary>
    None,

    /// <summary>The text itself.</summary>
    Text,

    /// <summary>A link: an absolute URL.</summary>
    Link,
}

/// <summary>One parameter of a template, as text values give it: its name, its types, and how text gives it.</summary>
public sealed record TemplateValueParameter(string Name, IReadOnlyList<string> Kinds, TemplateTextForm Form);

/// <summary>
/// A template's messages from named text values (a CSV row, a form, a database row): each parameter takes the value of its
/// name, matched without regard to case or separators (<c>order_id</c>, <c>orderId</c> and <c>Order ID</c> are one name).
/// Text parameters take the text; media parameters take a link. Made once per template and language, then used per row.
/// </summary>
/// <example>
/// <code>
/// var values = TemplateValues.For(templates, "order_shipped", "en_US");
/// if (values.Missing(csvHeader) is { Count: > 0 } missing) ...;           // the columns a file lacks
/// TemplateMessage message = values.Create(column => row[column]);          // TemplateValueException names a bad cell
/// </code>
/// </example>
public sealed class TemplateValues
{
    private readonly TemplateRegistry _templates;
    private readonly TemplateMessageFactory _factory;
    private readonly int _index;

    private TemplateValues(TemplateRegistry templates, int index)
    {
        _templates = templates;
        _factory = new TemplateMessageFactory(templates);
        _index = index;
        Definition = templates.Definitions[index];
        Parameters = [.. Definition.Components.SelectMany(c => c.Parameters).Select(p => new TemplateValueParameter(p.Name, p.Kinds, FormOf(p.Kinds)))];
    }

    /// <summary>The template and language.</summary>
    public TemplateDefinition Definition { get; }

    /// <summary>Its parameters, in order.</summary>
    public IReadOnlyList<TemplateValueParameter> Parameters { get; }

    /// <summary>The template <paramref name="name"/> in <paramref name="language"/> of <paramref name="templates"/>.</summary>
    /// <exception cref="ArgumentException">No such template or language (the message suggests the nearest name); or a parameter text cannot give (<see cref="TemplateTextForm.None"/>).</exception>
    public static TemplateValues For(TemplateRegistry templates, string name, string language)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(language);
        var languages = new List<string>();
        for (int i = 0; i < templates.Definitions.Count; i++)
        {
            TemplateDefinition definition = templates.Definitions[i];
            if (definition.Name != name) continue;
            if (string.Equals(definition.Language, language, StringComparison.OrdinalIgnoreCase))
            {
                var values = new TemplateValues(templates, i);
                if (values.Parameters.FirstOrDefault(p => p.Form == TemplateTextForm.None) is { } other)
                {
                    throw new ArgumentException($"{definition}: parameter '{other.Name}' is {string.Join(" or ", other.Kinds)}, which text cannot give; build it with its builder.", nameof(name));
                }
                return values;
            }
            languages.Add(definition.Language);
        }
        throw new ArgumentException(languages.Count > 0
            ? $"Template '{name}' has no language '{language}'; it has {string.Join(", ", languages)}."
            : $"There is no template '{name}'{(templates.Suggest(name) is { } near ? $"; did you mean '{near}'?" : "")}.", nameof(name));
    }

    /// <summary>Every language of template <paramref name="name"/>; empty when there is none.</summary>
    public static IReadOnlyList<string> LanguagesOf(TemplateRegistry templates, string name)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return [.. templates.Definitions.Where(d => d.Name == name).Select(d => d.Language)];
    }

    /// <summary>Whether two names are one parameter's: the same letters and digits, without regard to case.</summary>
    public static bool SameName(string a, string b) => Normalized(a) == Normalized(b);

    /// <summary>The parameters none of <paramref name="names"/> gives (a CSV header's columns, say).</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var given = names.Select(Normalized).ToHashSet(StringComparer.Ordinal);
        return [.. Parameters.Where(p => !given.Contains(Normalized(p.Name))).Select(p => p.Name)];
    }

    /// <summary>The name among <paramref name="names"/> that gives <paramref name="parameter"/>; null when none does.</summary>
    public static string? NameFor(IEnumerable<string> names, TemplateValueParameter parameter) =>
        names.FirstOrDefault(n => SameName(n, parameter.Name));

    /// <summary>The message, each parameter from <paramref name="valueOf"/>(its name).</summary>
    /// <exception cref="TemplateValueException">A value is missing or empty, or a link is not an absolute URL; it names the parameter.</exception>
    public TemplateMessage Create(Func<string, string?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        var arguments = new object?[Parameters.Count];
        for (int p = 0; p < arguments.Length; p++)
        {
            TemplateValueParameter parameter = Parameters[p];
            string? value = valueOf(parameter.Name);
            if (string.IsNullOrEmpty(value)) throw new TemplateValueException(parameter.Name, "is empty");
            string kind = parameter.Kinds.First(k => TemplateMessageFactory.TextFormOf(k) == parameter.Form);
            if (parameter.Form == TemplateTextForm.Link && !(Uri.TryCreate(value, UriKind.Absolute, out Uri? link) && link.Scheme is "http" or "https"))
            {
                throw new TemplateValueException(parameter.Name, $"'{value}' is not an absolute http(s) URL");
            }
            arguments[p] = TemplateMessageFactory.FromText(kind, value);
        }
        return _factory.Create(_index, 1, 0, arguments);
    }

    /// <summary>The form text gives a parameter of these types in: the first of them that text can give.</summary>
    private static TemplateTextForm FormOf(IReadOnlyList<string> kinds)
    {
        foreach (string kind in kinds)
        {
            if (TemplateMessageFactory.TextFormOf(kind) is not TemplateTextForm.None and var form) return form;
        }
        return TemplateTextForm.None;
    }

    private static string Normalized(string name) => string.Concat(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));

    /// <summary>The templates this reads.</summary>
    public TemplateRegistry Templates => _templates;
}

/// <summary>A text value cannot give its parameter: <see cref="Parameter"/> names it.</summary>
public sealed class TemplateValueException(string parameter, string problem) : ArgumentException($"parameter '{parameter}' {problem}", parameter)
{
    /// <summary>The parameter's name.</summary>
    public string Parameter { get; } = parameter;

    /// <summary>What is wrong with its value.</summary>
    public string Problem { get; } = problem;
}
