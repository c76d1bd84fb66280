using System.CommandLine;
using System.Text.Json;
using LinkMobility.WhatsApp.Serialization;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa templates diff OLD NEW</c>: what changed between two templates files, and whether it breaks code built against the old one.</summary>
internal sealed class TemplatesDiffCommand : CliCommand
{
    private readonly Argument<string> _old = new("OLD") { Description = "The templates file code was built against" };

    private readonly Argument<string> _new = new("NEW") { Description = "The templates file as it is now (WhatsApp's template list today)" };

    private readonly Option<bool> _json = new("--json", "-j") { Description = "Print the changes as one JSON document, for scripts" };

    private readonly Option<string> _namespace = NamespaceOption();

    public override int Order => 31;

    public override string? Parent => "templates";

    public override string Summary => "What changed between two templates files, and what breaks code built against the old one";

    public override string Details =>
        "Reads both files as the build does and lists, per template and language: added and removed, status changes, " +
        "and shape changes (components added or removed, a button's sub type, parameter counts, kinds and names). A " +
        "change is breaking when code built against OLD no longer fits NEW: a builder is gone, a send is refused (a " +
        "template no longer APPROVED), or a message no longer matches the template (WhatsApp errors 132000, 132001, " +
        "132012). Widening a parameter's kinds, a new template or language, and a template that became APPROVED are not.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa templates diff whatsapp-templates.json latest-templates.json",
        "linkwa templates diff --json build/templates.json latest.json | jq '.changes[] | select(.breaking)'",
    ];

    public override string ExitCodes => "0 nothing breaks (changes allowed), 1 a change breaks code built against OLD or a file cannot be used, 2 wrong usage.";

    public override Command Create()
    {
        var command = new Command("diff", Summary) { _old, _new, _json, _namespace };
        command.SetAction(parseResult => Run(parseResult.GetValue(_old)!, parseResult.GetValue(_new)!, parseResult.GetValue(_namespace),
            parseResult.GetValue(_json), Out(parseResult), Error(parseResult)));
        return command;
    }

    private static int Run(string oldFile, string newFile, string? linkNamespace, bool json, TextWriter stdout, TextWriter stderr)
    {
        // Problems of either file go to stderr, so --json output stays one document.
        if (TemplatesCommand.Load(oldFile, linkNamespace, stderr) is not { IsValid: true } old) return Cli.Unreadable;
        if (TemplatesCommand.Load(newFile, linkNamespace, stderr) is not { IsValid: true } @new) return Cli.Unreadable;
        IReadOnlyList<TemplateChange> changes = TemplatesDiff.Compare(old.Templates, @new.Templates);
        int breaking = changes.Count(c => c.Breaking);
        if (json)
        {
            WriteJson(changes, breaking, stdout);
        }
        else
        {
            foreach (TemplateChange change in changes)
            {
                char mark = change.Kind switch { "added" => '+', "removed" => '-', _ => '~' };
                stdout.WriteLine($"{mark} {change.Template} ({change.Language}): {change.Detail}{(change.Breaking ? "  [breaking]" : "")}");
            }
            stdout.WriteLine(changes.Count == 0 ? "No changes." : $"{changes.Count} change(s), {breaking} breaking");
        }
        return breaking == 0 ? Cli.Ok : Cli.Unreadable;
    }

    private static void WriteJson(IReadOnlyList<TemplateChange> changes, int breaking, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWrite.IndentedWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("breaking", breaking);
            writer.WriteStartArray("changes");
            foreach (TemplateChange change in changes)
            {
                writer.WriteStartObject();
                writer.WriteString("template", change.Template);
                writer.WriteString("language", change.Language);
                writer.WriteString("kind", change.Kind);
                writer.WriteString("detail", change.Detail);
                writer.WriteBoolean("breaking", change.Breaking);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
