using System.CommandLine;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa codes</c>: the document's result codes.</summary>
internal sealed class CodesCommand : CliCommand
{
    public override int Order => 70;

    public override string Summary => "List the API's result codes";

    public override string Details =>
        $"List the result codes of the {ApiDocument.Title} {ApiDocument.Version}: code, outcome (success, failure of the " +
            "message, or error), whether it is final, description and explanation.";

    public override IReadOnlyList<string> Examples => ["linkwa codes", "linkwa codes | grep failure"];

    public override string ExitCodes => "0 listed, 2 wrong usage.";

    public override Command Create()
    {
        var command = new Command("codes", Summary);
        command.SetAction(parseResult =>
        {
            TextWriter stdout = Out(parseResult);
            stdout.WriteLine($"{"Code",-8}{"Outcome",-9}{"Final",-7}{"Description",-24}Explanation");
            foreach (ResultCodeInfo code in ResultCodes.All)
            {
                string outcome = code.Outcome.ToString().ToLowerInvariant();
                stdout.WriteLine($"{code.Code,-8}{outcome,-9}{(code.IsFinal ? "yes" : "no"),-7}{code.Description,-24}{code.Explanation}");
            }
            return Cli.Ok;
        });
        return command;
    }
}

/// <summary><c>linkwa languages</c>: the languages templates support.</summary>
internal sealed class LanguagesCommand : CliCommand
{
    public override int Order => 80;

    public override string Summary => "List the languages templates support";

    public override string Details =>
        "List the languages templates support: the code to put in Language.code, and the name.";

    public override IReadOnlyList<string> Examples => ["linkwa languages", "linkwa languages | grep -i portuguese"];

    public override string ExitCodes => "0 listed, 2 wrong usage.";

    public override Command Create()
    {
        var command = new Command("languages", Summary);
        command.SetAction(parseResult =>
        {
            TextWriter stdout = Out(parseResult);
            stdout.WriteLine($"{"Code",-8}Name");
            foreach (TemplateLanguage language in TemplateLanguages.All) stdout.WriteLine($"{language.Code,-8}{language.Name}");
            return Cli.Ok;
        });
        return command;
    }
}
