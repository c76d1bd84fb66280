using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa validate FILE...</c>: every problem of each payload, one line each.</summary>
internal static class ValidateCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!Cli.TryParseValues(args, ["--templates", "--namespace"], ["--help", "-h"], out var values, out var options, out var files, stderr, "validate")) return Cli.Usage;
        if (options.Count > 0)
        {
            stdout.WriteLine("Usage: linkwa validate [--templates TEMPLATES_FILE [--namespace LINK_NAMESPACE]] FILE...");
            stdout.WriteLine();
            stdout.WriteLine($"Checks each JSON payload against every rule of the {ApiDocument.Title} {ApiDocument.Version},");
            stdout.WriteLine("before it is sent. Prints one line per problem, FILE: PATH: CODE: message (a warning's message");
            stdout.WriteLine("starts with 'warning:'), then a summary. A file that is none of the API's payloads is checked as");
            stdout.WriteLine("a message request. With --templates, each template message of a request is also checked against");
            stdout.WriteLine("that templates file (WhatsApp's template list): name, language, components and parameters.");
            stdout.WriteLine("README.md explains each code.");
            stdout.WriteLine();
            stdout.WriteLine("Exit codes: 0 every file is valid (warnings allowed), 1 a file has an error or cannot be read, 2 wrong usage.");
            return Cli.Ok;
        }
        if (files.Count == 0)
        {
            stderr.WriteLine("linkwa validate: name at least one JSON file. Run 'linkwa validate --help'.");
            return Cli.Usage;
        }

        TemplateRegistry? templates = null;
        if (values.LastOrDefault(v => v.Name == "--templates") is { Value: { } templatesFile })
        {
            if (TemplatesCommand.Load(templatesFile, values.LastOrDefault(v => v.Name == "--namespace").Value, stdout) is not { IsValid: true } loaded) return Cli.Unreadable;
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
        stdout.WriteLine($"{Plural(files.Count, "file")}: {files.Count - invalid} valid, {invalid} not; {Plural(errors, "error")}, {Plural(warnings, "warning")}");
        return invalid == 0 ? Cli.Ok : Cli.Unreadable;
    }
}
