using System.CommandLine;
using LinkMobility.WhatsApp.Campaigns;
using LinkMobility.WhatsApp.Redis;
using StackExchange.Redis;

namespace LinkMobility.WhatsApp.Cli.Campaign;

/// <summary>Where a campaign's ledger is, for linkwa campaign and campaign status: a results file, or Redis (--redis, --campaign).</summary>
internal sealed class CampaignLedgers
{
    public Option<string> Redis { get; } = new("--redis") { Description = "Keep the ledger on Redis, shared by every worker of the campaign (a StackExchange.Redis connection string)", HelpName = "HOST[:PORT]" };

    public Option<string> Campaign { get; } = new("--campaign") { Description = "The campaign's id: every worker of one campaign gives the same (required with --redis)", HelpName = "ID" };

    public Option<string> KeyPrefix { get; } = new("--redis-prefix") { Description = "The prefix of the Redis keys", HelpName = "PREFIX", DefaultValueFactory = _ => new WhatsAppRedisOptions().KeyPrefix };

    /// <summary>The Redis connection for --redis; null, with the problem printed, when it cannot be made.</summary>
    public IConnectionMultiplexer? Connect(ParseResult parseResult, string command, TextWriter stderr)
    {
        string configuration = parseResult.GetValue(Redis)!;
        try
        {
            ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 5000;
            return ConnectionMultiplexer.Connect(options);
        }
        catch (Exception ex) when (ex is RedisException or ArgumentException)
        {
            // StackExchange.Redis's advice (abortConnect) is for code, not for a command line: its first sentence says what happened.
            string what = ex is RedisConnectionException ? ex.Message.Split(". ")[0].TrimEnd('.') : ex.Message.ReplaceLineEndings(" ");
            Cli.Fail(stderr, command, $"cannot reach Redis at {configuration}: {what}");
            return null;
        }
    }

    public RedisCampaignLedger Ledger(ParseResult parseResult, IConnectionMultiplexer redis) =>
        new(redis, new WhatsAppRedisOptions { KeyPrefix = parseResult.GetValue(KeyPrefix)! });

    public WhatsAppRedisOptions RedisOptions(ParseResult parseResult) => new() { KeyPrefix = parseResult.GetValue(KeyPrefix)! };

    /// <summary>A campaign id from a file's name: its letters, digits, '-', '_' and '.'.</summary>
    public static string IdOf(string path)
    {
        string id = string.Concat(Path.GetFileNameWithoutExtension(path).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
        return id.Length == 0 ? "campaign" : id[..Math.Min(id.Length, 100)];
    }

    /// <summary>The counts per state, and the recipients still unknown after the time asked for.</summary>
    public static void Print(CampaignStatus status, TimeSpan unknownFor, TextWriter stdout)
    {
        stdout.WriteLine($"campaign {status.CampaignId}: {status.Total} recipient(s)");
        foreach (CampaignState state in CampaignStates.All)
        {
            if (status[state] > 0) stdout.WriteLine($"  {state.ToWireString(),-10} {status[state]}");
        }
        if (status.StaleUnknown.Count == 0) return;
        stdout.WriteLine($"unknown for {unknownFor:g} or longer, with no event report: safe to send again ({status.StaleUnknown.Count})");
        foreach (CampaignRow row in status.StaleUnknown) stdout.WriteLine($"  {row.Recipient} refId {row.RefId} since {row.UpdatedAt:u}");
    }
}
