namespace LinkMobility.WhatsApp.Conversations;

/// <summary>
/// The document's 24-hour customer care window: "Outside of the 24 hour customer care window a template message is the
/// only type of message that can be used". A message from a number opens its window for <see cref="Length"/>.
/// </summary>
public static class ConversationWindow
{
    /// <summary>How long a window stays open after the number's last message.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);

    /// <summary>The key of a number: its digits, so "+46 70-000 00 01" and "46700000001" are one number.</summary>
    public static string Key(string number) => new(number.Where(char.IsAsciiDigit).ToArray());
}

/// <summary>How the client treats a message that is not a template, to a number whose window is not open.</summary>
public enum ConversationWindowCheck
{
    /// <summary>No check (the default).</summary>
    Off,

    /// <summary>Log a warning and send.</summary>
    Warn,

    /// <summary>Send nothing: throw <see cref="WhatsAppConversationWindowException"/>.</summary>
    Refuse,
}
