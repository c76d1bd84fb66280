using System.CommandLine;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa validate FILE...</c>: every problem of each payload, one line each.</summary>
internal sealed class ValidateCommand : CliCommand
{
    private readonly Option<string> _templates = TemplatesOption("A templates file (WhatsApp's template list): template messages are checked against it too");

    private readonly Option<string> _namespace = NamespaceOption();

    private readonly Argument<string[]> _files = new("FILE")
    {
        Description = "JSON payloads; a file that is none of the API's payloads is checked as a message request",
        Arity = ArgumentArity.OneOrMore,
    };

    public override int Order => 20;

    public override string Summary => "Check each JSON payload against every rule of the document (and your templates)";

    public override string Details =>
        $"Check each JSON payload against every rule of the {ApiDocument.Title} {ApiDocument.Version}, before it is sent. " +
            "Prints one line per problem, FILE: PATH: CODE: message (a warning's message starts with 'warning:'), then a summary. " +
            "With --templates, each template message of a request is also checked against that templates file: name, language, " +
            "components and parameters. docs/diagnostics explains each code.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa validate request.json",
        "linkwa validate --templates whatsapp-templates.json --namespace my_namespace requests/*.json",
    ];

    public override string ExitCodes => "0 every file is valid (warnings allowed), 1 a file has an error or cannot be read, 2 wrong usage.";

    public override Command Create()
    {
        RejectUnknownOptions(_files);
        var command = new Command("validate", Summary)
        {
            _templates,
            _namespace,
            _files,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(_files)!, parseResult.GetValue(_templates), parseResult.GetValue(_namespace), Out(parseResult)));
        return command;
    }

    private static int Run(string[] files, string? templatesFile, string? linkNamespace, TextWriter stdout)
    {
        TemplateRegistry? templates = null;
        if (templatesFile is not null)
        {
            if (TemplatesCommand.Load(templatesFile, linkNamespace, stdout) is not { IsValid: true } loaded) return Cli.Unreadable;
            templates = loaded.Templates;
        }

        int invalid = 0, errors = 0, warnings = 0;
        foreach (string file in files)
        {
            if (!Cli.TryReadFile(file, stdout, out byte[] utf8))
            {
                invalid++;
                continue;
            }

            ValidationResult result;
            try
            {
                PayloadInfo payload = Payloads.Detect(utf8) ?? Payloads.All.First(p => p.Type == typeof(MessageRequest));
                result = Payloads.Validate(payload, utf8);
                // A request that reads can be checked against your templates too (with the document's rules again).
                if (templates is not null && payload.Type == typeof(MessageRequest) && !result.Problems.Any(p => p.Code.StartsWith("LMWA11", StringComparison.Ordinal)))
                {
                    result = MessageRequest.Parse(utf8).Validate(templates);
                }
            }
            catch (WhatsAppJsonException ex)
            {
                // Detect reads only the top level; a document it cannot read at all is reported the same way.
                result = ValidationResult.FromJsonFault(ex, Problems.ForJsonFault(ex.Kind));
            }

            foreach (ValidationProblem problem in result.Problems)
            {
                // FILE: PATH: CODE: message; a warning says so at the start of its message.
                string severity = problem.Severity == ProblemSeverity.Warning ? "warning: " : "";
                stdout.WriteLine($"{file}: {problem.Path}: {problem.Code}: {severity}{problem.Message}");
            }
            errors += result.Errors.Count();
            warnings += result.Warnings.Count();
            if (!result.IsValid) invalid++;
        }

        string Plural(int count, string word) => $"{count} {word}{(count == 1 ? "" : "s")}";
        stdout.WriteLine($"{Plural(files.Length, "file")}: {files.Length - invalid} valid, {invalid} not; {Plural(errors, "error")}, {Plural(warnings, "warning")}");
        return invalid == 0 ? Cli.Ok : Cli.Unreadable;
    }
}
