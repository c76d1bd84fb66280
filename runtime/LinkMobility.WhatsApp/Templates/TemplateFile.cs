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
        return new TemplateFileResult(new TemplateRegistry(file.Templates.Select(t => t.ToDefinition())), problems);
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
}

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
