using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa templates FILE</c>: the templates of a templates file with their parameters, and its problems.</summary>
internal static class TemplatesCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!Cli.TryParseValues(args, ["--namespace"], ["--help", "-h"], out var values, out var flags, out var files, stderr, "templates")) return Cli.Usage;
        if (flags.Count > 0)
        {
            stdout.WriteLine("Usage: linkwa templates FILE [--namespace LINK_NAMESPACE]");
            stdout.WriteLine();
            stdout.WriteLine("Reads a templates file (WhatsApp's template list, JSON or YAML, a list or {\"data\": [...]}) as the build");
            stdout.WriteLine("does, and lists each template and language with the components a message sends and their parameters.");
            stdout.WriteLine("Problems come first, FILE:LINE:COLUMN: error|warning: message. --namespace is LINK's namespace for");
            stdout.WriteLine("templates that do not name their own.");
            stdout.WriteLine("Exit codes: 0 the file is usable (warnings allowed), 1 it has an error or cannot be read, 2 wrong usage.");
            return Cli.Ok;
        }
        if (files.Count != 1) return Cli.Fail(stderr, "templates", files.Count == 0 ? "name a templates file" : $"unexpected argument '{files[1]}'");
        if (Load(files[0], values.Select(v => v.Value).LastOrDefault(), stdout) is not { } result) return Cli.Unreadable;

        foreach (TemplateDefinition template in result.Templates.Definitions)
        {
            stdout.WriteLine($"{template.Name} ({template.Language}, {template.Status}{(template.Category is null ? "" : ", " + template.Category)}){(template.Namespace is null ? "" : ", namespace " + template.Namespace)}");
            if (template.Components.Count == 0) stdout.WriteLine("  no parameters");
            foreach (TemplateComponentDefinition component in template.Components)
            {
                string parameters = component.Parameters.Count == 0 ? "no parameters" : string.Join(", ", component.Parameters.Select(p => $"{p.Name} ({string.Join("|", p.Kinds)})"));
                stdout.WriteLine($"  {component}: {parameters}");
            }
        }
        stdout.WriteLine($"{result.Templates.Definitions.Count} template(s); {result.Issues.Count(i => !i.IsWarning)} error(s), {result.Issues.Count(i => i.IsWarning)} warning(s)");
        return result.IsValid ? Cli.Ok : Cli.Unreadable;
    }

    /// <summary>Reads a templates file and prints its problems; null (with the reason printed) when it cannot be read.</summary>
    public static TemplateFileResult? Load(string file, string? linkNamespace, TextWriter report)
    {
        TemplateFileResult result;
        try
        {
            result = TemplateFile.Load(file, linkNamespace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            report.WriteLine($"{file}: cannot read the file: {ex.Message}");
            return null;
        }
        foreach (TemplateFileIssue issue in result.Issues) report.WriteLine($"{file}:{issue.Line}:{issue.Column}: {(issue.IsWarning ? "warning" : "error")}: {issue.Message}");
        return result;
    }
}
