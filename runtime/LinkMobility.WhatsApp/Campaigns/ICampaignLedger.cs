namespace LinkMobility.WhatsApp.Campaigns;

/// <summary>
/// Where a campaign's recipients stand, one row per campaign and recipient: what makes a campaign at most once per
/// recipient across runs, workers and crashes. <see cref="CampaignFileLedger"/> is one file for one run at a time;
/// LinkMobility.WhatsApp.Redis's ledger serves any number of workers. A SQL ledger fits the same calls (a claim is an
/// <c>UPDATE … WHERE state IN ('pending','retryable')</c> over rows taken <c>FOR UPDATE SKIP LOCKED</c>).
/// </summary>
public interface ICampaignLedger
{
    /// <summary>
    /// Starts <paramref name="worker"/> on <paramref name="campaignId"/>. What a dead worker left is settled here or when
    /// its lease runs out: a row left claimed goes back to retryable (its request never left), one left sending becomes
    /// unknown (it may have gone out).
    /// </summary>
    /// <exception cref="CampaignLedgerBusyException">The ledger serves one run at a time and another holds it; nothing was changed.</exception>
    ValueTask<ICampaignLedgerSession> OpenAsync(string campaignId, string worker, CancellationToken cancellationToken);

    /// <summary>
    /// Applies an event report to the rows of its refId, when the refId is one of this ledger's campaigns': sent,
    /// delivered or failed (with its code); an unknown row becomes at least sent. False when no row has the refId.
    /// </summary>
    ValueTask<bool> RecordReportAsync(EventReport report, CancellationToken cancellationToken);

    /// <summary>The campaign's counts per state, and its rows still unknown after <paramref name="unknownFor"/>.</summary>
    ValueTask<CampaignStatus> GetStatusAsync(string campaignId, TimeSpan unknownFor, CancellationToken cancellationToken);
}

/// <summary>One worker's hold on a campaign's ledger; disposing it gives back what it claimed and did not send.</summary>
public interface ICampaignLedgerSession : IAsyncDisposable
{
    /// <summary>The campaign.</summary>
    string CampaignId { get; }

    /// <summary>The worker (the owner of its claims).</summary>
    string Worker { get; }

    /// <summary>
    /// Claims each recipient that may be sent (pending, retryable, or claimed by a worker whose lease ran out) for
    /// <paramref name="lease"/>, atomically: no two workers claim one recipient. Returns one answer per recipient, in order.
    /// </summary>
    ValueTask<IReadOnlyList<CampaignClaim>> ClaimAsync(IReadOnlyList<string> recipients, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks claimed recipients as sending in request <paramref name="refId"/>, before it leaves; returns those whose claim
    /// this worker no longer holds (another took it after the lease ran out): they must not be sent.
    /// </summary>
    ValueTask<IReadOnlyCollection<string>> MarkSendingAsync(string refId, IReadOnlyList<string> recipients, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records outcomes of this worker's requests; a row an event report already moved on keeps its state.</summary>
    ValueTask RecordAsync(IReadOnlyList<CampaignOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>Gives back claims whose request never left: pending again.</summary>
    ValueTask ReleaseAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken);

    /// <summary>The rows of <paramref name="recipients"/> as they are (null where there is none), in order.</summary>
    ValueTask<IReadOnlyList<CampaignRow?>> ReadAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken);
}

/// <summary>The answer to one recipient's claim: claimed, or the state it is in and whether this worker saw it before.</summary>
public readonly record struct CampaignClaim(string Recipient, bool Claimed, CampaignState State, bool Mine);

/// <summary>An outcome to record: the recipient, its new state, and what the request said.</summary>
public sealed record CampaignOutcome(string Recipient, CampaignState State)
{
    /// <summary>The refId of the request.</summary>
    public string? RefId { get; init; }

    /// <summary>The message id, when sent.</summary>
    public string? MessageId { get; init; }

    /// <summary>The API's result code, when it gave one.</summary>
    public int? ResultCode { get; init; }

    /// <summary>What happened, in words.</summary>
    public string? Reason { get; init; }
}

/// <summary>One row of a ledger.</summary>
public sealed record CampaignRow(string Recipient, CampaignState State)
{
    /// <summary>The refId of its latest request.</summary>
    public string? RefId { get; init; }

    /// <summary>Its message id, once sent.</summary>
    public string? MessageId { get; init; }

    /// <summary>How many requests carried it.</summary>
    public int Attempts { get; init; }

    /// <summary>The result code of its latest answer or event report.</summary>
    public int? ResultCode { get; init; }

    /// <summary>Why it is in its state, in words.</summary>
    public string? Reason { get; init; }

    /// <summary>The worker that holds it (claimed, sending) or last recorded it.</summary>
    public string? Owner { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A campaign's counts per state, and the rows still unknown after the time asked for (safe to send again once no report came).</summary>
public sealed record CampaignStatus(string CampaignId, IReadOnlyDictionary<CampaignState, int> Counts, IReadOnlyList<CampaignRow> StaleUnknown)
{
    /// <summary>The count of one state (0 when none).</summary>
    public int this[CampaignState state] => Counts.TryGetValue(state, out int count) ? count : 0;

    /// <summary>Every row.</summary>
    public int Total => Counts.Values.Sum();

    /// <summary>The status of a campaign's <paramref name="rows"/> at <paramref name="now"/>: counts per state, and the rows unknown for <paramref name="unknownFor"/> or longer.</summary>
    public static CampaignStatus Of(string campaignId, IEnumerable<CampaignRow> rows, TimeSpan unknownFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var counts = new Dictionary<CampaignState, int>();
        var stale = new List<CampaignRow>();
        foreach (CampaignRow row in rows)
        {
            counts[row.State] = counts.GetValueOrDefault(row.State) + 1;
            if (row.State == CampaignState.Unknown && (row.UpdatedAt is not { } at || now - at >= unknownFor)) stale.Add(row);
        }
        return new CampaignStatus(campaignId, counts, stale);
    }
}

/// <summary>The ledger serves one run at a time and another run holds it (a file ledger locked by another process); nothing was sent.</summary>
public sealed class CampaignLedgerBusyException(string message, Exception? inner = null) : WhatsAppException(message, inner);

/// <summary>
/// A campaign stopped because every later request would fail the same way (LINK refused the account: 401, 403). The
/// recipients in flight are retryable; the rest stay pending; a run after the cause is fixed sends them all.
/// </summary>
public sealed class CampaignStoppedException(string message, Exception inner) : WhatsAppException(message, inner);
