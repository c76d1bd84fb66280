using LinkMobility.WhatsApp.Sandbox;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa sandbox</c>: the API on this machine until Ctrl+C.</summary>
internal static class SandboxCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!Cli.TryParseValues(args, ["--port", "--user", "--password", "--gate", "--templates", "--namespace"], ["--help", "-h"], out var values, out var flags, out var operands, stderr, "sandbox")) return Cli.Usage;
        if (flags.Count > 0)
        {
            stdout.WriteLine("Usage: linkwa sandbox [--port N] [--user NAME] [--password SECRET] [--gate ID=URL]... [--templates FILE [--namespace NS]]");
            stdout.WriteLine();
            stdout.WriteLine("Runs the WhatsApp Message API on 127.0.0.1 until Ctrl+C or SIGTERM: POST /whatsapp-message/messages with Basic");
            stdout.WriteLine("authentication (sandbox/sandbox by default) and validation; event reports go to the request's gates,");
            stdout.WriteLine("each mapped to a webhook URL with --gate. --port 0 (the default) picks a free port. With --templates,");
            stdout.WriteLine("the sandbox knows those templates as WhatsApp would: a template message that does not fit is queued, then");
            stdout.WriteLine("fails through its event report (112406, with the reason).");
            return Cli.Ok;
        }
        var options = new LinkSandboxOptions();
        if (operands.Count > 0) return Cli.Fail(stderr, "sandbox", $"unexpected argument '{operands[0]}'");
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "--port" when int.TryParse(value, out int port) && port is >= 0 and <= 65535: options.Port = port; break;
                case "--port": return Cli.Fail(stderr, "sandbox", $"'{value}' is not a port number");
                case "--user": options.Username = value; break;
                case "--password": options.Password = value; break;
                case "--gate" when value.Split('=', 2) is [{ Length: > 0 } id, var url] && Uri.TryCreate(url, UriKind.Absolute, out Uri? webhook):
                    options.Gates[id] = webhook;
                    break;
                case "--gate": return Cli.Fail(stderr, "sandbox", $"'{value}' is not ID=URL, such as my-gate=http://127.0.0.1:5000/callbacks");
                case "--templates":
                    if (TemplatesCommand.Load(value, values.LastOrDefault(v => v.Name == "--namespace").Value, stderr) is not { IsValid: true } loaded) return Cli.Unreadable;
                    options.Templates = loaded.Templates;
                    break;
            }
        }
        return RunAsync(options, stdout).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(LinkSandboxOptions options, TextWriter stdout)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl+C in a terminal, SIGTERM from systemd, a container or kill: both stop it cleanly.
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        void Stop(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;   // this process stops itself, after the sandbox has
            stop.Cancel();
        }
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        stdout.WriteLine($"Sandbox listening at {sandbox.BaseUrl} (user {options.Username}). Ctrl+C or SIGTERM stops it.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        stdout.WriteLine($"Stopped after {sandbox.ReceivedRequests.Count} request(s) and {sandbox.DeliveredCallbacks.Count} callback(s).");
        return Cli.Ok;
    }
}
