namespace LinkMobility.WhatsApp;

/// <summary>The three callbacks LINK sends to an event report gate.</summary>
public enum CallbackKind
{
    /// <summary>The fate of a sent message: sent, delivered or failed.</summary>
    EventReport,

    /// <summary>A message from a WhatsApp user (TEXT, BUTTON or MEDIA content).</summary>
    ReceiveMessage,

    /// <summary>A message from a WhatsApp user in the alternative format (TEXT or MEDIA content).</summary>
    AlternativeReceiveMessage,
}

/// <summary>A callback body, read and told apart: exactly one of the three payloads is set.</summary>
public sealed class Callback
{
    private Callback(CallbackKind kind, EventReport? eventReport, ReceiveMessage? receiveMessage, AlternativeReceiveMessage? alternative)
    {
        Kind = kind;
        EventReport = eventReport;
        ReceiveMessage = receiveMessage;
        AlternativeReceiveMessage = alternative;
    }

    /// <summary>Which callback this is.</summary>
    public CallbackKind Kind { get; }

    /// <summary>The event report, when <see cref="Kind"/> is EventReport.</summary>
    public EventReport? EventReport { get; }

    /// <summary>The receive message, when <see cref="Kind"/> is ReceiveMessage.</summary>
    public ReceiveMessage? ReceiveMessage { get; }

    /// <summary>The alternative receive message, when <see cref="Kind"/> is AlternativeReceiveMessage.</summary>
    public AlternativeReceiveMessage? AlternativeReceiveMessage { get; }

    /// <summary>The message id the callback is about (the sent message's, or the received one's).</summary>
    public string? MessageId => EventReport?.MessageId ?? ReceiveMessage?.MessageId ?? AlternativeReceiveMessage?.MessageId;

    /// <summary>
    /// What makes a delivery the same delivery: the message id, and for an event report its message index and
    /// result code. One id per destination covers all messages of a request, so the index tells them apart,
    /// and "sent" and "delivered" are two reports of one message.
    /// </summary>
    public string? DeduplicationKey => MessageId is not { } id ? null : Kind switch
    {
        CallbackKind.EventReport => $"event:{id}:{EventReport!.MessageIndex}:{EventReport.ResultCode}",
        CallbackKind.ReceiveMessage => $"receive:{id}",
        _ => $"alternative:{id}",
    };

    /// <summary>
    /// Reads a callback body. Members and content types a newer API adds are kept, not an error
    /// (AdditionalMembers, ReceiveUnknownMessage, AlternativeUnknownContent).
    /// </summary>
    /// <exception cref="WhatsAppJsonException">Malformed JSON, a body that is none of the three callbacks, or one without a messageId.</exception>
    public static Callback Parse(ReadOnlySpan<byte> utf8Json)
    {
        PayloadInfo? payload = Payloads.Detect(utf8Json);
        Callback callback = payload?.Type switch
        {
            Type t when t == typeof(EventReport) => new(CallbackKind.EventReport, WhatsApp.EventReport.Parse(utf8Json), null, null),
            Type t when t == typeof(ReceiveMessage) => new(CallbackKind.ReceiveMessage, null, WhatsApp.ReceiveMessage.Parse(utf8Json), null),
            Type t when t == typeof(AlternativeReceiveMessage) => new(CallbackKind.AlternativeReceiveMessage, null, null, WhatsApp.AlternativeReceiveMessage.Parse(utf8Json)),
            _ => throw new WhatsAppJsonException(
                $"The body is {(payload is null ? "no payload of the API" : "a " + payload.Title)}, not a callback (event report, receive message or alternative receive message)",
                JsonFaultKind.WrongType),
        };
        if (string.IsNullOrEmpty(callback.MessageId))
        {
            throw new WhatsAppJsonException($"The {payload!.Title} has no messageId, which identifies it", JsonFaultKind.WrongType);
        }
        return callback;
    }
}
