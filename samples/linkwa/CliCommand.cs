using System.CommandLine;

namespace LinkMobility.WhatsApp.Cli;

/// <summary>
/// One linkwa command. A new command is one file with a class deriving from this one: the root command finds it
/// (<see cref="Cli.CreateRoot"/>), and its help shows <see cref="Examples"/> and <see cref="ExitCodes"/>.
/// </summary>
internal abstract class CliCommand
{
    /// <summary>Where the command stands in linkwa's help (or its parent's).</summary>
    public abstract int Order { get; }

    /// <summary>The command this one is a subcommand of (templates, for templates diff); null for a command of linkwa's own.</summary>
    public virtual string? Parent => null;

    /// <summary>What it does in a few words: its description, in linkwa's list of commands and atop its help.</summary>
    public abstract string Summary { get; }

    /// <summary>What it does in full, for its help.</summary>
    public abstract string Details { get; }

    /// <summary>Command lines that show how it is used, for its help.</summary>
    public abstract IReadOnlyList<string> Examples { get; }

    /// <summary>What its exit codes mean, in one line.</summary>
    public abstract string ExitCodes { get; }

    /// <summary>The command (named, described by <see cref="Summary"/>), its options and arguments, and its action.</summary>
    public abstract Command Create();

    /// <summary>--templates: a templates file (WhatsApp's template list) that the command checks against or serves.</summary>
    protected static Option<string> TemplatesOption(string description) =>
        new("--templates", "-t") { Description = description, HelpName = "TEMPLATES_FILE" };

    /// <summary>--namespace: LINK's namespace for the templates file's entries that name none.</summary>
    protected static Option<string> NamespaceOption() =>
        new("--namespace", "-n") { Description = "LINK's namespace, for templates that do not name their own", HelpName = "LINK_NAMESPACE" };

    /// <summary>
    /// A file argument that looks like an option is an unknown option, not a file named "--yaml" (a file whose name
    /// starts with '-' is written ./-name).
    /// </summary>
    protected static void RejectUnknownOptions(Argument files) =>
        files.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-') result.AddError($"Unrecognized option '{token.Value}'");
            }
        });

    /// <summary>Where the command writes what it found.</summary>
    protected static TextWriter Out(ParseResult parseResult) => parseResult.InvocationConfiguration.Output;

    /// <summary>Where the command writes what went wrong.</summary>
    protected static TextWriter Error(ParseResult parseResult) => parseResult.InvocationConfiguration.Error;
}
