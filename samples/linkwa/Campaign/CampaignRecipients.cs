using LinkMobility.WhatsApp.Templates;
using nietras.SeparatedValues;

namespace LinkMobility.WhatsApp.Cli.Campaign;

/// <summary>A row of the recipients CSV: its line, recipient and message, or what is wrong with it (naming the column).</summary>
internal sealed record CampaignRow(int Line, string Recipient, TemplateMessage? Message, string? Problem);

/// <summary>
/// The recipients CSV, read with Sep: a recipient column, one column per parameter of the template (named after the
/// builder's parameters: order_id or orderId), and a language column when --language does not choose one.
/// </summary>
internal sealed class CampaignRecipients
{
    public const string RecipientColumn = "recipient";
    public const string LanguageColumn = "language";

    private readonly string _path;
    private readonly TemplateRegistry _templates;
    private readonly TemplateMessageFactory _factory;
    private readonly Dictionary<string, Language> _languages;
    private readonly string? _language;

    private CampaignRecipients(string path, TemplateRegistry templates, Dictionary<string, Language> languages, string? language)
    {
        _path = path;
        _templates = templates;
        _factory = new TemplateMessageFactory(templates);
        _languages = languages;
        _language = language;
    }

    /// <summary>One language of the template: its place in the registry, its parameters, how each is given, and its column.</summary>
    private sealed record Language(int Index, TemplateDefinition Definition, string[] Parameters, bool[] IsLink)
    {
        /// <summary>The column of each parameter, found once from the header.</summary>
        public int[] Columns { get; init; } = [];
    }

    /// <summary>The recipients of <paramref name="template"/>; null, with the problem printed, when the file or its header cannot serve.</summary>
    public static CampaignRecipients? Open(string path, TemplateRegistry templates, string template, string? language, TextWriter stderr)
    {
        var languages = new Dictionary<string, Language>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < templates.Definitions.Count; i++)
        {
            TemplateDefinition definition = templates.Definitions[i];
            if (definition.Name != template) continue;
            string[] parameters = [.. definition.Components.SelectMany(c => c.Parameters).Select(p => p.Name)];
            if (LinkArguments(templates, i, parameters, stderr) is not { } isLink) return null;
            languages[definition.Language] = new Language(i, definition, parameters, isLink);
        }
        if (languages.Count == 0)
        {
            stderr.WriteLine($"linkwa campaign: the templates file has no template '{template}'{(templates.Suggest(template) is { } near ? $"; did you mean '{near}'?" : "")}");
            return null;
        }
        if (language is not null && !languages.ContainsKey(language))
        {
            stderr.WriteLine($"linkwa campaign: template '{template}' has no language '{language}'; it has {string.Join(", ", languages.Keys)}");
            return null;
        }
        try
        {
            using SepReader reader = Reader(path);
            IReadOnlyList<string> columns = reader.Header.ColNames;
            var missing = new List<string>();
            if (!columns.Contains(RecipientColumn, StringComparer.OrdinalIgnoreCase)) missing.Add(RecipientColumn);
            if (language is null && languages.Count > 1 && !columns.Contains(LanguageColumn, StringComparer.OrdinalIgnoreCase)) missing.Add($"{LanguageColumn} (or --language: the template has {string.Join(", ", languages.Keys)})");
            foreach (Language candidate in language is null ? [.. languages.Values] : new[] { languages[language] })
            {
                missing.AddRange(candidate.Parameters.Where(p => Column(columns, p) is null).Select(p => $"{p} ({candidate.Definition.Language})"));
            }
            if (missing.Count > 0)
            {
                stderr.WriteLine($"{path}:1: the header lacks column(s) {string.Join(", ", missing.Distinct())}; it has {string.Join(", ", columns)}");
                return null;
            }
            foreach (var (code, each) in languages.ToList())
            {
                int[] at = [.. each.Parameters.Select(p => Column(columns, p) is { } column ? IndexOf(columns, column) : -1)];
                languages[code] = each with { Columns = at };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"{path}: cannot read the file: {ex.Message}");
            return null;
        }
        return new CampaignRecipients(path, templates, languages, language);
    }

    /// <summary>
    /// How each argument is given: a parameter that may be text gets a text parameter; any other gets a link, which the
    /// factory takes as a Uri for a media parameter and refuses for the rest (currency, dateTime, payload), said here once.
    /// </summary>
    private static bool[]? LinkArguments(TemplateRegistry templates, int index, string[] parameters, TextWriter stderr)
    {
        string text = ParameterType.Text.ToWireString();
        bool[] isLink = [.. templates.Definitions[index].Components.SelectMany(c => c.Parameters).Select(p => !p.Kinds.Contains(text))];
        try
        {
            new TemplateMessageFactory(templates).Create(index, 1, 0, [.. isLink.Select(link => link ? (object)new Uri("https://example.com/a.pdf") : new TextParameter { Text = "x" })]);
            return isLink;
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine($"linkwa campaign: {templates.Definitions[index]}: parameter '{ex.ParamName}' takes neither text nor a link, so a CSV cannot give it");
            return null;
        }
    }

    private static string? Column(IReadOnlyList<string> columns, string parameter) =>
        columns.FirstOrDefault(c => Normalized(c) == Normalized(parameter));

    private static string Normalized(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    private static SepReader Reader(string path) =>
        Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.Outer, DisableColCountCheck = true }).FromFile(path);

    /// <summary>The rows, in order; a row with a problem has no message and names its line and column.</summary>
    public IEnumerable<CampaignRow> Rows()
    {
        using SepReader reader = Reader(_path);
        IReadOnlyList<string> columns = reader.Header.ColNames;
        int recipientAt = IndexOf(columns, RecipientColumn);
        int languageAt = IndexOf(columns, LanguageColumn);
        foreach (SepReader.Row row in reader)
        {
            int line = row.LineNumberFrom;
            if (row.ColCount == 1 && row.Span.IsWhiteSpace()) continue;
            string recipient = recipientAt < row.ColCount ? row[recipientAt].ToString() : "";
            if (row.ColCount != columns.Count)
            {
                string which = row.ColCount < columns.Count ? $"column '{columns[row.ColCount]}' ({row.ColCount + 1}) is missing" : $"column {columns.Count + 1} is not in the header";
                yield return new CampaignRow(line, recipient, null, $"{which}: the row has {row.ColCount} column(s), the header {columns.Count}");
                continue;
            }
            if (recipient.Length == 0)
            {
                yield return new CampaignRow(line, recipient, null, $"column '{columns[recipientAt]}' is empty");
                continue;
            }
            string? code = _language ?? (languageAt >= 0 ? row[languageAt].ToString() : _languages.Count == 1 ? _languages.Keys.First() : null);
            if (code is null || !_languages.TryGetValue(code, out Language? language))
            {
                yield return new CampaignRow(line, recipient, null, $"column '{LanguageColumn}': '{code}' is not a language of the template ({string.Join(", ", _languages.Keys)})");
                continue;
            }
            var arguments = new object[language.Parameters.Length];
            string? problem = null;
            for (int p = 0; p < arguments.Length && problem is null; p++)
            {
                string column = columns[language.Columns[p]];
                string value = row[language.Columns[p]].ToString();
                if (value.Length == 0) problem = $"column '{column}' is empty";
                else if (!language.IsLink[p]) arguments[p] = new TextParameter { Text = value };
                else if (Uri.TryCreate(value, UriKind.Absolute, out Uri? link)) arguments[p] = link;
                else problem = $"column '{column}': '{value}' is not an absolute URL";
            }
            yield return problem is null
                ? new CampaignRow(line, recipient, _factory.Create(language.Index, 1, 0, arguments), null)
                : new CampaignRow(line, recipient, null, problem);
        }
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>The templates the rows are checked against.</summary>
    public TemplateRegistry Templates => _templates;
}
