namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa codes</c> and <c>linkwa languages</c>: the document's tables.</summary>
internal static class CatalogueCommands
{
    public static int Codes(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!Cli.TryParse(args, ["--help", "-h"], out var options, out var operands, stderr, "codes")) return Cli.Usage;
        if (options.Count > 0)
        {
            stdout.WriteLine("Usage: linkwa codes");
            stdout.WriteLine();
            stdout.WriteLine($"Lists the result codes of the {ApiDocument.Title} {ApiDocument.Version}: code, outcome");
            stdout.WriteLine("(success, failure of the message, or error), whether it is final, description and explanation.");
            return Cli.Ok;
        }
        if (operands.Count > 0) return Unexpected(operands[0], "codes", stderr);

        stdout.WriteLine($"{"Code",-8}{"Outcome",-9}{"Final",-7}{"Description",-24}Explanation");
        foreach (ResultCodeInfo code in ResultCodes.All)
        {
            string outcome = code.Outcome.ToString().ToLowerInvariant();
            stdout.WriteLine($"{code.Code,-8}{outcome,-9}{(code.IsFinal ? "yes" : "no"),-7}{code.Description,-24}{code.Explanation}");
        }
        return Cli.Ok;
    }

    public static int Languages(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!Cli.TryParse(args, ["--help", "-h"], out var options, out var operands, stderr, "languages")) return Cli.Usage;
        if (options.Count > 0)
        {
            stdout.WriteLine("Usage: linkwa languages");
            stdout.WriteLine();
            stdout.WriteLine("Lists the languages templates support: the code to put in Language.code, and the name.");
            return Cli.Ok;
        }
        if (operands.Count > 0) return Unexpected(operands[0], "languages", stderr);

        stdout.WriteLine($"{"Code",-8}Name");
        foreach (TemplateLanguage language in TemplateLanguages.All) stdout.WriteLine($"{language.Code,-8}{language.Name}");
        return Cli.Ok;
    }

    private static int Unexpected(string operand, string command, TextWriter stderr)
    {
        stderr.WriteLine($"linkwa {command}: unexpected argument '{operand}'. Run 'linkwa {command} --help'.");
        return Cli.Usage;
    }
}
