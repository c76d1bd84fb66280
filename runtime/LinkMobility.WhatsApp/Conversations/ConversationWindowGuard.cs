using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Conversations;

/// <summary>The client's check of the window before a send.</summary>
internal static partial class ConversationWindowGuard
{
    /// <summary>Throws (Refuse) or logs (Warn) for the first destination whose window is not open, when the request has a message that is not a template.</summary>
    public static async ValueTask CheckAsync(MessageRequest request, ConversationWindowCheck check, IConversationWindowStore? store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (check == ConversationWindowCheck.Off || request.Messages is null || request.Destinations is null) return;
        if (request.Messages.All(m => m is TemplateMessage or null)) return;
        DateTimeOffset now = time.GetUtcNow();
        foreach (string? destination in request.Destinations)
        {
            if (destination is null) continue;
            DateTimeOffset? last = store is null ? null : await store.LastInboundAsync(destination, cancellationToken).ConfigureAwait(false);
            if (last is { } opened && now - opened < ConversationWindow.Length) continue;
            DateTimeOffset? closedAt = last + ConversationWindow.Length;
            if (check == ConversationWindowCheck.Refuse) throw new WhatsAppConversationWindowException(destination, closedAt);
            LogOutsideWindow(logger, request.RefId, closedAt is { } closed ? $"closed at {closed:u}" : "never opened");
        }
    }

    // No phone number in the log: the refId says which request.
    [LoggerMessage(10, LogLevel.Warning, "Message request {RefId} sends a message that is not a template outside a destination's 24-hour customer care window ({Window}); WhatsApp may not deliver it")]
    private static partial void LogOutsideWindow(ILogger logger, string refId, string window);
}
