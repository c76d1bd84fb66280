using System.CommandLine;
using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Campaigns;
using LinkMobility.WhatsApp.Cli.Campaign;
using LinkMobility.WhatsApp.Redis;
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
    private readonly CampaignLedgers _ledgers = new();
    private readonly Option<bool> _sandbox = new("--sandbox") { Description = "Send to a sandbox in this process, which keeps the same limits (no account needed)" };
    private readonly Option<string> _templates = TemplatesOption("The templates file the template comes from");
    private readonly Option<string> _namespace = NamespaceOption();
    private readonly Option<string> _template = new("--template") { Description = "The template's name", HelpName = "NAME", Required = true };
    private readonly Option<string> _recipients = new("--recipients", "-r") { Description = "The recipients CSV: a recipient column and one column per parameter", HelpName = "RECIPIENTS.csv", Required = true };
    private readonly Option<string> _language = new("--language", "-l") { Description = "The language for every row (otherwise a language column, or the template's only language)", HelpName = "CODE" };
    private readonly Option<string> _results = new("--results", "-o") { Description = "The ledger file (RECIPIENTS.results.csv by default); it must not exist", HelpName = "RESULTS.csv" };
    private readonly Option<string> _resume = new("--resume") { Description = "Go on with a ledger file: recipients sent, unknown or refused there are skipped; pending and retryable ones are sent", HelpName = "RESULTS.csv" };
    private readonly Option<bool> _flushToDisk = new("--flush-to-disk") { Description = "Flush each ledger row to the disk (fsync), so a power cut loses none" };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Check every row against the template and the document's rules; send nothing" };
    private readonly Option<string> _gate = new("--gate") { Description = "The event report gate the reports go to", HelpName = "GATE_ID" };
    private readonly Option<int> _rate = new("--rate") { Description = "Messages per second from the number (WhatsApp's default 80; up to 1,000 on higher tiers)", DefaultValueFactory = _ => 80 };
    private readonly Option<MessagingTier> _tier = new("--tier") { Description = "The number's messaging tier: new recipients in 24 hours", DefaultValueFactory = _ => MessagingTier.Unlimited };
    private readonly Option<TimeSpan> _claimLease = new("--claim-lease") { Description = "How long a worker holds a recipient before another may take it, if it died (d.hh:mm:ss)", HelpName = "TIME", DefaultValueFactory = _ => TimeSpan.FromMinutes(5) };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 4 };

    public override int Order => 45;

    public override string Summary => "Send a template to every recipient of a CSV, paced and resumable";

    public override string Details =>
        "Sends --template from --templates to each row of --recipients: a 'recipient' column, one column per parameter " +
            "(named after the builder's parameters, order_id or orderId), and a 'language' column unless --language says. " +
            "Rows are checked one by one; a malformed row is reported with its line and column and not sent. Sends are " +
            "paced by WhatsApp's limits (--rate, evenly within every second; the pair rate; --tier), and each recipient is kept in a " +
            "ledger: claimed, 'sending' before its request leaves, then sent, refused, retryable or unknown. The ledger is a " +
            "results CSV (locked while a run is on: a second run of the same file refuses and sends nothing), or, with --redis and " +
            "--campaign, Redis: then any number of workers on any number of machines run one campaign, each recipient sent by one " +
            "of them at most once. A recipient left 'sending' by a run that died may have gone out: it becomes unknown and is never " +
            "sent again. Retryable ones (no connection, 429, 503, an account refusal) are sent by the next run. LINK refusing the " +
            "account (401, 403) stops the campaign at once; fix it and --resume. 'linkwa campaign status' shows the counts.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa campaign --sandbox -t whatsapp-templates.json -n demo_namespace --template order_shipped -r recipients.csv",
        "linkwa campaign --region NEu -u me --password secret --from +4670000000 --platform-id P --partner-id PP -t templates.json --template sale -r list.csv --rate 200",
        "linkwa campaign --dry-run -t templates.json --template sale -r list.csv",
        "linkwa campaign --resume list.results.csv --region NEu ... -t templates.json --template sale -r list.csv",
        "linkwa campaign --redis redis:6379 --campaign sale-2026-12 --region NEu ... -t templates.json --template sale -r list.csv   (on each worker)",
    ];

    public override string ExitCodes => "0 every row sent (or valid, with --dry-run), 1 a row malformed, a recipient not sent, the ledger held by another run, the account refused, or a file unreadable, 2 wrong usage, 130 stopped (Ctrl+C or SIGTERM): --resume goes on.";

    public override Command Create()
    {
        Command command = _connection.Command("campaign", Summary,
            _sandbox, _templates, _namespace, _template, _recipients, _language, _results, _resume, _flushToDisk, _ledgers.Redis, _ledgers.Campaign, _ledgers.KeyPrefix, _dryRun,
            _connection.From, _connection.PlatformId, _connection.PartnerId, _gate, _rate, _tier, _concurrency, _claimLease);
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
        string? redisAt = parseResult.GetValue(_ledgers.Redis), campaignId = parseResult.GetValue(_ledgers.Campaign);
        if (parseResult.GetValue(_rate) < 1) return Cli.Fail(stderr, "campaign", "--rate is messages per second: 1 or more");
        if (parseResult.GetValue(_concurrency) < 1) return Cli.Fail(stderr, "campaign", "--concurrency is 1 or more");
        if (parseResult.GetValue(_claimLease) <= TimeSpan.Zero) return Cli.Fail(stderr, "campaign", "--claim-lease is a positive time (d.hh:mm:ss)");
        if (redisAt is not null && campaignId is null) return Cli.Fail(stderr, "campaign", "--redis needs --campaign ID: every worker of one campaign gives the same id");
        if (redisAt is not null && (parseResult.GetValue(_resume) ?? parseResult.GetValue(_results)) is not null) return Cli.Fail(stderr, "campaign", "--redis keeps the ledger on Redis: give no --results or --resume");
        if (campaignId is not null && !Campaigns.Campaign.IsValidId(campaignId)) return Cli.Fail(stderr, "campaign", $"--campaign '{campaignId}' is 1 to 100 letters, digits, '-', '_' or '.'");

        if (TemplatesCommand.Load(parseResult.GetValue(_templates)!, parseResult.GetValue(_namespace), stderr) is not { IsValid: true } loaded) return Cli.Unreadable;
        if (CampaignRecipients.Open(csv, loaded.Templates, templateName, parseResult.GetValue(_language), stderr) is not { } recipients) return Cli.Unreadable;

        // Where the ledger is: a results file (a new one, or --resume), or Redis.
        string? resume = parseResult.GetValue(_resume);
        string resultsPath = resume ?? parseResult.GetValue(_results) ?? Path.ChangeExtension(csv, ".results.csv");
        if (!dryRun && redisAt is null)
        {
            if (resume is not null && !File.Exists(resume)) return Cli.Fail(stderr, "campaign", $"--resume {resume}: no such file");
            if (resume is null && File.Exists(resultsPath) && new FileInfo(resultsPath).Length > 0)
            {
                return Cli.Fail(stderr, "campaign", $"{resultsPath} exists: go on with it with --resume {resultsPath}, or choose another --results");
            }
        }

        // The first pass: every row checked, malformed ones and repeated recipients reported, the rest counted.
        var send = new BulkSendOptions
        {
            PlatformId = parseResult.GetValue(_connection.PlatformId) ?? (inSandbox ? "sandbox" : ""),
            PlatformPartnerId = parseResult.GetValue(_connection.PartnerId) ?? (inSandbox ? "sandbox" : ""),
            Source = parseResult.GetValue(_connection.From) ?? (inSandbox ? "+4670000000" : ""),
            EventReportGates = parseResult.GetValue(_gate) is { } gate ? [gate] : null,
            MaxConcurrency = parseResult.GetValue(_concurrency),
        };
        int malformed = 0, toSend = 0, invalid = 0;
        foreach (var (row, sendIt) in Plan(recipients, csv, stderr))
        {
            if (row.Problem is not null) malformed++;
            if (!sendIt) continue;
            toSend++;
            if (dryRun && Problems(send, row, recipients.Templates) is { } problems)
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
        if (!inSandbox && (send.PlatformId.Length == 0 || send.PlatformPartnerId.Length == 0 || send.Source.Length == 0))
        {
            return Cli.Fail(stderr, "campaign", "give --from, --platform-id and --partner-id (or --sandbox)");
        }

        using StackExchange.Redis.IConnectionMultiplexer? redis = redisAt is null ? null : _ledgers.Connect(parseResult, "campaign", stderr);
        if (redisAt is not null && redis is null) return Cli.Unreadable;
        ICampaignLedger ledger = redis is not null
            ? _ledgers.Ledger(parseResult, redis)
            : new CampaignFileLedger(resultsPath) { FlushToDisk = parseResult.GetValue(_flushToDisk) };
        string where = redis is not null ? $"Redis {redisAt}, campaign {campaignId}" : resultsPath;

        // The client, to the API or a sandbox here, with WhatsApp's limits (on Redis, shared by every worker).
        var limits = new SendLimitOptions { Enabled = true, MessagesPerSecond = parseResult.GetValue(_rate), Tier = parseResult.GetValue(_tier) };
        await using LinkSandbox? sandbox = inSandbox
            ? await LinkSandbox.StartAsync(new LinkSandboxOptions { Templates = recipients.Templates, Limits = { Enabled = true, MessagesPerSecond = limits.MessagesPerSecond, Tier = limits.Tier } }, stop)
            : null;
        WhatsAppClientOptions? clientOptions = sandbox is not null
            ? new WhatsAppClientOptions { BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true }
            : _connection.ClientOptions(parseResult, "campaign", stderr);
        if (clientOptions is null) return Cli.Usage;
        clientOptions.Templates = recipients.Templates;
        clientOptions.Limits = limits;
        WhatsAppSendLimiters? limiters = redis is not null ? RedisSendLimiters.Create(redis, limits, _ledgers.RedisOptions(parseResult)) : null;
        using var http = new HttpClient(WhatsAppClient.CreateHandler());
        WhatsAppClient client;
        try
        {
            clientOptions.ResolveBaseUrl();
            client = new WhatsAppClient(http, clientOptions, limiters: limiters);
        }
        catch (InvalidOperationException ex)
        {
            return Cli.Fail(stderr, "campaign", ex.Message);
        }

        var campaign = new Campaigns.Campaign { Id = campaignId ?? CampaignLedgers.IdOf(resultsPath), Send = send, ClaimLease = parseResult.GetValue(_claimLease) };
        if (redis is null && resume is not null)
        {
            try
            {
                CampaignStatus before = await ledger.GetStatusAsync(campaign.Id, TimeSpan.MaxValue, stop);
                if (before.Total > 0) stdout.WriteLine($"campaign: {before.Total} recipient(s) already have a result in {resultsPath}; those sent, unknown or refused are skipped, pending and retryable ones are sent");
            }
            catch (InvalidDataException ex)
            {
                stderr.WriteLine(ex.Message);
                return Cli.Unreadable;
            }
        }
        var progress = new CampaignProgressView(toSend, stdout);
        bool stopped = false;
        try
        {
            await progress.RunAsync(async report =>
            {
                await foreach (CampaignResult result in client.RunCampaignAsync(campaign, Messages(recipients, csv), ledger, stop)) report(result);
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            stopped = true;
        }
        catch (Exception ex) when (ex is CampaignLedgerBusyException or CampaignStoppedException or InvalidDataException or StackExchange.Redis.RedisException or TimeoutException)
        {
            stderr.WriteLine($"linkwa campaign: {ex.Message}");
            if (ex is CampaignStoppedException && redis is null) stderr.WriteLine($"linkwa campaign: go on with --resume {resultsPath} once it is fixed");
            if (ex is CampaignLedgerBusyException) return Cli.Unreadable;
            stopped = ex is not InvalidDataException;
            if (!stopped) return Cli.Unreadable;
            stdout.WriteLine($"campaign: {progress.Sent} sent, {progress.Failed} failed, {progress.Unknown} unknown, {progress.Skipped} skipped, {malformed} malformed row(s); ledger in {where}");
            return Cli.Unreadable;
        }
        stdout.WriteLine($"campaign: {progress.Sent} sent, {progress.Failed} failed, {progress.Unknown} unknown, {progress.Skipped} skipped, {malformed} malformed row(s); ledger in {where}");
        if (sandbox is not null)
        {
            SandboxTraffic traffic = sandbox.Traffic;
            stdout.WriteLine($"campaign: the sandbox took {traffic.Messages} message(s), at most {traffic.BusiestSecond} in one second: {traffic.PastThroughput} past the throughput, {traffic.PastPairRate} past the pair rate, {traffic.PastTier} past the tier");
        }
        if (stopped)
        {
            stderr.WriteLine($"linkwa campaign: stopped; what was sent is recorded. Go on with {(redis is null ? $"--resume {resultsPath}" : "the same command")}");
            return Interrupted;
        }
        return malformed + progress.NotSent == 0 ? Cli.Ok : Cli.Unreadable;
    }

    /// <summary>Each row and whether it is sent: not when malformed or repeated in the file (both reported).</summary>
    private static IEnumerable<(RecipientRow Row, bool Send)> Plan(CampaignRecipients recipients, string csv, TextWriter? report)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (RecipientRow row in recipients.Rows())
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
            yield return (row, true);
        }
    }

    /// <summary>The second pass: the rows to send, as the campaign takes them (the ledger skips those recorded).</summary>
    private static async IAsyncEnumerable<BulkMessage> Messages(CampaignRecipients recipients, string csv)
    {
        foreach (var (row, send) in Plan(recipients, csv, report: null))
        {
            if (send) yield return new BulkMessage(row.Recipient, row.Message!) { Key = row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
        await Task.CompletedTask;
    }

    /// <summary>Why a row's message would be refused: the document's rules and the template; null when it would go.</summary>
    private static string? Problems(BulkSendOptions options, RecipientRow row, TemplateRegistry templates)
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
