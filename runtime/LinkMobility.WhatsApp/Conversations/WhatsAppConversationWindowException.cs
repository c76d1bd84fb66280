namespace LinkMobility.WhatsApp.Conversations;

/// <summary>A message that is not a template, to a number whose 24-hour customer care window is not open; nothing was sent.</summary>
public sealed class WhatsAppConversationWindowException(string destination, DateTimeOffset? closedAt)
    : WhatsAppException(closedAt is { } closed
        ? $"The message request was not sent: only a template message can go to {destination}, whose 24-hour customer care window closed at {closed:u}."
        : $"The message request was not sent: only a template message can go to {destination}, whose 24-hour customer care window never opened (no message from it).")
{
    /// <summary>The destination whose window is not open.</summary>
    public string Destination { get; } = destination;

    /// <summary>When its window closed; null when it never opened.</summary>
    public DateTimeOffset? ClosedAt { get; } = closedAt;
}
