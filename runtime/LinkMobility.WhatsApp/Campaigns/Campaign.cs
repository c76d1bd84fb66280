using LinkMobility.WhatsApp.Bulk;

namespace LinkMobility.WhatsApp.Campaigns;

/// <summary>A campaign: its id (the ledger's key), how its requests are sent, and how this worker takes its share.</summary>
public sealed class Campaign
{
    /// <summary>The campaign's id: the ledger keys its rows by it, so every worker of one campaign gives the same (letters, digits, '-', '_', '.').</summary>
    public required string Id { get; init; }

    /// <summary>What every request carries and how they are sent (its RefIdPrefix is replaced by one naming the campaign and the worker).</summary>
    public required BulkSendOptions Send { get; init; }

    /// <summary>This worker's name, the owner of its claims (the host, the process id and a random part by default).</summary>
    public string Worker { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// How long a claim holds before another worker may take it (5 minutes by default): a recipient claimed by a worker
    /// that died goes back to retryable, and one it was sending becomes unknown. Longer than a request's wait for permits
    /// and its HTTP timeout.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many recipients one claim asks for at once (32 by default), fewer when the recipients come slowly.</summary>
    public int ClaimBatchSize { get; init; } = 32;

    /// <summary>
    /// The most recipients this worker holds claimed and not yet settled (128 by default): enough to keep its requests
    /// going, few enough that workers that start later get their share.
    /// </summary>
    public int MaxClaimed { get; init; } = 128;

    /// <summary>Told the counts after each recipient settles.</summary>
    public IProgress<CampaignProgress>? Progress { get; init; }

    /// <summary>Whether <paramref name="id"/> can be a campaign's id: 1 to 100 letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidId(string? id) => !string.IsNullOrEmpty(id) && id.Length <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    internal IEnumerable<string> Problems()
    {
        if (!IsValidId(Id)) yield return $"Id '{Id}' is 1 to 100 letters, digits, '-', '_' or '.'.";
        if (string.IsNullOrEmpty(Worker)) yield return "Worker is required.";
        if (ClaimLease <= TimeSpan.Zero) yield return $"ClaimLease is {ClaimLease}; it is positive.";
        if (ClaimBatchSize < 1) yield return $"ClaimBatchSize is {ClaimBatchSize}; it is 1 or more.";
        if (MaxClaimed < ClaimBatchSize) yield return $"MaxClaimed is {MaxClaimed}; it is at least ClaimBatchSize ({ClaimBatchSize}).";
        if (Send is null) yield return "Send is required.";
        else foreach (string problem in Send.Problems()) yield return "Send." + problem;
    }
}

/// <summary>Why this run did not send a recipient.</summary>
public enum CampaignSkip
{
    /// <summary>The ledger had it already, in a state that is not sent again (<see cref="CampaignResult.State"/>).</summary>
    Recorded,

    /// <summary>It came earlier in this run's recipients: sent once.</summary>
    Repeated,

    /// <summary>Another worker holds it.</summary>
    Elsewhere,
}

/// <summary>One recipient of a campaign, settled by this run: sent (<see cref="Result"/>), or skipped (<see cref="Skipped"/>).</summary>
public sealed record CampaignResult(BulkMessage Recipient, CampaignState State)
{
    /// <summary>Why this run did not send it; null when it did (see <see cref="Result"/>).</summary>
    public CampaignSkip? Skipped { get; init; }

    /// <summary>What its send gave, when this run sent it.</summary>
    public BulkResult? Result { get; init; }
}

/// <summary>A campaign run's counts so far: recipients read, skipped, and settled by state.</summary>
public readonly record struct CampaignProgress(long Read, long Skipped, long Sent, long Refused, long Retryable, long Unknown)
{
    /// <summary>Settled by this run (skipped or sent): every recipient read ends up here.</summary>
    public long Settled => Skipped + Sent + Refused + Retryable + Unknown;
}
