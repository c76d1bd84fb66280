using LinkMobility.WhatsApp.Templates;
using nietras.SeparatedValues;

namespace LinkMobility.WhatsApp.Cli.Campaign;

/// <summary>A row of the recipients CSV: its line, recipient and message, or what is wrong with it (naming the column).</summary>
internal sealed record RecipientRow(int Line, string Recipient, TemplateMessage? Message, string? Problem);

/// <summary>
/// The recipients CSV, read with Sep: a recipient column, one column per parameter of the template (named after the
/// builder's parameters: order_id or orderId, matched by TemplateValues), and a language column when --language does not choose one.
/// </summary>
internal sealed class CampaignRecipients
{
    public const string RecipientColumn = "recipient";
    public const string LanguageColumn = "language";

    private readonly string _path;
    private readonly TemplateRegistry _templates;
    private readonly Dictionary<string, Language> _languages;
    private readonly string? _language;

    private CampaignRecipients(string path, TemplateRegistry templates, Dictionary<string, Language> languages, string? language)
    {
        _path = path;
        _templates = templates;
        _languages = languages;
        _language = language;
    }

    /// <summary>One language of the template: how named values make its message, and the column of each parameter.</summary>
    private sealed record Language(TemplateValues Values)
    {
        /// <summary>The column of each parameter (by name), found once from the header.</summary>
        public Dictionary<string, int> Columns { get; init; } = [];
    }

    /// <summary>The recipients of <paramref name="template"/>; null, with the problem printed, when the file or its header cannot serve.</summary>
    public static CampaignRecipients? Open(string path, TemplateRegistry templates, string template, string? language, TextWriter stderr)
    {
        var languages = new Dictionary<string, Language>(StringComparer.OrdinalIgnoreCase);
        try
        {
            IReadOnlyList<string> codes = TemplateValues.LanguagesOf(templates, template);
            if (codes.Count == 0) TemplateValues.For(templates, template, language ?? "");   // says there is no such template, and the nearest
            foreach (string code in codes) languages[code] = new Language(TemplateValues.For(templates, template, code));
            if (language is not null && !languages.ContainsKey(language)) TemplateValues.For(templates, template, language);
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine($"linkwa campaign: {ex.Message.Split(" (Parameter")[0]}");
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
                missing.AddRange(candidate.Values.Missing(columns).Select(p => $"{p} ({candidate.Values.Definition.Language})"));
            }
            if (missing.Count > 0)
            {
                stderr.WriteLine($"{path}:1: the header lacks column(s) {string.Join(", ", missing.Distinct())}; it has {string.Join(", ", columns)}");
                return null;
            }
            foreach (var (code, each) in languages.ToList())
            {
                var at = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (TemplateValueParameter parameter in each.Values.Parameters)
                {
                    if (TemplateValues.NameFor(columns, parameter) is { } column) at[parameter.Name] = IndexOf(columns, column);
                }
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

    private static SepReader Reader(string path) =>
        Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.Outer, DisableColCountCheck = true }).FromFile(path);

    /// <summary>The rows, in order; a row with a problem has no message and names its line and column.</summary>
    public IEnumerable<RecipientRow> Rows()
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
                yield return new RecipientRow(line, recipient, null, $"{which}: the row has {row.ColCount} column(s), the header {columns.Count}");
                continue;
            }
            if (recipient.Length == 0)
            {
                yield return new RecipientRow(line, recipient, null, $"column '{columns[recipientAt]}' is empty");
                continue;
            }
            string? code = _language ?? (languageAt >= 0 ? row[languageAt].ToString() : _languages.Count == 1 ? _languages.Keys.First() : null);
            if (code is null || !_languages.TryGetValue(code, out Language? language))
            {
                yield return new RecipientRow(line, recipient, null, $"column '{LanguageColumn}': '{code}' is not a language of the template ({string.Join(", ", _languages.Keys)})");
                continue;
            }
            RecipientRow result;
            try
            {
                var cells = new Dictionary<string, string>(language.Columns.Count, StringComparer.Ordinal);
                foreach (var (name, at) in language.Columns) cells[name] = row[at].ToString();
                result = new RecipientRow(line, recipient, language.Values.Create(name => cells[name]), null);
            }
            catch (TemplateValueException ex)
            {
                result = new RecipientRow(line, recipient, null, $"column '{columns[language.Columns[ex.Parameter]]}' {ex.Problem}");
            }
            yield return result;
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
