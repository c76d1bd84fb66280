namespace LinkMobility.WhatsApp.Cli;

/// <summary>Dispatches linkwa's commands. Exit codes: 0 success, 1 a payload or file that cannot be read (or, for validate, is invalid), 2 wrong usage.</summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int Unreadable = 1;
    public const int Usage = 2;

    private static readonly (string Name, string Summary, Func<string[], TextWriter, TextWriter, int> Run)[] Commands =
    [
        ("inspect", "Say what each JSON payload is and print it re-written from the typed model", InspectCommand.Run),
        ("validate", "Check each JSON payload against every rule of the document (and your templates)", ValidateCommand.Run),
        ("templates", "List the templates of a templates file with their parameters", TemplatesCommand.Run),
        ("send", "Send a text or a request from a JSON file to the API or a sandbox", SendCommand.Run),
        ("sandbox", "Run the API on this machine, for tests", SandboxCommand.Run),
        ("demo", "Send one message of every type to the local sandbox and follow the reports", DemoCommand.Run),
        ("codes", "List the API's result codes", CatalogueCommands.Codes),
        ("languages", "List the languages templates support", CatalogueCommands.Languages),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            WriteUsage(stderr);
            return Usage;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            WriteUsage(stdout);
            return Ok;
        }
        if (args[0] is "--version")
        {
            stdout.WriteLine($"linkwa for the {ApiDocument.Title} {ApiDocument.Version} ({ApiDocument.Date})");
            return Ok;
        }
        foreach (var command in Commands)
        {
            if (command.Name == args[0]) return command.Run(args[1..], stdout, stderr);
        }
        stderr.WriteLine($"linkwa: unknown command '{args[0]}'. Run 'linkwa --help' for the commands.");
        return Usage;
    }

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine($"linkwa: the {ApiDocument.Title} {ApiDocument.Version} on the command line.");
        writer.WriteLine();
        writer.WriteLine("Usage: linkwa <command> [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        foreach (var command in Commands) writer.WriteLine($"  {command.Name,-11}{command.Summary}");
        writer.WriteLine();
        writer.WriteLine("Run 'linkwa <command> --help' for a command's options. Exit codes: 0 success, 1 unreadable or invalid input, 2 wrong usage.");
    }

    /// <summary>Reads a file's bytes; when it cannot, says why in one line to <paramref name="report"/>.</summary>
    public static bool TryReadFile(string file, TextWriter report, out byte[] utf8)
    {
        try
        {
            utf8 = File.ReadAllBytes(file);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            report.WriteLine($"{file}: cannot read the file: {ex.Message}");
            utf8 = [];
            return false;
        }
    }

    /// <summary>Says what is wrong with the usage; returns the usage exit code.</summary>
    public static int Fail(TextWriter stderr, string command, string problem)
    {
        stderr.WriteLine($"linkwa {command}: {problem}. Run 'linkwa {command} --help'.");
        return Usage;
    }

    /// <summary>Splits arguments into options with a value (<paramref name="valued"/>, "--name value"), flags, and operands.</summary>
    public static bool TryParseValues(string[] args, string[] valued, string[] flagNames, out List<(string Name, string Value)> values,
        out HashSet<string> flags, out List<string> operands, TextWriter stderr, string command)
    {
        values = [];
        flags = [];
        operands = [];
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (Array.IndexOf(valued, arg) >= 0)
            {
                if (i + 1 >= args.Length)
                {
                    stderr.WriteLine($"linkwa {command}: {arg} needs a value. Run 'linkwa {command} --help'.");
                    return false;
                }
                values.Add((arg, args[++i]));
            }
            else if (Array.IndexOf(flagNames, arg) >= 0)
            {
                flags.Add(arg);
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                stderr.WriteLine($"linkwa {command}: unknown option '{arg}'. Run 'linkwa {command} --help'.");
                return false;
            }
            else
            {
                operands.Add(arg);
            }
        }
        return true;
    }

    /// <summary>Splits arguments into options (in <paramref name="known"/>) and operands; false with a message for anything else.</summary>
    public static bool TryParse(string[] args, string[] known, out HashSet<string> options, out List<string> operands, TextWriter stderr, string command)
    {
        options = [];
        operands = [];
        bool onlyOperands = false;
        foreach (string arg in args)
        {
            if (!onlyOperands && arg == "--")
            {
                onlyOperands = true;
            }
            else if (!onlyOperands && arg.StartsWith('-') && arg.Length > 1)
            {
                if (Array.IndexOf(known, arg) < 0)
                {
                    stderr.WriteLine($"linkwa {command}: unknown option '{arg}'. Run 'linkwa {command} --help'.");
                    return false;
                }
                options.Add(arg);
            }
            else
            {
                operands.Add(arg);
            }
        }
        return true;
    }
}
