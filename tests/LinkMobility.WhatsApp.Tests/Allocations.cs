namespace LinkMobility.WhatsApp.Tests;

/// <summary>What a call allocates on this thread, measured so the runtime's own one-off work does not count.</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes allocated by 1,000 calls: the least of three batches after a warm-up. The runtime's own one-off work
    /// (tiering the methods up, which on a loaded machine can come late) can land in one batch; a per-call allocation
    /// shows in every batch.
    /// </summary>
    public static long LeastPer1000Calls(Action call)
    {
        for (int i = 0; i < 2000; i++) call();
        long least = long.MaxValue;
        for (int batch = 0; batch < 3; batch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) call();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
