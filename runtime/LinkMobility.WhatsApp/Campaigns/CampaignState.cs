namespace LinkMobility.WhatsApp.Campaigns;

/// <summary>
/// Where a recipient of a campaign stands: the one vocabulary of the bulk results, the campaign ledgers, linkwa and the
/// telemetry. Its wire names (<see cref="CampaignStates.ToWireString(CampaignState)"/>) are what a results file and Redis hold.
/// </summary>
/// <remarks>
/// What each state allows next: only <see cref="Pending"/> and <see cref="Retryable"/> are ever sent; <see cref="Unknown"/>
/// is never sent again by anything (an event report for its refId turns it into <see cref="Sent"/>).
/// </remarks>
public enum CampaignState
{
    /// <summary>Not sent yet (a row a worker claimed and gave back, or one no worker reached).</summary>
    Pending = 0,

    /// <summary>A worker holds it (<see cref="CampaignRow.Owner"/>) until its lease runs out; its request has not left.</summary>
    Claimed = 1,

    /// <summary>Its request is leaving or left, and no answer has been recorded: if its worker dies it becomes <see cref="Unknown"/>.</summary>
    Sending = 2,

    /// <summary>The API queued it: <see cref="CampaignRow.MessageId"/> is its message id.</summary>
    Sent = 3,

    /// <summary>May have been sent: the request left and no answer was recorded. Never sent again; an event report for its refId settles it.</summary>
    Unknown = 4,

    /// <summary>Proven not sent (no connection, 429, 503, an account refusal, a limit that did not wait): a later run sends it.</summary>
    Retryable = 5,

    /// <summary>Not sendable as it is: the document's rules, the template, the window, the tier, or the API refused it (400).</summary>
    Refused = 6,

    /// <summary>An event report said it was delivered.</summary>
    Delivered = 7,

    /// <summary>An event report said it failed (<see cref="CampaignRow.ResultCode"/> is the code).</summary>
    Failed = 8,
}

/// <summary>The wire names of <see cref="CampaignState"/>, and which states are settled.</summary>
public static class CampaignStates
{
    private static readonly string[] Names = ["pending", "claimed", "sending", "sent", "unknown", "retryable", "refused", "delivered", "failed"];

    /// <summary>Every state, in order.</summary>
    public static IReadOnlyList<CampaignState> All { get; } = [.. Enum.GetValues<CampaignState>()];

    /// <summary>The state's wire name: pending, claimed, sending, sent, unknown, retryable, refused, delivered, failed.</summary>
    public static string ToWireString(this CampaignState state) => (uint)state < (uint)Names.Length ? Names[(int)state] : ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The state of a wire name; false when it is none.</summary>
    public static bool TryParse(string? name, out CampaignState state)
    {
        int index = Array.IndexOf(Names, name);
        state = (CampaignState)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The outcome's wire name (a bulk outcome is one of the campaign states).</summary>
    public static string ToWireString(this Bulk.BulkOutcome outcome) => ((CampaignState)outcome).ToWireString();

    /// <summary>Whether a row in <paramref name="state"/> may be sent: pending or retryable.</summary>
    public static bool IsSendable(this CampaignState state) => state is CampaignState.Pending or CampaignState.Retryable;

    /// <summary>Whether the message went out: sent, delivered or failed (failed by WhatsApp after LINK took it).</summary>
    public static bool WentOut(this CampaignState state) => state is CampaignState.Sent or CampaignState.Delivered or CampaignState.Failed;
}
