using System.Collections.Concurrent;

namespace LinkMobility.WhatsApp;

/// <summary>
/// Keys with the time they were set, oldest first: what the two in-memory stores share (InMemoryCallbackDeduplicationStore
/// in Callbacks/, InMemoryConversationWindowStore in Conversations/). Safe for concurrent use without a global lock,
/// because a callback endpoint claims from every request thread at once: a concurrent dictionary holds each key's
/// current entry, a queue their order, and <see cref="Evict"/> forgets from the front. An entry replaced or removed stays in the queue until it reaches the front, where it is skipped.
/// </summary>
internal sealed class AgedKeys
{
    private readonly ConcurrentDictionary<string, AgedEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, AgedEntry Entry)> _byAge = new();
    private readonly object _evicting = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string key, out AgedEntry entry) => _entries.TryGetValue(key, out entry!);

    /// <summary>Adds the key, as the newest, unless it is there: then false, with the entry that is.</summary>
    public bool TryAdd(string key, DateTimeOffset at, out AgedEntry existing)
    {
        var entry = new AgedEntry(at);
        while (true)
        {
            if (_entries.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _count);
                _byAge.Enqueue((key, entry));
                existing = entry;
                return true;
            }
            if (_entries.TryGetValue(key, out existing!)) return false;
            // Removed in between: try again.
        }
    }

    /// <summary>Replaces <paramref name="expected"/> with a new entry set at <paramref name="at"/>, as the newest; false when another caller changed it first.</summary>
    public bool TryReplace(string key, AgedEntry expected, DateTimeOffset at)
    {
        var entry = new AgedEntry(at);
        if (!_entries.TryUpdate(key, entry, expected)) return false;
        _byAge.Enqueue((key, entry));
        return true;
    }

    public void Remove(string key)
    {
        if (_entries.TryRemove(key, out _)) Interlocked.Decrement(ref _count);
    }

    /// <summary>Forgets the oldest keys while they are older than <paramref name="maxAge"/>, or there are <paramref name="maxCount"/> or more.</summary>
    public void Evict(DateTimeOffset now, TimeSpan maxAge, int maxCount)
    {
        if (!NeedsEviction(now, maxAge, maxCount)) return;
        // One caller evicts at a time; the others go on (they may find the store a few keys over its bound meanwhile).
        if (!Monitor.TryEnter(_evicting)) return;
        try
        {
            while (NeedsEviction(now, maxAge, maxCount) && _byAge.TryDequeue(out var oldest))
            {
                if (_entries.TryRemove(new KeyValuePair<string, AgedEntry>(oldest.Key, oldest.Entry))) Interlocked.Decrement(ref _count);
            }
        }
        finally
        {
            Monitor.Exit(_evicting);
        }
    }

    private bool NeedsEviction(DateTimeOffset now, TimeSpan maxAge, int maxCount)
    {
        if (!_byAge.TryPeek(out var oldest)) return false;
        bool current = _entries.TryGetValue(oldest.Key, out AgedEntry? entry) && ReferenceEquals(entry, oldest.Entry);
        return !current || now - oldest.Entry.At > maxAge || Count >= maxCount;
    }
}

/// <summary>A key's entry: when it was set, and whether it was marked done since (a delivery handled).</summary>
internal sealed class AgedEntry(DateTimeOffset at)
{
    private volatile bool _done;

    public DateTimeOffset At { get; } = at;

    public bool Done => _done;

    public void MarkDone() => _done = true;
}
