namespace LinkMobility.WhatsApp.Bulk;

/// <summary>One recipient of a bulk send and what it gets; <see cref="Key"/> is yours (a row number, a customer id) and comes back in its result.</summary>
public sealed record BulkMessage(string Destination, IReadOnlyList<Message> Messages)
{
    /// <summary>A recipient and one message.</summary>
    public BulkMessage(string destination, Message message) : this(destination, [message]) { }

    /// <summary>Your key for this recipient, returned in its <see cref="BulkResult"/>.</summary>
    public string? Key { get; init; }
}

/// <summary>
/// What happened to one recipient of a bulk send: one of the campaign states (<see cref="Campaigns.CampaignState"/>, the
/// same values and wire names), each telling what to do next.
/// </summary>
public enum BulkOutcome
{
    /// <summary>The API queued it: <see cref="BulkResult.MessageId"/> is its message id.</summary>
    Sent = Campaigns.CampaignState.Sent,

    /// <summary>
    /// May have been sent: the request went out and no readable answer came. Never sent again by the SDK: reconcile it
    /// with the event reports, which carry <see cref="BulkResult.RefId"/>.
    /// </summary>
    Unknown = Campaigns.CampaignState.Unknown,

    /// <summary>
    /// Proven not sent, and sendable as it is later: no connection could be made, the API refused the request before
    /// taking it (401, 403, 429, 5xx: <see cref="BulkResult.StatusCode"/>), a limit did not wait, or the limits could not be
    /// checked. <see cref="BulkResult.RetryAfter"/> says when, where the API said.
    /// </summary>
    Retryable = Campaigns.CampaignState.Retryable,

    /// <summary>Not sendable as it is: <see cref="BulkResult.Refusal"/> says why. Fix it, then send it again.</summary>
    Refused = Campaigns.CampaignState.Refused,
}

/// <summary>Why a recipient was refused before sending.</summary>
public enum BulkRefusal
{
    /// <summary>The message breaks a rule of the document (a malformed number, a missing member).</summary>
    Validation,

    /// <summary>The message does not fit your templates (a wrong parameter count, a template not approved).</summary>
    Template,

    /// <summary>Only a template can reach the recipient: its 24-hour window is not open.</summary>
    Window,

    /// <summary>The messaging tier refused it: the number reached its distinct recipients for 24 hours.</summary>
    Limit,

    /// <summary>The API refused the request as it is (400, or another 4xx that is not about the account or the rate).</summary>
    Api,
}

/// <summary>The result for one recipient: its outcome, the message id when sent, and the reason otherwise.</summary>
public sealed record BulkResult(BulkMessage Message, BulkOutcome Outcome)
{
    /// <summary>The message id (of the first message, when there are several), when sent.</summary>
    public string? MessageId { get; init; }

    /// <summary>Why it was refused; null unless <see cref="Outcome"/> is Refused.</summary>
    public BulkRefusal? Refusal { get; init; }

    /// <summary>The API's result code, when it answered with an error.</summary>
    public int? ResultCode { get; init; }

    /// <summary>The HTTP status the API answered with, when it refused the request.</summary>
    public int? StatusCode { get; init; }

    /// <summary>When it may be sent again, where the API or a limit said (Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What happened, in words; null when sent.</summary>
    public string? Reason { get; init; }

    /// <summary>The refId of the request it went in (or would have gone in): the event reports carry it.</summary>
    public string? RefId { get; init; }
}

/// <summary>A request of a bulk send about to go out: its refId (its event reports carry it) and its recipients.</summary>
public sealed record BulkSending(string RefId, IReadOnlyList<BulkMessage> Recipients);
