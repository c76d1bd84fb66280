using System.CommandLine;
using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Cli.Campaign;
using LinkMobility.WhatsApp.Limits;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa campaign</c>: one template to the recipients of a CSV, paced, recorded, and resumable.</summary>
internal sealed class CampaignCommand : CliCommand
{
    /// <summary>Stopped by Ctrl+C or SIGTERM: what was sent is recorded, and --resume goes on from there.</summary>
    public const int Interrupted = 130;

    private readonly ApiConnection _connection = new();
    private readonly Option<bool> _sandbox = new("--sandbox") { Description = "Send to a sandbox in this process, which keeps the same limits (no account needed)" };
    private readonly Option<string> _templates = TemplatesOption("The templates file the template comes from");
    private readonly Option<string> _namespace = NamespaceOption();
    private readonly Option<string> _template = new("--template") { Description = "The template's name", HelpName = "NAME", Required = true };
    private readonly Option<string> _recipients = new("--recipients", "-r") { Description = "The recipients CSV: a recipient column and one column per parameter", HelpName = "RECIPIENTS.csv", Required = true };
    private readonly Option<string> _language = new("--language", "-l") { Description = "The language for every row (otherwise a language column, or the template's only language)", HelpName = "CODE" };
    private readonly Option<string> _results = new("--results", "-o") { Description = "Where results go (RECIPIENTS.results.csv by default); it must not exist", HelpName = "RESULTS.csv" };
    private readonly Option<string> _resume = new("--resume") { Description = "Go on with a results file: every recipient with a row in it is skipped", HelpName = "RESULTS.csv" };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Check every row against the template and the document's rules; send nothing" };
    private readonly Option<string> _gate = new("--gate") { Description = "The event report gate the reports go to", HelpName = "GATE_ID" };
    private readonly Option<int> _rate = new("--rate") { Description = "Messages per second from the number (WhatsApp's default 80; up to 1,000 on higher tiers)", DefaultValueFactory = _ => 80 };
    private readonly Option<MessagingTier> _tier = new("--tier") { Description = "The number's messaging tier: new recipients in 24 hours", DefaultValueFactory = _ => MessagingTier.Unlimited };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 4 };

    public override int Order => 45;

    public override string Summary => "Send a template to every recipient of a CSV, paced and resumable";

    public override string Details =>
        "Sends --template from --templates to each row of --recipients: a 'recipient' column, one column per parameter " +
            "(named after the builder's parameters, order_id or orderId), and a 'language' column unless --language says. " +
            "Rows are checked one by one; a malformed row is reported with its line and column and not sent. Sends are " +
            "paced by WhatsApp's limits (--rate, the pair rate, --tier), packed when messages are identical, and each " +
            "recipient's result goes to the results CSV (recipient, outcome, message_id, reason, ref_id, line), flushed as " +
            "it comes: 'sending' before a request leaves, then sent, refused, api_error, not_connected or unknown. " +
            "--resume RESULTS.csv skips every recipient that has a row there; one left at 'sending' by a run that died may " +
            "have gone out, so it becomes unknown and is never sent again (reconcile it with the event reports of its ref_id).";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa campaign --sandbox -t whatsapp-templates.json -n demo_namespace --template order_shipped -r recipients.csv",
        "linkwa campaign --region NEu -u me --password secret --from +4670000000 --platform-id P --partner-id PP -t templates.json --template sale -r list.csv --rate 200",
        "linkwa campaign --dry-run -t templates.json --template sale -r list.csv",
        "linkwa campaign --resume list.results.csv --region NEu ... -t templates.json --template sale -r list.csv",
    ];

    public override string ExitCodes => "0 every row sent (or valid, with --dry-run), 1 a row malformed, a recipient not sent or a file unreadable, 2 wrong usage, 130 stopped (Ctrl+C or SIGTERM): --resume goes on.";

    public override Command Create()
    {
        Command command = _connection.Command("campaign", Summary,
            _sandbox, _templates, _namespace, _template, _recipients, _language, _results, _resume, _dryRun,
            _connection.From, _connection.PlatformId, _connection.PartnerId, _gate, _rate, _tier, _concurrency);
        _templates.Required = true;
        command.SetAction(parseResult => Run(parseResult, Out(parseResult), Error(parseResult)));
        return command;
    }

    private int Run(ParseResult parseResult, TextWriter stdout, TextWriter stderr)
    {
        using var stop = new CancellationTokenSource();
        using IDisposable signals = Cli.StopOnSignals(stop);
        return RunAsync(parseResult, stdout, stderr, stop.Token).GetAwaiter().GetResult();
    }

    private async Task<int> RunAsync(ParseResult parseResult, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        string csv = parseResult.GetValue(_recipients)!;
        string templateName = parseResult.GetValue(_template)!;
        bool dryRun = parseResult.GetValue(_dryRun), inSandbox = parseResult.GetValue(_sandbox);
        if (parseResult.GetValue(_rate) < 1) return Cli.Fail(stderr, "campaign", "--rate is messages per second: 1 or more");
        if (parseResult.GetValue(_concurrency) < 1) return Cli.Fail(stderr, "campaign", "--concurrency is 1 or more");

        if (TemplatesCommand.Load(parseResult.GetValue(_templates)!, parseResult.GetValue(_namespace), stderr) is not { IsValid: true } loaded) return Cli.Unreadable;
        if (CampaignRecipients.Open(csv, loaded.Templates, templateName, parseResult.GetValue(_language), stderr) is not { } recipients) return Cli.Unreadable;

        // Where results go, and what an earlier run recorded.
        string? resume = parseResult.GetValue(_resume);
        string resultsPath = resume ?? parseResult.GetValue(_results) ?? Path.ChangeExtension(csv, ".results.csv");
        var previous = new Dictionary<string, CampaignResult>(StringComparer.Ordinal);
        if (!dryRun && resume is not null)
        {
            if (!File.Exists(resume)) return Cli.Fail(stderr, "campaign", $"--resume {resume}: no such file");
            previous = CampaignResults.Read(resume, out string? problem);
            if (problem is not null)
            {
                stderr.WriteLine(problem);
                return Cli.Unreadable;
            }
        }
        else if (!dryRun && File.Exists(resultsPath) && new FileInfo(resultsPath).Length > 0)
        {
            return Cli.Fail(stderr, "campaign", $"{resultsPath} exists: go on with it with --resume {resultsPath}, or choose another --results");
        }

        // The first pass: every row checked, malformed ones and repeated recipients reported, the rest counted.
        CampaignResults? results = null;   // opened once the rows are checked; requests leave only after that
        var request = new BulkSendOptions
        {
            PlatformId = parseResult.GetValue(_connection.PlatformId) ?? (inSandbox ? "sandbox" : ""),
            PlatformPartnerId = parseResult.GetValue(_connection.PartnerId) ?? (inSandbox ? "sandbox" : ""),
            Source = parseResult.GetValue(_connection.From) ?? (inSandbox ? "+4670000000" : ""),
            EventReportGates = parseResult.GetValue(_gate) is { } gate ? [gate] : null,
            RefIdPrefix = "campaign-" + Guid.NewGuid().ToString("N")[..8] + "-",
            MaxConcurrency = parseResult.GetValue(_concurrency),
            BeforeSending = (sending, _) =>
            {
                results!.WriteSending(sending);
                return ValueTask.CompletedTask;
            },
        };
        int malformed = 0, toSend = 0, invalid = 0;
        foreach (var (row, send) in Plan(recipients, previous, csv, stderr))
        {
            if (row.Problem is not null) malformed++;
            if (!send) continue;
            toSend++;
            if (dryRun && Problems(request, row, recipients.Templates) is { } problems)
            {
                invalid++;
                stderr.WriteLine($"{csv}:{row.Line}: {row.Recipient}: {problems}");
            }
        }
        if (dryRun)
        {
            stdout.WriteLine($"{toSend - invalid} row(s) would be sent, {invalid} would be refused, {malformed} malformed; nothing was sent");
            return malformed + invalid == 0 ? Cli.Ok : Cli.Unreadable;
        }
        if (!inSandbox && (request.PlatformId.Length == 0 || request.PlatformPartnerId.Length == 0 || request.Source.Length == 0))
        {
            return Cli.Fail(stderr, "campaign", "give --from, --platform-id and --partner-id (or --sandbox)");
        }

        // The client, to the API or a sandbox here, with WhatsApp's limits.
        var limits = new WhatsAppSendLimits { Enabled = true, MessagesPerSecond = parseResult.GetValue(_rate), Tier = parseResult.GetValue(_tier) };
        await using LinkSandbox? sandbox = inSandbox
            ? await LinkSandbox.StartAsync(new LinkSandboxOptions { Templates = recipients.Templates, Limits = { Enabled = true, MessagesPerSecond = limits.MessagesPerSecond, Tier = limits.Tier } }, stop)
            : null;
        WhatsAppClientOptions? clientOptions = sandbox is not null
            ? new WhatsAppClientOptions { BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true }
            : _connection.ClientOptions(parseResult, "campaign", stderr);
        if (clientOptions is null) return Cli.Usage;
        clientOptions.Templates = recipients.Templates;
        clientOptions.Limits = limits;
        using var http = new HttpClient(WhatsAppClient.CreateHandler());
        WhatsAppClient client;
        try
        {
            clientOptions.ResolveBaseUrl();
            client = new WhatsAppClient(http, clientOptions);
        }
        catch (InvalidOperationException ex)
        {
            return Cli.Fail(stderr, "campaign", ex.Message);
        }

        using CampaignResults opened = results = CampaignResults.Open(resultsPath);
        // A recipient an earlier run left at "sending" may have gone out: it is unknown now, and never sent again.
        foreach (CampaignResult left in previous.Values.Where(r => r.Outcome == CampaignResults.Sending))
        {
            results.Write(left with { Outcome = CampaignResults.Unknown, Reason = $"the run that sent it stopped before its answer came; it may have gone out: reconcile with the event reports of refId {left.RefId}" });
        }
        results.Flush();
        if (previous.Count > 0) stdout.WriteLine($"campaign: {previous.Count} recipient(s) already have a result in {resultsPath}; they are skipped");

        var progress = new CampaignProgress(toSend, stdout);
        bool stopped = false;
        try
        {
            await progress.RunAsync(async report =>
            {
                await foreach (BulkResult result in client.SendManyAsync(Messages(recipients, previous, csv), request, stop))
                {
                    results.WriteOutcome(result);
                    report(result);
                }
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            stopped = true;
        }
        stdout.WriteLine($"campaign: {progress.Sent} sent, {progress.Failed} failed, {progress.Unknown} unknown, {malformed} malformed row(s); results in {resultsPath}");
        if (sandbox is not null)
        {
            SandboxTraffic traffic = sandbox.Traffic;
            stdout.WriteLine($"campaign: the sandbox took {traffic.Messages} message(s): {traffic.PastThroughput} past the throughput, {traffic.PastPairRate} past the pair rate, {traffic.PastTier} past the tier");
        }
        if (stopped)
        {
            stderr.WriteLine($"linkwa campaign: stopped; what was sent is recorded. Go on with --resume {resultsPath}");
            return Interrupted;
        }
        return malformed + progress.Failed + progress.Unknown == 0 ? Cli.Ok : Cli.Unreadable;
    }

    /// <summary>Each row and whether it is sent: not when malformed (reported), repeated in the file, or already recorded.</summary>
    private static IEnumerable<(CampaignRow Row, bool Send)> Plan(CampaignRecipients recipients, Dictionary<string, CampaignResult> previous, string csv, TextWriter? report)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (CampaignRow row in recipients.Rows())
        {
            if (row.Problem is not null)
            {
                report?.WriteLine($"{csv}:{row.Line}: {row.Problem}; not sent");
                yield return (row, false);
                continue;
            }
            if (seen.TryGetValue(row.Recipient, out int first))
            {
                report?.WriteLine($"{csv}:{row.Line}: recipient {row.Recipient} is also on line {first}; sent once");
                yield return (row, false);
                continue;
            }
            seen[row.Recipient] = row.Line;
            yield return (row, !previous.ContainsKey(row.Recipient));
        }
    }

    /// <summary>The second pass: the rows to send, as the bulk send takes them.</summary>
    private static async IAsyncEnumerable<BulkMessage> Messages(CampaignRecipients recipients, Dictionary<string, CampaignResult> previous, string csv)
    {
        foreach (var (row, send) in Plan(recipients, previous, csv, report: null))
        {
            if (send) yield return new BulkMessage(row.Recipient, row.Message!) { Key = row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
        await Task.CompletedTask;
    }

    /// <summary>Why a row's message would be refused: the document's rules and the template; null when it would go.</summary>
    private static string? Problems(BulkSendOptions options, CampaignRow row, TemplateRegistry templates)
    {
        var request = new MessageRequest
        {
            PlatformId = options.PlatformId.Length > 0 ? options.PlatformId : "dry-run", PlatformPartnerId = options.PlatformPartnerId.Length > 0 ? options.PlatformPartnerId : "dry-run",
            Priority = Priority.Normal, RefId = "dry-run", Source = options.Source.Length > 0 ? options.Source : "+4670000000",
            Destinations = [row.Recipient], Messages = [row.Message!],
        };
        ValidationResult result = request.Validate(templates);
        return result.IsValid ? null : string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Message}"));
    }
}
