using System.CommandLine;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa sandbox</c>: the API on this machine until Ctrl+C or SIGTERM.</summary>
internal sealed class SandboxCommand : CliCommand
{
    private readonly Option<int> _port = new("--port", "-p")
    {
        Description = "The loopback port; 0 picks a free one",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<string> _user = new("--user", "-u")
    {
        Description = "The Basic authentication user name it accepts",
        DefaultValueFactory = _ => "sandbox",
    };

    private readonly Option<string> _password = new("--password")
    {
        Description = "The Basic authentication password it accepts",
        DefaultValueFactory = _ => "sandbox",
    };

    private readonly Option<string[]> _gates = new("--gate", "-g")
    {
        Description = "An event report gate and the webhook its callbacks are posted to; repeat it for several",
        HelpName = "ID=URL",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string> _templates = TemplatesOption("A templates file: a template message that does not fit is queued, then fails through its event report (112406)");

    private readonly Option<string> _namespace = NamespaceOption();

    private readonly Option<int?> _rate = new("--rate")
    {
        Description = "Keep WhatsApp's limits at this many messages per second per number (and its pair rate): a message past them fails through its event report (112406)",
    };

    private readonly Option<LinkMobility.WhatsApp.Limits.MessagingTier?> _tier = new("--tier")
    {
        Description = "With --rate: the messaging tier too (new recipients of template messages in 24 hours)",
    };

    private readonly Option<bool> _open = Cli.OpenOption();

    public SandboxCommand()
    {
        _port.Validators.Add(result =>
        {
            // A value that is no number at all is System.CommandLine's own error.
            if (result.Tokens is [{ Value: var text }] && int.TryParse(text, out int port) && port is < 0 or > 65535) result.AddError($"{port} is not a port number (0 to 65535)");
        });
    }

    public override int Order => 50;

    public override string Summary => "Run the API on this machine, for tests";

    public override string Details =>
        "Run the WhatsApp Message API on 127.0.0.1 until Ctrl+C or SIGTERM: POST /whatsapp-message/messages with Basic " +
            "authentication and validation; event reports go to the request's gates, each mapped to a webhook URL with --gate.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa sandbox --port 5005",
        "linkwa sandbox -p 5005 --gate my-gate=http://127.0.0.1:5000/callbacks --templates whatsapp-templates.json",
        "linkwa sandbox -p 5005 --rate 80 --tier Tier1K",
        "linkwa sandbox --templates whatsapp-templates.json --open",
    ];

    public override string ExitCodes => "0 stopped cleanly, 1 the templates file cannot be used, 2 wrong usage.";

    public override Command Create()
    {
        var command = new Command("sandbox", Summary)
        {
            _port,
            _user,
            _password,
            _gates,
            _templates,
            _namespace,
            _rate,
            _tier,
            _open,
        };
        command.SetAction(parseResult =>
        {
            var options = new LinkSandboxOptions
            {
                Port = parseResult.GetValue(_port),
                Username = parseResult.GetValue(_user)!,
                Password = parseResult.GetValue(_password)!,
            };
            if (parseResult.GetValue(_rate) is { } rate)
            {
                if (rate < 1) return Cli.Fail(Error(parseResult), "sandbox", "--rate is messages per second: 1 or more");
                options.Limits.Enabled = true;
                options.Limits.MessagesPerSecond = rate;
                options.Limits.Tier = parseResult.GetValue(_tier) ?? LinkMobility.WhatsApp.Limits.MessagingTier.Unlimited;
            }
            foreach (string gate in parseResult.GetValue(_gates) ?? [])
            {
                if (gate.Split('=', 2) is not [{ Length: > 0 } id, var url] || !Uri.TryCreate(url, UriKind.Absolute, out Uri? webhook))
                {
                    return Cli.Fail(Error(parseResult), "sandbox", $"'{gate}' is not ID=URL, such as my-gate=http://127.0.0.1:5000/callbacks");
                }
                options.Gates[id] = webhook;
            }
            TemplateFileSource? source = null;
            if (parseResult.GetValue(_templates) is { } templatesFile)
            {
                if (TemplatesCommand.Load(templatesFile, parseResult.GetValue(_namespace), Error(parseResult)) is not { IsValid: true } loaded) return Cli.Unreadable;
                options.TemplatePreviews = loaded.Previews;   // the inbox shows template messages with the file's texts
                try
                {
                    // Reloaded when it changes: pause a template in the file, and the next message for it fails.
                    options.TemplateSource = source = new TemplateFileSource(templatesFile, parseResult.GetValue(_namespace));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TemplateFileException)
                {
                    return Cli.Fail(Error(parseResult), "sandbox", ex.Message);
                }
            }
            using (source)
            using (source is null ? null : ReportReloads(source, Out(parseResult)))
            {
                return RunAsync(options, parseResult.GetValue(_open), Out(parseResult), Error(parseResult)).GetAwaiter().GetResult();
            }
        });
        return command;
    }

    /// <summary>Prints each reload of the templates file, or why a change was not taken.</summary>
    private static IDisposable ReportReloads(TemplateFileSource source, TextWriter stdout) =>
        Microsoft.Extensions.Primitives.ChangeToken.OnChange(source.GetReloadToken, () =>
            stdout.WriteLine($"templates: {source.Path} reloaded, {source.Current.Definitions.Count} definition(s)"));

    private static async Task<int> RunAsync(LinkSandboxOptions options, bool open, TextWriter stdout, TextWriter stderr)
    {
        using var stop = new CancellationTokenSource();
        using IDisposable signals = Cli.StopOnSignals(stop);
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        stdout.WriteLine($"Sandbox listening at {sandbox.BaseUrl} (user {options.Username}). Ctrl+C or SIGTERM stops it.");
        stdout.WriteLine($"Inbox (a phone in the browser): {sandbox.InboxUrl}");
        if (open) Cli.OpenInBrowser(sandbox.InboxUrl, stderr);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        stdout.WriteLine($"Stopped after {sandbox.ReceivedRequests.Count} request(s) and {sandbox.DeliveredCallbacks.Count} callback(s).");
        if (options.Limits.Enabled)
        {
            SandboxTraffic traffic = sandbox.Traffic;
            stdout.WriteLine($"Of {traffic.Messages} message(s), {traffic.PastThroughput} went past the throughput, {traffic.PastPairRate} past the pair rate, {traffic.PastTier} past the tier.");
        }
        return Cli.Ok;
    }
}
