namespace LinkMobility.WhatsApp;

/// <summary>
/// Keys with a value and the time they were set, oldest first, for the in-memory stores (deduplication, 24-hour
/// windows): each operation is O(1), and <see cref="Evict"/> forgets from the oldest. Not thread-safe: callers lock.
/// </summary>
internal sealed class AgedKeys<TValue>
{
    private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value, DateTimeOffset At)>> _nodes = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, TValue Value, DateTimeOffset At)> _byAge = new();

    public int Count => _nodes.Count;

    public bool TryGet(string key, out TValue value, out DateTimeOffset at)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            (_, value, at) = node.Value;
            return true;
        }
        (value, at) = (default!, default);
        return false;
    }

    /// <summary>Sets a key, as the newest.</summary>
    public void Set(string key, TValue value, DateTimeOffset at)
    {
        Remove(key);
        _nodes[key] = _byAge.AddLast((key, value, at));
    }

    /// <summary>Changes a key's value, keeping its age; false when it is not there.</summary>
    public bool TryUpdate(string key, TValue value)
    {
        if (!_nodes.TryGetValue(key, out var node)) return false;
        node.Value = (key, value, node.Value.At);
        return true;
    }

    public void Remove(string key)
    {
        if (_nodes.Remove(key, out var node)) _byAge.Remove(node);
    }

    /// <summary>Forgets the oldest keys while they are older than <paramref name="maxAge"/>, or there are <paramref name="maxCount"/> or more.</summary>
    public void Evict(DateTimeOffset now, TimeSpan maxAge, int maxCount)
    {
        while (_byAge.First is { } oldest && (now - oldest.Value.At > maxAge || _nodes.Count >= maxCount))
        {
            _nodes.Remove(oldest.Value.Key);
            _byAge.RemoveFirst();
        }
    }
}
