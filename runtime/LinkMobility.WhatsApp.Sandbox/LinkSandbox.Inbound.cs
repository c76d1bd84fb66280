namespace LinkMobility.WhatsApp.Sandbox;

// Messages from WhatsApp users, shaped as the document's examples, for SendReceiveMessageAsync.
public sealed partial class LinkSandbox
{
    /// <summary>A text from a WhatsApp user, optionally replying to a message the business sent.</summary>
    public static ReceiveMessage TextFrom(string user, string business, string text, string? replyTo = null) =>
        Inbound(user, business, new ReceiveTextMessage { Text = text, Context = replyTo is null ? null : new() { Source = business, MessageId = replyTo } });

    /// <summary>A picture, video, audio or document from a WhatsApp user.</summary>
    public static ReceiveMessage MediaFrom(string user, string business, string mimeType, Uri source, string? caption = null) =>
        Inbound(user, business, new ReceiveMediaMessage { Media = new() { Type = mimeType, Source = source.ToString(), Caption = caption } });

    /// <summary>A text from a WhatsApp user in the alternative format.</summary>
    public static AlternativeReceiveMessage AlternativeTextFrom(string user, string business, string text) => new()
    {
        MessageId = NewMessageId(), Source = user, Destination = business, Channel = "WHATSAPP", Operator = "whatsapp",
        OperatorMessageId = NewMessageId(), Timestamp = DateTimeOffset.UtcNow, OperatorTimestamp = DateTimeOffset.UtcNow,
        Content = new AlternativeTextContent { Data = text },
    };

    /// <summary>A quick reply button pressed by a WhatsApp user, in reply to a template the business sent.</summary>
    public static ReceiveMessage ButtonFrom(string user, string business, string text, string payload, string replyTo) =>
        Inbound(user, business, new ReceiveButtonMessage { Button = new() { Text = text, Payload = payload }, Context = new() { Source = business, MessageId = replyTo } });

    /// <summary>The receive message envelope the document's examples show around <paramref name="message"/>.</summary>
    private static ReceiveMessage Inbound(string user, string business, ReceiveContentMessage message) => new()
    {
        Source = user, Destination = business, Provider = "whatsapp", MessageId = NewMessageId(), ProviderMessageId = NewMessageId(),
        Timestamp = DateTimeOffset.UtcNow, ProviderTimestamp = DateTimeOffset.UtcNow,
        Content = new() { Type = "WHATSAPP", Message = message },
    };
}
