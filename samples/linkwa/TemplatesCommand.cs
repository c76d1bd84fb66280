using System.CommandLine;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa templates FILE</c>: the templates of a templates file with their parameters, and its problems.</summary>
internal sealed class TemplatesCommand : CliCommand
{
    private readonly Option<string> _namespace = NamespaceOption();

    // Hidden from the generated usage, which would otherwise print it before every subcommand ("templates <FILE> diff");
    // Details and Examples say how it is given.
    private readonly Argument<string> _file = new("FILE")
    {
        Description = "WhatsApp's template list, JSON or YAML: a list, or {\"data\": [...]}",
        Hidden = true,
    };

    public override int Order => 30;

    public override string Summary => "List the templates of a templates file with their parameters";

    public override string Details =>
        "linkwa templates FILE reads a templates file (WhatsApp's template list, JSON or YAML: a list, or {\"data\": [...]}) " +
            "as the build does, and lists each template and language with the components a message sends and their parameters. " +
            "Problems come first, FILE:LINE:COLUMN: error|warning: message. linkwa templates diff OLD NEW compares two of them.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa templates whatsapp-templates.json",
        "linkwa templates --namespace my_namespace templates.yaml",
    ];

    public override string ExitCodes => "0 the file is usable (warnings allowed), 1 it has an error or cannot be read, 2 wrong usage.";

    public override Command Create()
    {
        RejectUnknownOptions(_file);
        var command = new Command("templates", Summary)
        {
            _namespace,
            _file,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(_file)!, parseResult.GetValue(_namespace), Out(parseResult)));
        return command;
    }

    private static int Run(string file, string? linkNamespace, TextWriter stdout)
    {
        if (Load(file, linkNamespace, stdout) is not { } result) return Cli.Unreadable;

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
