namespace LinkMobility.WhatsApp.Conversations;

/// <summary>Remembers when each number last sent a message, which opens its window (shared by the callback endpoint and the client).</summary>
public interface IConversationWindowStore
{
    /// <summary>Records a message from <paramref name="number"/> at <paramref name="at"/>.</summary>
    ValueTask RecordInboundAsync(string number, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>When <paramref name="number"/> last sent a message, or null when it never did (or it was forgotten).</summary>
    ValueTask<DateTimeOffset?> LastInboundAsync(string number, CancellationToken cancellationToken);
}
