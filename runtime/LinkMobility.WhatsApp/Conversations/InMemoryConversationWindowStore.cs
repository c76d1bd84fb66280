using LinkMobility.WhatsApp.Stores;

namespace LinkMobility.WhatsApp.Conversations;

/// <summary>
/// The window store in memory, for one process: O(1) per call; a number is kept for the window's length and at most
/// <see cref="MaxKeys"/> are kept, the longest silent forgotten first (a forgotten number's window counts as closed;
/// a store of more than 4,096 numbers keeps them in up to 32 parts, each forgetting its own longest silent).
/// </summary>
public sealed class InMemoryConversationWindowStore(TimeProvider time) : IConversationWindowStore
{
    // The longest silent first: a number that writes again becomes the newest. Made at the first call, when MaxKeys is set.
    private AgedKeys? _numbers;

    /// <summary>A store on the system clock.</summary>
    public InMemoryConversationWindowStore() : this(TimeProvider.System) { }

    /// <summary>The most numbers kept (100,000 by default).</summary>
    public int MaxKeys { get; init; } = 100_000;

    /// <inheritdoc/>
    public ValueTask RecordInboundAsync(string number, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        string key = ConversationWindow.Key(number);
        AgedKeys numbers = Numbers;
        DateTimeOffset now = time.GetUtcNow();
        // Only a later message moves a window: two callbacks recorded out of order keep the latest.
        while (!numbers.TryAdd(key, at, now, out AgedEntry known) && known.At < at && !numbers.TryReplace(key, known, at))
        {
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<DateTimeOffset?> LastInboundAsync(string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        return ValueTask.FromResult(Numbers.TryGet(ConversationWindow.Key(number), out AgedEntry known) ? known.At : (DateTimeOffset?)null);
    }

    private AgedKeys Numbers => _numbers ?? CreateNumbers();

    private AgedKeys CreateNumbers()
    {
        Interlocked.CompareExchange(ref _numbers, new AgedKeys(MaxKeys, ConversationWindow.Length), null);
        return _numbers;
    }
}
