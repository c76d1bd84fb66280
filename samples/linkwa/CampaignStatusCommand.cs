using System.CommandLine;
using LinkMobility.WhatsApp.Campaigns;
using LinkMobility.WhatsApp.Cli.Campaign;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa campaign status</c>: a campaign's counts per state, from its results file or from Redis.</summary>
internal sealed class CampaignStatusCommand : CliCommand
{
    private readonly CampaignLedgers _ledgers = new();
    private readonly Option<string> _results = new("--results", "-o") { Description = "The campaign's ledger file", HelpName = "RESULTS.csv" };
    private readonly Option<TimeSpan> _unknownFor = new("--unknown-for") { Description = "List the recipients unknown for this long with no event report (d.hh:mm:ss)", HelpName = "TIME", DefaultValueFactory = _ => TimeSpan.FromDays(1) };

    public override int Order => 10;

    public override string? Parent => "campaign";

    public override string Summary => "Show a campaign's recipients per state, and those unknown for long";

    public override string Details =>
        "Counts a campaign's recipients per state (pending, claimed, sending, sent, unknown, retryable, refused, delivered, failed) from " +
            "its ledger: a results file (--results), or Redis (--redis, --campaign). It lists the recipients unknown for --unknown-for " +
            "or longer (a day by default): their request may have left, and no event report for its refId came. Once LINK's retries " +
            "are over, no report means the message did not go out, and they are safe to send again.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa campaign status --results list.results.csv",
        "linkwa campaign status --redis redis:6379 --campaign sale-2026-12 --unknown-for 2.00:00:00",
    ];

    public override string ExitCodes => "0 shown, 1 the ledger unreadable or unreachable, 2 wrong usage.";

    public override Command Create()
    {
        var command = new Command("status", Summary) { _results, _ledgers.Redis, _ledgers.Campaign, _ledgers.KeyPrefix, _unknownFor };
        command.SetAction(parseResult => RunAsync(parseResult, Out(parseResult), Error(parseResult)).GetAwaiter().GetResult());
        return command;
    }

    private async Task<int> RunAsync(ParseResult parseResult, TextWriter stdout, TextWriter stderr)
    {
        string? results = parseResult.GetValue(_results), redisAt = parseResult.GetValue(_ledgers.Redis), campaignId = parseResult.GetValue(_ledgers.Campaign);
        TimeSpan unknownFor = parseResult.GetValue(_unknownFor);
        if ((results is null) == (redisAt is null)) return Cli.Fail(stderr, "campaign status", "give --results FILE, or --redis HOST with --campaign ID");
        if (redisAt is not null && campaignId is null) return Cli.Fail(stderr, "campaign status", "--redis needs --campaign ID");
        try
        {
            if (results is not null)
            {
                if (!File.Exists(results)) return Cli.Fail(stderr, "campaign status", $"{results}: no such file");
                CampaignLedgers.Print(await new CampaignFileLedger(results).GetStatusAsync(campaignId ?? CampaignLedgers.IdOf(results), unknownFor, CancellationToken.None), unknownFor, stdout);
                return Cli.Ok;
            }
            using StackExchange.Redis.IConnectionMultiplexer? redis = _ledgers.Connect(parseResult, "campaign status", stderr);
            if (redis is null) return Cli.Unreadable;
            CampaignLedgers.Print(await _ledgers.Ledger(parseResult, redis).GetStatusAsync(campaignId!, unknownFor, CancellationToken.None), unknownFor, stdout);
            return Cli.Ok;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or StackExchange.Redis.RedisException)
        {
            stderr.WriteLine($"linkwa campaign status: {ex.Message}");
            return Cli.Unreadable;
        }
    }
}
