using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LinkMobility.WhatsApp;

/// <summary>
/// Keys with the time they were set, oldest first: what the two in-memory stores share (InMemoryCallbackDeduplicationStore
/// in Callbacks/, InMemoryConversationWindowStore in Conversations/). Safe for concurrent use without a global lock,
/// because a callback endpoint claims from every request thread at once: the keys are spread over stripes, each a
/// dictionary under its own lock, and a queue keeps their order for <see cref="Evict"/> to forget from the front.
/// </summary>
/// <remarks>
/// A full store is the usual state of a busy one, so each call may add a key and forget one. Entries are structs in the
/// dictionaries' arrays and in the queue's segments: the key's string is the only object a key keeps alive, which
/// keeps the garbage collector's work per callback small. An entry replaced or removed stays in the queue until it
/// reaches the front, where its sequence number no longer matches and it is dropped.
/// </remarks>
internal sealed class AgedKeys
{
    private const int StripeCount = 32;

    private readonly Dictionary<string, AgedEntry>[] _stripes = CreateStripes();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Key, long Sequence, long AtTicks)> _byAge = new();
    private readonly object _evicting = new();
    private long _sequence;
    private int _count;
    private int _queued;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string key, out AgedEntry entry)
    {
        Dictionary<string, AgedEntry> stripe = StripeOf(key);
        lock (stripe) return stripe.TryGetValue(key, out entry);
    }

    /// <summary>Adds the key, as the newest, unless it is there: then false, with the entry that is.</summary>
    public bool TryAdd(string key, DateTimeOffset at, out AgedEntry existing)
    {
        Dictionary<string, AgedEntry> stripe = StripeOf(key);
        var entry = new AgedEntry(at.UtcTicks, Interlocked.Increment(ref _sequence), Done: false);
        lock (stripe)
        {
            if (!stripe.TryAdd(key, entry))
            {
                existing = stripe[key];
                return false;
            }
        }
        Interlocked.Increment(ref _count);
        Enqueue(key, entry);
        existing = entry;
        return true;
    }

    /// <summary>Replaces <paramref name="expected"/> with a new entry set at <paramref name="at"/>, as the newest; false when another caller changed it first.</summary>
    public bool TryReplace(string key, AgedEntry expected, DateTimeOffset at)
    {
        Dictionary<string, AgedEntry> stripe = StripeOf(key);
        var entry = new AgedEntry(at.UtcTicks, Interlocked.Increment(ref _sequence), Done: false);
        lock (stripe)
        {
            ref AgedEntry current = ref CollectionsMarshal.GetValueRefOrNullRef(stripe, key);
            if (Unsafe.IsNullRef(ref current) || current.Sequence != expected.Sequence) return false;
            current = entry;
        }
        Enqueue(key, entry);
        return true;
    }

    private void Enqueue(string key, AgedEntry entry)
    {
        Interlocked.Increment(ref _queued);
        _byAge.Enqueue((key, entry.Sequence, entry.AtTicks));
    }

    /// <summary>Marks the key's entry done (a delivery handled); false when the key is not kept.</summary>
    public bool MarkDone(string key)
    {
        Dictionary<string, AgedEntry> stripe = StripeOf(key);
        lock (stripe)
        {
            ref AgedEntry current = ref CollectionsMarshal.GetValueRefOrNullRef(stripe, key);
            if (Unsafe.IsNullRef(ref current)) return false;
            current = current with { Done = true };
            return true;
        }
    }

    public void Remove(string key)
    {
        Dictionary<string, AgedEntry> stripe = StripeOf(key);
        bool removed;
        lock (stripe) removed = stripe.Remove(key);
        if (removed) Interlocked.Decrement(ref _count);
    }

    /// <summary>Forgets the oldest keys while they are older than <paramref name="maxAge"/>, or there are <paramref name="maxCount"/> or more.</summary>
    public void Evict(DateTimeOffset now, TimeSpan maxAge, int maxCount)
    {
        if (!NeedsEviction(now, maxAge, maxCount)) return;
        // One caller evicts at a time; the others go on (they may find the store a few keys over its bound meanwhile).
        if (!Monitor.TryEnter(_evicting)) return;
        try
        {
            // Only this caller takes from the queue, so the front it peeks at is the one it then takes.
            while (_byAge.TryPeek(out var oldest))
            {
                bool forget = Count >= maxCount || now.UtcTicks - oldest.AtTicks > maxAge.Ticks;
                if (!forget && !TooManyQueued) break;
                Dictionary<string, AgedEntry> stripe = StripeOf(oldest.Key);
                bool removed = false;
                lock (stripe)
                {
                    // This place in the queue stands for one setting of the key: one replaced since is further back.
                    // One lookup: the oldest entry is seldom in the cache.
                    ref AgedEntry entry = ref CollectionsMarshal.GetValueRefOrNullRef(stripe, oldest.Key);
                    bool current = !Unsafe.IsNullRef(ref entry) && entry.Sequence == oldest.Sequence;
                    if (current && !forget) break;   // only tidying, and the front is still wanted
                    if (current) removed = stripe.Remove(oldest.Key);
                }
                _byAge.TryDequeue(out _);
                Interlocked.Decrement(ref _queued);
                if (removed) Interlocked.Decrement(ref _count);
            }
        }
        finally
        {
            Monitor.Exit(_evicting);
        }
    }

    // Asked on every call: the queue's front and two counts, no lookup in a dictionary.
    private bool NeedsEviction(DateTimeOffset now, TimeSpan maxAge, int maxCount) =>
        _byAge.TryPeek(out var oldest) && (Count >= maxCount || now.UtcTicks - oldest.AtTicks > maxAge.Ticks || TooManyQueued);

    /// <summary>Places left in the queue by keys replaced or removed outnumber the keys: time to drop them from the front.</summary>
    private bool TooManyQueued => Volatile.Read(ref _queued) > 2 * Math.Max(Count, 1024);

    private Dictionary<string, AgedEntry> StripeOf(string key) =>
        _stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % StripeCount];

    private static Dictionary<string, AgedEntry>[] CreateStripes()
    {
        var stripes = new Dictionary<string, AgedEntry>[StripeCount];
        for (int i = 0; i < stripes.Length; i++) stripes[i] = new Dictionary<string, AgedEntry>(StringComparer.Ordinal);
        return stripes;
    }
}

/// <summary>A key's entry as it was read: when it was set (UTC ticks), which setting of the key it is, and whether it was marked done (a delivery handled).</summary>
internal readonly record struct AgedEntry(long AtTicks, long Sequence, bool Done)
{
    public DateTimeOffset At => new(AtTicks, TimeSpan.Zero);
}
