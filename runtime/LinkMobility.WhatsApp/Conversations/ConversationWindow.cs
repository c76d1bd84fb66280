using Microsoft.Extensions.Logging;

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

/// <summary>Remembers when each number last sent a message, which opens its window (shared by the callback endpoint and the client).</summary>
public interface IConversationWindowStore
{
    /// <summary>Records a message from <paramref name="number"/> at <paramref name="at"/>.</summary>
    ValueTask RecordInboundAsync(string number, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>When <paramref name="number"/> last sent a message, or null when it never did (or it was forgotten).</summary>
    ValueTask<DateTimeOffset?> LastInboundAsync(string number, CancellationToken cancellationToken);
}

/// <summary>
/// The window store in memory, for one process: O(1) per call; a number is kept for the window's length and at most
/// <see cref="MaxKeys"/> are kept, the longest silent forgotten first (a forgotten number's window counts as closed).
/// </summary>
public sealed class InMemoryConversationWindowStore(TimeProvider time) : IConversationWindowStore
{
    // The longest silent first: a number that writes again becomes the newest.
    private readonly AgedKeys _numbers = new();

    /// <summary>A store on the system clock.</summary>
    public InMemoryConversationWindowStore() : this(TimeProvider.System) { }

    /// <summary>The most numbers kept (100,000 by default).</summary>
    public int MaxKeys { get; init; } = 100_000;

    /// <inheritdoc/>
    public ValueTask RecordInboundAsync(string number, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        string key = ConversationWindow.Key(number);
        _numbers.Evict(time.GetUtcNow(), ConversationWindow.Length, MaxKeys);
        // Only a later message moves a window: two callbacks recorded out of order keep the latest.
        while (!_numbers.TryAdd(key, at, out AgedEntry known) && known.At < at && !_numbers.TryReplace(key, known, at))
        {
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<DateTimeOffset?> LastInboundAsync(string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        return ValueTask.FromResult(_numbers.TryGet(ConversationWindow.Key(number), out AgedEntry known) ? known.At : (DateTimeOffset?)null);
    }
}

/// <summary>A message that is not a template, to a number whose 24-hour customer care window is not open; nothing was sent.</summary>
public sealed class WhatsAppConversationWindowException(string destination, DateTimeOffset? closedAt)
    : Exception(closedAt is { } closed
        ? $"The message request was not sent: only a template message can go to {destination}, whose 24-hour customer care window closed at {closed:u}."
        : $"The message request was not sent: only a template message can go to {destination}, whose 24-hour customer care window never opened (no message from it).")
{
    /// <summary>The destination whose window is not open.</summary>
    public string Destination { get; } = destination;

    /// <summary>When its window closed; null when it never opened.</summary>
    public DateTimeOffset? ClosedAt { get; } = closedAt;
}

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
