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
        Callback callback = ReadAsGuessed(utf8Json) ?? ReadAsDetected(utf8Json);
        if (string.IsNullOrEmpty(callback.MessageId))
        {
            throw new WhatsAppJsonException($"The {Payloads.All.First(p => p.Type == callback.Payload.GetType()).Title} has no messageId, which identifies it", JsonFaultKind.WrongType);
        }
        return callback;
    }

    private object Payload => (object?)EventReport ?? (object?)ReceiveMessage ?? AlternativeReceiveMessage!;

    /// <summary>
    /// The body read once: as the first callback whose detect names all stand in it as quoted text (a guess, as they
    /// may stand in a value), kept only when Payloads.DetectRead confirms it from the members read. Null when there is
    /// no guess or it was wrong: the body is then told apart first and read second (ReadAsDetected), which gives the
    /// same callback or the same fault, only later.
    /// </summary>
    private static Callback? ReadAsGuessed(ReadOnlySpan<byte> utf8Json)
    {
        foreach (Reader reader in Readers)
        {
            if (!reader.NamedIn(utf8Json)) continue;
            try
            {
                Callback callback = reader.Read(utf8Json);
                return Payloads.DetectRead(callback.Payload) == reader.Payload ? callback : null;
            }
            catch (WhatsAppJsonException)
            {
                return null;   // read again the usual way, which says what is wrong with the body as a whole
            }
        }
        return null;
    }

    private static Callback ReadAsDetected(ReadOnlySpan<byte> utf8Json)
    {
        PayloadInfo? payload = Payloads.Detect(utf8Json);
        return Readers.FirstOrDefault(r => r.Payload == payload)?.Read(utf8Json) ?? throw new WhatsAppJsonException(
            $"The body is {(payload is null ? "no payload of the API" : "a " + payload.Title)}, not a callback (event report, receive message or alternative receive message)",
            JsonFaultKind.WrongType);
    }

    /// <summary>A reader of each of the three callbacks, in the order Detect tries them.</summary>
    private static readonly Reader[] Readers = Payloads.All
        .Select(payload => payload.Type == typeof(EventReport) ? new Reader(payload, body => new(CallbackKind.EventReport, WhatsApp.EventReport.Parse(body), null, null))
            : payload.Type == typeof(ReceiveMessage) ? new Reader(payload, body => new(CallbackKind.ReceiveMessage, null, WhatsApp.ReceiveMessage.Parse(body), null))
            : payload.Type == typeof(AlternativeReceiveMessage) ? new Reader(payload, body => new(CallbackKind.AlternativeReceiveMessage, null, null, WhatsApp.AlternativeReceiveMessage.Parse(body)))
            : null)
        .OfType<Reader>()
        .ToArray();

    private delegate Callback ReadBody(ReadOnlySpan<byte> utf8Json);

    /// <summary>Reads one callback, and says whether its detect names all stand in a body as quoted UTF-8 text.</summary>
    private sealed class Reader(PayloadInfo payload, ReadBody read)
    {
        private readonly byte[][] _quotedNames = payload.Detect.Select(name => System.Text.Encoding.UTF8.GetBytes($"\"{name}\"")).ToArray();

        public PayloadInfo Payload => payload;

        public Callback Read(ReadOnlySpan<byte> utf8Json) => read(utf8Json);

        public bool NamedIn(ReadOnlySpan<byte> utf8Json)
        {
            foreach (byte[] name in _quotedNames)
            {
                if (utf8Json.IndexOf(name) < 0) return false;
            }
            return true;
        }
    }
}
