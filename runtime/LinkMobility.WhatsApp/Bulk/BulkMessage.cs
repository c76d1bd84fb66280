namespace LinkMobility.WhatsApp.Bulk;

/// <summary>One recipient of a bulk send and what it gets; <see cref="Key"/> is yours (a row number, a customer id) and comes back in its result.</summary>
public sealed record BulkMessage(string Destination, IReadOnlyList<Message> Messages)
{
    /// <summary>A recipient and one message.</summary>
    public BulkMessage(string destination, Message message) : this(destination, [message]) { }

    /// <summary>Your key for this recipient, returned in its <see cref="BulkResult"/>.</summary>
    public string? Key { get; init; }
}

/// <summary>What happened to one recipient of a bulk send.</summary>
public enum BulkOutcome
{
    /// <summary>The API queued it: <see cref="BulkResult.MessageId"/> is its message id.</summary>
    Sent,

    /// <summary>Not sent: the SDK refused it before sending (<see cref="BulkResult.Refusal"/> says why). Fix it and send it again.</summary>
    Refused,

    /// <summary>Not sent: the API answered with an error (<see cref="BulkResult.ResultCode"/>).</summary>
    ApiError,

    /// <summary>Not sent: no connection could be made, after the retries.</summary>
    NotConnected,

    /// <summary>
    /// May have been sent: the request went out and no readable answer came. Never sent again by the SDK: reconcile it
    /// with the event reports, which carry <see cref="BulkResult.RefId"/>.
    /// </summary>
    Unknown,
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

    /// <summary>A limit refused it: the messaging tier, a limit when sends do not wait, or limits that could not be checked.</summary>
    Limit,
}

/// <summary>The result for one recipient: its outcome, the message id when sent, and the reason otherwise.</summary>
public sealed record BulkResult(BulkMessage Message, BulkOutcome Outcome)
{
    /// <summary>The message id (of the first message, when there are several), when sent.</summary>
    public string? MessageId { get; init; }

    /// <summary>Why it was refused; null unless <see cref="Outcome"/> is Refused.</summary>
    public BulkRefusal? Refusal { get; init; }

    /// <summary>The API's result code, for an API error.</summary>
    public int? ResultCode { get; init; }

    /// <summary>What happened, in words; null when sent.</summary>
    public string? Reason { get; init; }

    /// <summary>The refId of the request it went in (or would have gone in): the event reports carry it.</summary>
    public string? RefId { get; init; }
}

/// <summary>A request of a bulk send about to go out: its refId (its event reports carry it) and its recipients.</summary>
public sealed record BulkSending(string RefId, IReadOnlyList<BulkMessage> Recipients);
