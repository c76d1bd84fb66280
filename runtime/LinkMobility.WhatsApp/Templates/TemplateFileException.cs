namespace LinkMobility.WhatsApp.Templates;

/// <summary>A templates file with errors: nothing of it was taken.</summary>
public sealed class TemplateFileException : WhatsAppException
{
    /// <summary>The exception for a file's issues.</summary>
    public TemplateFileException(string source, IReadOnlyList<TemplateFileIssue> issues)
        : base($"The templates file {source} has errors, so none of it was taken:{string.Concat(issues.Where(i => !i.IsWarning).Select(i => "\n  " + i))}")
    {
        Issues = issues;
    }

    /// <summary>Every problem, at its line.</summary>
    public IReadOnlyList<TemplateFileIssue> Issues { get; }

    internal static TemplateFileResult ThrowIfInvalid(TemplateFileResult result, string source) =>
        result.IsValid ? result : throw new TemplateFileException(source, result.Issues);
}
