namespace LinkMobility.WhatsApp.Campaigns;

/// <summary>How outcomes and event reports move a row, said once for every ledger.</summary>
public static class CampaignReports
{
    /// <summary>
    /// The state an event report says: a success that is not final (queued, sent) is sent, a final success is
    /// delivered, a failure or an error is failed; null for a code the document does not list.
    /// </summary>
    public static CampaignState? StateOf(int? resultCode) => resultCode is { } code && ResultCodes.Find(code) is { } info
        ? info.Outcome switch
        {
            ResultCodeOutcome.Success => info.IsFinal ? CampaignState.Delivered : CampaignState.Sent,
            _ => CampaignState.Failed,
        }
        : null;

    /// <summary>
    /// The state a row in <paramref name="current"/> moves to on <paramref name="report"/>, or null when it stays: a row
    /// whose request may have left (sending, unknown) or left (sent) moves on; delivered and failed are final. When the
    /// request carried several recipients, a report names one by its message id: the others only learn that the request
    /// was taken, so an unknown among them becomes sent.
    /// </summary>
    public static CampaignState? Apply(CampaignState current, string? messageId, int recipientsOfRefId, EventReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (current is not (CampaignState.Sending or CampaignState.Unknown or CampaignState.Sent)) return null;
        if (StateOf(report.ResultCode) is not { } reported) return null;
        bool thisOne = recipientsOfRefId == 1 || (messageId is not null && messageId == report.MessageId);
        CampaignState next = thisOne ? reported : CampaignState.Sent;
        return Rank(next) > Rank(current) ? next : null;
    }

    /// <summary>
    /// The state a row in <paramref name="current"/> takes when its request's outcome is recorded: a report that came
    /// first (delivered, failed, or sent for an answer that was lost) is kept.
    /// </summary>
    public static CampaignState Recorded(CampaignState current, CampaignState outcome) =>
        current.WentOut() && outcome is CampaignState.Sent or CampaignState.Unknown && Rank(current) >= Rank(outcome) ? current : outcome;

    private static int Rank(CampaignState state) => state switch
    {
        CampaignState.Sending or CampaignState.Unknown => 0,
        CampaignState.Sent => 1,
        _ => 2,
    };
}

/// <summary>
/// A campaign run's refIds: the campaign's id, six random characters for the run, and the request's number
/// (<c>sale-2026-12.3f9a1c.42</c>), so that an event report names its campaign.
/// </summary>
public static class CampaignRefIds
{
    /// <summary>The start of the refIds of one run of <paramref name="campaignId"/>.</summary>
    public static string Prefix(string campaignId) => $"{campaignId}.{Guid.NewGuid().ToString("N")[..6]}.";

    /// <summary>The campaign a refId of a campaign run names; null for a refId of another shape.</summary>
    public static string? CampaignOf(string refId)
    {
        ArgumentNullException.ThrowIfNull(refId);
        int number = refId.LastIndexOf('.');
        int run = number > 0 ? refId.LastIndexOf('.', number - 1) : -1;
        return run > 0 && number - run == 7 && number < refId.Length - 1 && refId.AsSpan(number + 1).IndexOfAnyExceptInRange('0', '9') < 0 ? refId[..run] : null;
    }
}
