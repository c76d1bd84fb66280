using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace LinkMobility.WhatsApp.Cli;

/// <summary>
/// linkwa's command line, on System.CommandLine: every <see cref="CliCommand"/> in this assembly, generated help with
/// examples, POSIX option forms, response files (@file) and the [suggest] directive for tab completion.
/// Exit codes: 0 success, 1 a payload or file that cannot be read (or, for validate, is invalid), 2 wrong usage.
/// </summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int Unreadable = 1;
    public const int Usage = 2;

    /// <summary>Parses and runs a command line, writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        RootCommand root = CreateRoot();
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is ParseErrorAction)
        {
            // Wrong usage names itself, in one line each, and where the help is: never a stack trace.
            string command = CommandPath(result.CommandResult);
            foreach (var error in result.Errors) stderr.WriteLine($"{command}: {error.Message.TrimEnd('.')}. Run '{command} --help'.");
            return Usage;
        }
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            // The sandbox stops itself on SIGINT and SIGTERM; nothing else runs long enough to need it.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return result.Invoke(invocation);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"{CommandPath(result.CommandResult)}: failed: {ex.Message}");
            return Unreadable;
        }
    }

    /// <summary>The root command with every command of this assembly, in their <see cref="CliCommand.Order"/>.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand($"linkwa: the {ApiDocument.Title} {ApiDocument.Version} on the command line.");
        // Each command as System.CommandLine sees it, and the CliCommand that made it (its help's details and examples).
        var commands = new Dictionary<Command, CliCommand>();
        foreach (Type type in typeof(Cli).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CliCommand)) && !t.IsAbstract))
        {
            var command = (CliCommand)Activator.CreateInstance(type)!;
            commands[command.Create()] = command;
        }
        foreach (var (created, command) in commands.OrderBy(c => c.Value.Order))
        {
            Command parent = command.Parent is { } name ? commands.Keys.Single(c => c.Name == name && commands[c].Parent is null) : root;
            parent.Subcommands.Add(created);
        }
        root.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Error.WriteLine("linkwa: name a command. Run 'linkwa --help' for the commands.");
            return Usage;
        });
        foreach (Option option in root.Options)
        {
            switch (option)
            {
                case HelpOption help:
                    help.Action = new HelpWithDetails((HelpAction)help.Action!, commands);
                    break;
                case VersionOption version:
                    version.Action = new PrintVersion();
                    break;
            }
        }
        return root;
    }

    /// <summary>"linkwa", "linkwa inspect" or "linkwa templates diff".</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is CommandResult { Command: not RootCommand } named; result = result.Parent) names.Insert(0, named.Command.Name);
        return string.Join(' ', names.Prepend("linkwa"));
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

    /// <summary>Says what is wrong with the usage (a check System.CommandLine cannot make); returns the usage exit code.</summary>
    public static int Fail(TextWriter stderr, string command, string problem)
    {
        stderr.WriteLine($"linkwa {command}: {problem}. Run 'linkwa {command} --help'.");
        return Usage;
    }

    /// <summary>The generated help, then the command's details, examples and exit codes.</summary>
    private sealed class HelpWithDetails(HelpAction help, IReadOnlyDictionary<Command, CliCommand> commands) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int exit = help.Invoke(parseResult);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (commands.TryGetValue(parseResult.CommandResult.Command, out CliCommand? command))
            {
                output.WriteLine("Details:");
                foreach (string line in Wrap(command.Details, 100)) output.WriteLine("  " + line);
                output.WriteLine();
                output.WriteLine("Examples:");
                foreach (string example in command.Examples) output.WriteLine("  " + example);
                output.WriteLine();
                output.WriteLine("Exit codes: " + command.ExitCodes);
            }
            else
            {
                output.WriteLine("Run 'linkwa COMMAND --help' for a command's options and examples. Options take the forms --name value,");
                output.WriteLine("--name=value and --name:value; @FILE reads more arguments from a response file, one or more a line.");
                output.WriteLine("Exit codes: 0 success, 1 unreadable or invalid input, 2 wrong usage.");
            }
            return exit;
        }

        private static IEnumerable<string> Wrap(string text, int width)
        {
            var line = new System.Text.StringBuilder();
            foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            if (line.Length > 0) yield return line.ToString();
        }
    }

    /// <summary>--version: the document this linkwa speaks.</summary>
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"linkwa for the {ApiDocument.Title} {ApiDocument.Version} ({ApiDocument.Date})");
            return Ok;
        }
    }

    /// <summary>The --open option: opens the sandbox's inbox in the default browser.</summary>
    public static Option<bool> OpenOption() => new("--open") { Description = "Open the sandbox's inbox (a phone in the browser) in the default browser" };

    /// <summary>Opens <paramref name="url"/> in the default browser; says so and goes on when there is none.</summary>
    public static void OpenInBrowser(Uri url, TextWriter stderr)
    {
        try
        {
            using var _ = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(url.ToString()) { UseShellExecute = true });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            stderr.WriteLine($"linkwa: no browser could be opened ({ex.Message}); open {url} yourself.");
        }
    }

    /// <summary>
    /// Ctrl+C in a terminal and SIGTERM (systemd, a container, kill) cancel <paramref name="stop"/> instead of ending the
    /// process, so the command stops cleanly; until the returned registration is disposed.
    /// </summary>
    public static IDisposable StopOnSignals(CancellationTokenSource stop)
    {
        void Stop(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;   // the command ends the process itself, once it has stopped
            stop.Cancel();
        }
        var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        return new Registrations(interrupt, terminate);
    }

    private sealed class Registrations(params IDisposable[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (IDisposable registration in registrations) registration.Dispose();
        }
    }
}
