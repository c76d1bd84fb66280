using LinkMobility.WhatsApp.TemplateFiles;

namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// Reads a templates file at run time, the same way the templates generator reads it at build time (the same
/// source is compiled into both): for run-time sources (<see cref="TemplateFileSource"/>), the sandbox and <c>linkwa templates</c>.
/// </summary>
public static class TemplateFile
{
    /// <summary>Reads a templates file's text.</summary>
    /// <param name="text">WhatsApp's template list, JSON or YAML.</param>
    /// <param name="linkNamespace">LINK's namespace for templates that do not name their own.</param>
    public static TemplateFileResult Parse(string text, string? linkNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        TemplateMapping mapping = TemplateMapping.Embedded() ?? throw new InvalidOperationException("The package has no templates mapping (its embedded schema.yaml is missing).");
        TemplatesFileSpec file = TemplateFileReader.Read(text, linkNamespace, mapping, namespaceRequired: false);
        var problems = file.Problems.Select(p => new TemplateFileIssue(p.Line, p.Column, p.Message, p.Kind is TemplateFileProblemKind.Unsendable or TemplateFileProblemKind.LanguagesDiffer)).ToList();
        return new TemplateFileResult(new TemplateRegistry(file.Templates.Select(t => t.ToDefinition())), problems)
        {
            Previews = [.. file.Templates.Where(t => t.Look is not null).Select(t => TemplatePreview.Of(t.Name, t.Language, t.Look!))],
        };
    }

    /// <summary>Reads a templates file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TemplateFileResult Load(string path, string? linkNamespace = null) => Parse(File.ReadAllText(path), linkNamespace);

    /// <summary>Reads a templates file from a stream (UTF-8 unless it starts with another encoding's byte order mark), to its end.</summary>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static TemplateFileResult Read(Stream stream, string? linkNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Parse(reader.ReadToEnd(), linkNamespace);
    }
}

/// <summary>The templates a file defines, and its problems (a template with an error is left out).</summary>
/// <param name="Templates">The templates that can be sent.</param>
/// <param name="Issues">Every problem, at its line.</param>
public sealed record TemplateFileResult(TemplateRegistry Templates, IReadOnlyList<TemplateFileIssue> Issues)
{
    /// <summary>No errors (warnings allowed).</summary>
    public bool IsValid => Issues.All(i => i.IsWarning);

    /// <summary>What each template shows, as the file gives it (the sandbox's inbox renders template messages with them).</summary>
    public IReadOnlyList<TemplatePreview> Previews { get; init; } = [];
}

/// <summary>
/// What a template shows on the phone, as the templates file gives it, its placeholders as {{1}}, {{2}}: the header (a
/// text, or the media format), the body, the footer and the buttons.
/// </summary>
public sealed record TemplatePreview(string Name, string Language, string? HeaderFormat, string? HeaderText, string Body, string? Footer, IReadOnlyList<TemplateButtonPreview> Buttons)
{
    internal static TemplatePreview Of(string name, string language, TemplateFiles.TemplateLook look) =>
        new(name, language, look.HeaderFormat, look.HeaderText, look.Body, look.Footer, [.. look.Buttons.Select(b => new TemplateButtonPreview(b.Type, b.Text, b.Url, b.PhoneNumber))]);
}

/// <summary>A template's button: its WhatsApp type (QUICK_REPLY, URL, PHONE_NUMBER), its label, and its URL or phone number.</summary>
public sealed record TemplateButtonPreview(string Type, string Text, string? Url, string? PhoneNumber);

/// <summary>A problem of a templates file.</summary>
/// <param name="Line">Its line (1-based).</param>
/// <param name="Column">Its column (1-based).</param>
/// <param name="Message">What is wrong.</param>
/// <param name="IsWarning">A warning (a template this API version cannot send, or a language left out of a builder) rather than an error.</param>
public sealed record TemplateFileIssue(int Line, int Column, string Message, bool IsWarning)
{
    /// <summary>line L, column C: warning|error: message.</summary>
    public override string ToString() => $"line {Line}, column {Column}: {(IsWarning ? "warning" : "error")}: {Message}";
}
