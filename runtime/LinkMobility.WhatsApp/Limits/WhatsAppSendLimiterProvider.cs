using System.Collections.Concurrent;

namespace LinkMobility.WhatsApp.Limits;

/// <summary>
/// The limiters of the clients registered with AddWhatsAppClient: a singleton service that makes each client's limiters
/// once, from its options' <see cref="WhatsAppClientOptions.Limits"/> (the typed client's and each named client's
/// apart), and disposes them with the service provider. By default they are in this process, on the registered
/// <see cref="TimeProvider"/>; AddWhatsAppRedis replaces this service with one whose limiters are on Redis.
/// </summary>
/// <remarks>
/// The figures are read once, when a client of that name is first made: a configuration reload that changes them takes
/// effect at the next start (the options the limiters were made from refuse a change; <see cref="SendLimitOptions.IsReadOnly"/>).
/// </remarks>
public class WhatsAppSendLimiterProvider : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<WhatsAppSendLimiters>> _made = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _disposed;

    /// <summary>A provider of limiters in this process, on <paramref name="timeProvider"/> (the system's by default).</summary>
    public WhatsAppSendLimiterProvider(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>The limiters of the client named <paramref name="clientName"/> (Options.DefaultName, "", for the typed client), made from <paramref name="limits"/> the first time.</summary>
    /// <exception cref="ObjectDisposedException">The provider was disposed (the application is stopping).</exception>
    public WhatsAppSendLimiters GetLimiters(string clientName, SendLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        ArgumentNullException.ThrowIfNull(limits);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _made.GetOrAdd(clientName, _ => new Lazy<WhatsAppSendLimiters>(() => CreateLimiters(limits))).Value;
    }

    /// <summary>Makes one client's limiters: in this process, on the provider's clock. Override to keep them elsewhere.</summary>
    protected virtual WhatsAppSendLimiters CreateLimiters(SendLimitOptions limits) => WhatsAppSendLimiters.InMemory(limits, _time);

    /// <summary>Disposes every limiter made.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (Lazy<WhatsAppSendLimiters> made in _made.Values)
        {
            if (made.IsValueCreated) await made.Value.DisposeAsync().ConfigureAwait(false);
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes every limiter made.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
