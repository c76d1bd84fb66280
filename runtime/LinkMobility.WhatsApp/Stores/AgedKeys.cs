using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LinkMobility.WhatsApp.Stores;

/// <summary>
/// Keys with the time they were set, at most a number of them and for at most an age, the oldest forgotten first: what
/// the two in-memory stores share (InMemoryCallbackDeduplicationStore in Callbacks/, InMemoryConversationWindowStore in
/// Conversations/). Safe for concurrent use, because a callback endpoint claims from every request thread at once.
/// </summary>
/// <remarks>
/// <para>
/// The keys are spread over parts (one for a small store, up to 32 for a large one), each with its share of the keys:
/// a dictionary, a queue of its keys by age and a count, under the part's own lock. A call touches one part and nothing
/// shared, so two cores never wait on each other's cache lines. Each part forgets its own oldest, so in a large store a
/// key may go a little before an older key of another part (the parts fill evenly, so by a few percent of the bound).
/// </para>
/// <para>
/// A key is kept as its 128-bit fingerprint (XxHash128, seeded per store), not as its string: the store holds no object
/// per key, so the garbage collector neither copies nor scans them, and a lookup reads no string. Two keys with one
/// fingerprint would be taken for one key; among a million keys the chance is under one in 10^26, and a sender who could
/// aim for it gains nothing, since whoever may post a callback may post one with the key itself.
/// </para>
/// </remarks>
internal sealed class AgedKeys
{
    private const int MaxParts = 32;

    // A part is worth its lock only when it holds this many keys or more.
    private const int MinKeysPerPart = 2048;

    private readonly Part[] _parts;
    private readonly long _maxAgeTicks;
    private readonly long _seed = Random.Shared.NextInt64();

    // When the next call forgets what aged out in every part, not only in its own (once a second at most).
    private long _nextSweepTicks;

    public AgedKeys(int maxCount, TimeSpan maxAge)
    {
        int parts = 1;
        while (parts < MaxParts && maxCount / (parts * 2) >= MinKeysPerPart) parts *= 2;
        _parts = new Part[parts];
        for (int i = 0; i < parts; i++) _parts[i] = new Part(Math.Max(0, maxCount) / parts);
        _maxAgeTicks = maxAge.Ticks;
    }

    /// <summary>How many keys are kept now (for the stores' Count: each part's lock is taken in turn).</summary>
    public int Count
    {
        get
        {
            int count = 0;
            foreach (Part part in _parts)
            {
                lock (part) count += part.Entries.Count;
            }
            return count;
        }
    }

    /// <summary>Places in the parts' age queues, current or left behind by a key replaced or removed (for tests: at most about twice the keys).</summary>
    internal int Queued
    {
        get
        {
            int queued = 0;
            foreach (Part part in _parts)
            {
                lock (part) queued += part.ByAge.Count;
            }
            return queued;
        }
    }

    public bool TryGet(string key, out AgedEntry entry)
    {
        UInt128 fingerprint = Fingerprint(key);
        Part part = PartOf(fingerprint);
        lock (part) return part.Entries.TryGetValue(fingerprint, out entry);
    }

    /// <summary>Adds the key set at <paramref name="at"/>, as the newest, unless it is there: then false, with the entry that is.</summary>
    public bool TryAdd(string key, DateTimeOffset at, DateTimeOffset now, out AgedEntry existing)
    {
        UInt128 fingerprint = Fingerprint(key);
        Part part = PartOf(fingerprint);
        SweepIfDue(now.UtcTicks);
        lock (part)
        {
            part.Forget(now.UtcTicks, _maxAgeTicks, makeRoom: false);
            ref AgedEntry current = ref CollectionsMarshal.GetValueRefOrNullRef(part.Entries, fingerprint);
            if (!Unsafe.IsNullRef(ref current))
            {
                existing = current;
                return false;
            }
            part.Forget(now.UtcTicks, _maxAgeTicks, makeRoom: true);
            existing = new AgedEntry(at.UtcTicks, ++part.Sequence, Done: false);
            part.Entries.Add(fingerprint, existing);
            part.Enqueue(fingerprint, existing);
            return true;
        }
    }

    /// <summary>Replaces <paramref name="expected"/> with a new entry set at <paramref name="at"/>, as the newest; false when another caller changed it first.</summary>
    public bool TryReplace(string key, AgedEntry expected, DateTimeOffset at)
    {
        UInt128 fingerprint = Fingerprint(key);
        Part part = PartOf(fingerprint);
        lock (part)
        {
            ref AgedEntry current = ref CollectionsMarshal.GetValueRefOrNullRef(part.Entries, fingerprint);
            if (Unsafe.IsNullRef(ref current) || current.Sequence != expected.Sequence) return false;
            current = new AgedEntry(at.UtcTicks, ++part.Sequence, Done: false);
            part.Enqueue(fingerprint, current);
            return true;
        }
    }

    /// <summary>Marks the key's entry done (a delivery handled); false when the key is not kept.</summary>
    public bool MarkDone(string key)
    {
        UInt128 fingerprint = Fingerprint(key);
        Part part = PartOf(fingerprint);
        lock (part)
        {
            ref AgedEntry current = ref CollectionsMarshal.GetValueRefOrNullRef(part.Entries, fingerprint);
            if (Unsafe.IsNullRef(ref current)) return false;
            current = current with { Done = true };
            return true;
        }
    }

    public void Remove(string key)
    {
        UInt128 fingerprint = Fingerprint(key);
        Part part = PartOf(fingerprint);
        lock (part)
        {
            part.Entries.Remove(fingerprint);
        }
    }

    // A part forgets what aged out whenever it is used; this forgets it in the parts no call has used lately.
    private void SweepIfDue(long nowTicks)
    {
        long due = Volatile.Read(ref _nextSweepTicks);
        if (nowTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, nowTicks + TimeSpan.TicksPerSecond, due) != due) return;
        foreach (Part part in _parts)
        {
            lock (part) part.Forget(nowTicks, _maxAgeTicks, makeRoom: false);
        }
    }

    private UInt128 Fingerprint(string key) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()), _seed);

    private Part PartOf(UInt128 fingerprint) => _parts[(int)((ulong)(fingerprint >> 64) & (ulong)(_parts.Length - 1))];

    /// <summary>One share of the keys; every member is used under the part's lock.</summary>
    private sealed class Part(int capacity)
    {
        public readonly Dictionary<UInt128, AgedEntry> Entries = new();

        // Each setting of a key, oldest first. A key replaced or removed leaves its old place behind: dropped when it
        // reaches the front, or all at once when such places outnumber the keys (Enqueue).
        public Queue<Place> ByAge = new();

        public long Sequence;

        public void Enqueue(UInt128 fingerprint, AgedEntry entry)
        {
            ByAge.Enqueue(new Place(fingerprint, entry.Sequence, entry.AtTicks));
            if (ByAge.Count > 2 * Entries.Count + 64)
            {
                var current = new Queue<Place>(Entries.Count);
                foreach (Place place in ByAge)
                {
                    if (IsCurrent(place)) current.Enqueue(place);
                }
                ByAge = current;
            }
        }

        /// <summary>Forgets keys from the front while they are older than the age, or while the part is full when <paramref name="makeRoom"/>.</summary>
        public void Forget(long nowTicks, long maxAgeTicks, bool makeRoom)
        {
            // Asked on every call: the front's age and a count, no lookup unless something is to go.
            while (ByAge.TryPeek(out Place oldest) && (nowTicks - oldest.AtTicks > maxAgeTicks || (makeRoom && Entries.Count >= capacity)))
            {
                ByAge.Dequeue();
                if (IsCurrent(oldest)) Entries.Remove(oldest.Fingerprint);
            }
        }

        // A place stands for one setting of its key: one replaced since is further back.
        private bool IsCurrent(Place place)
        {
            ref AgedEntry entry = ref CollectionsMarshal.GetValueRefOrNullRef(Entries, place.Fingerprint);
            return !Unsafe.IsNullRef(ref entry) && entry.Sequence == place.Sequence;
        }
    }

    /// <summary>A key's place in the age queue: which setting of the key it stands for, and when that was.</summary>
    private readonly record struct Place(UInt128 Fingerprint, long Sequence, long AtTicks);
}

/// <summary>A key's entry as it was read: when it was set (UTC ticks), which setting of the key it is, and whether it was marked done (a delivery handled).</summary>
internal readonly record struct AgedEntry(long AtTicks, long Sequence, bool Done)
{
    public DateTimeOffset At => new(AtTicks, TimeSpan.Zero);
}
