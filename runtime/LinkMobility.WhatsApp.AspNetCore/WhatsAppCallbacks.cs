using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using LinkMobility.WhatsApp.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>What the callback endpoint checks before a handler sees a callback.</summary>
public sealed class WhatsAppCallbackOptions
{
    /// <summary>When set (with <see cref="Password"/>), callbacks must carry these Basic credentials (configure them on the gate's URL).</summary>
    public string? Username { get; set; }

    /// <summary>The Basic authentication password; compared in constant time, never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Accept callbacks only from LINK's documented outgoing hosts (Appendix 1) and <see cref="AdditionalAllowedAddresses"/>.</summary>
    public bool RestrictToLinkHosts { get; set; }

    /// <summary>More addresses to accept when <see cref="RestrictToLinkHosts"/> is on (a proxy's, or loopback for the sandbox).</summary>
    public IList<IPAddress> AdditionalAllowedAddresses { get; } = [];

    /// <summary>The largest body read; a larger one is answered 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>Handles callbacks; implement the ones you need (the others do nothing).</summary>
public interface IWhatsAppCallbackHandler
{
    /// <summary>A message's fate: sent, delivered, failed.</summary>
    Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A message from a WhatsApp user.</summary>
    Task OnReceiveMessageAsync(ReceiveMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A message from a WhatsApp user, in the alternative format.</summary>
    Task OnAlternativeReceiveMessageAsync(AlternativeReceiveMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What a claim of a delivery found.</summary>
public enum CallbackClaim
{
    /// <summary>First seen (or given back): this caller handles it, then completes or releases it.</summary>
    Claimed,

    /// <summary>Another copy is being handled right now: not done yet, so LINK must try again later.</summary>
    InFlight,

    /// <summary>Handled before: acknowledge it and do nothing.</summary>
    Handled,
}

/// <summary>
/// Remembers which deliveries were handled, so a delivery LINK repeats is handled once, and one is acknowledged
/// only when it was handled: a claim, then its completion (handled) or its release (failed, so LINK's retry is handled).
/// </summary>
public interface ICallbackDeduplicationStore
{
    /// <summary>Claims a delivery: <see cref="CallbackClaim.Claimed"/> when this caller is to handle it.</summary>
    ValueTask<CallbackClaim> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Marks a claimed delivery handled; its copies are acknowledged from then on.</summary>
    ValueTask CompleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Gives a claim back, when handling failed, so LINK's next attempt is handled.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// The default store: in memory, for one process. Each operation is O(1). A key is kept for <see cref="Retention"/>,
/// and at most <see cref="MaxKeys"/> are kept: past that the oldest are forgotten first (a retry of a forgotten
/// delivery would be handled again, so size it above the deliveries of one retention period).
/// </summary>
public sealed class InMemoryCallbackDeduplicationStore(TimeProvider time) : ICallbackDeduplicationStore
{
    // Each key's claim, done once handled; oldest claim first. No global lock: every request thread claims at once.
    private readonly AgedKeys _claims = new();

    /// <summary>A store on the system clock.</summary>
    public InMemoryCallbackDeduplicationStore() : this(TimeProvider.System) { }

    /// <summary>How long a claim is remembered (two days by default; LINK retries for less).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(2);

    /// <summary>The most keys kept (100,000 by default, a few tens of MB); the oldest go first. Claims made at the same moment may pass it by a few until the next claim.</summary>
    public int MaxKeys { get; init; } = 100_000;

    /// <summary>How long a claim may stay in flight before a copy may claim it again (its handler hung or its process died).</summary>
    public TimeSpan InFlightTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many keys are kept now.</summary>
    public int Count => _claims.Count;

    /// <inheritdoc/>
    public ValueTask<CallbackClaim> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        DateTimeOffset now = time.GetUtcNow();
        _claims.Evict(now, Retention, MaxKeys);
        while (true)
        {
            if (_claims.TryAdd(key, now, out AgedEntry claim)) return ValueTask.FromResult(CallbackClaim.Claimed);
            if (claim.Done) return ValueTask.FromResult(CallbackClaim.Handled);
            if (now - claim.At <= InFlightTimeout) return ValueTask.FromResult(CallbackClaim.InFlight);
            // Its handler hung or died: this copy takes it over, unless another copy did first.
            if (_claims.TryReplace(key, claim, now)) return ValueTask.FromResult(CallbackClaim.Claimed);
        }
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(string key, CancellationToken cancellationToken)
    {
        if (_claims.TryGet(key, out AgedEntry claim)) claim.MarkDone();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _claims.Remove(key);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The callback endpoint's log category.</summary>
internal sealed class WhatsAppCallbackEndpoint;

/// <summary>The callback endpoint's telemetry, on the package's ActivitySource and Meter names (<see cref="WhatsAppTelemetry.Name"/>).</summary>
internal static class CallbackTelemetry
{
    public static readonly ActivitySource Source = new(WhatsAppTelemetry.Name);

    public static readonly Meter Meter = new(WhatsAppTelemetry.Name);

    /// <summary>Callbacks by kind (event_report, receive_message, alternative_receive_message, unknown) and outcome.</summary>
    public static readonly Counter<long> Callbacks = Meter.CreateCounter<long>(
        "linkmobility.whatsapp.callbacks", "{callback}", "Callbacks by kind and outcome (handled, duplicate, in_flight, handler_failed, store_unavailable, malformed, unauthorized, forbidden, too_large)");

    /// <summary>How long the handler took with a callback.</summary>
    public static readonly Histogram<double> HandlingDuration = Meter.CreateHistogram<double>(
        "linkmobility.whatsapp.callback.duration", "s", "How long the handler took with a callback");

    public static string KindOf(Callback? callback) => callback?.Kind switch
    {
        CallbackKind.EventReport => "event_report",
        CallbackKind.ReceiveMessage => "receive_message",
        CallbackKind.AlternativeReceiveMessage => "alternative_receive_message",
        _ => "unknown",
    };

    public static IResult Count(Activity? activity, Callback? callback, string outcome, IResult result)
    {
        Callbacks.Add(1, new KeyValuePair<string, object?>("kind", KindOf(callback)), new KeyValuePair<string, object?>("outcome", outcome));
        activity?.SetTag("linkmobility.whatsapp.outcome", outcome);
        return result;
    }
}

/// <summary>Registration and the endpoint.</summary>
public static partial class WhatsAppCallbackEndpoints
{
    /// <summary>Adds the callback options and the in-memory deduplication store (replace it for several instances).</summary>
    public static IServiceCollection AddWhatsAppCallbacks(this IServiceCollection services, Action<WhatsAppCallbackOptions>? configure = null)
    {
        services.AddOptions<WhatsAppCallbackOptions>().Configure(configure ?? (_ => { }))
            .Validate(o => o.MaxBodyBytes > 0, "WhatsAppCallbackOptions.MaxBodyBytes must be positive")
            .Validate(o => (o.Username is null) == (o.Password is null), "WhatsAppCallbackOptions.Username and Password are set together (Basic credentials), or neither")
            .ValidateOnStart();
        services.TryAddSingleton<ICallbackDeduplicationStore, InMemoryCallbackDeduplicationStore>();
        // A message from a number opens its 24-hour window; the client checks the same store.
        services.TryAddSingleton<IConversationWindowStore, InMemoryConversationWindowStore>();
        return services;
    }

    /// <summary>
    /// Maps POST <paramref name="pattern"/> for LINK's callbacks. Each is checked (address, credentials, size),
    /// read and told apart, and handed once to the registered <see cref="IWhatsAppCallbackHandler"/>.
    /// Bad input is answered 400 with problem details, never 500.
    /// </summary>
    /// <exception cref="InvalidOperationException">AddWhatsAppCallbacks was not called.</exception>
    public static IEndpointConventionBuilder MapWhatsAppCallbacks(this IEndpointRouteBuilder endpoints, string pattern)
    {
        IServiceProvider services = endpoints.ServiceProvider;
        if (services.GetService<ICallbackDeduplicationStore>() is not { } store || services.GetService<IConversationWindowStore>() is not { } windows)
        {
            throw new InvalidOperationException("MapWhatsAppCallbacks needs services.AddWhatsAppCallbacks() first.");
        }
        if (services.GetService<IServiceProviderIsService>() is { } known && !known.IsService(typeof(IWhatsAppCallbackHandler)))
        {
            throw new InvalidOperationException("MapWhatsAppCallbacks needs a registered IWhatsAppCallbackHandler (services.AddSingleton<IWhatsAppCallbackHandler, YourHandler>(), or scoped).");
        }
        // The stores, options and logger are singletons, found once here; the handler is found per request, as it may be scoped.
        IOptions<WhatsAppCallbackOptions> options = services.GetRequiredService<IOptions<WhatsAppCallbackOptions>>();
        ILogger logger = services.GetRequiredService<ILogger<WhatsAppCallbackEndpoint>>();
        return endpoints.MapPost(pattern, async context =>
        {
            IResult result = await HandleAsync(context, options, store, windows, logger);
            await result.ExecuteAsync(context);
        });
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WhatsAppCallbackOptions> options, ICallbackDeduplicationStore store,
        IConversationWindowStore windows, ILogger logger)
    {
        WhatsAppCallbackOptions settings = options.Value;
        CancellationToken aborted = context.RequestAborted;
        using Activity? activity = CallbackTelemetry.Source.StartActivity("WhatsApp callback", ActivityKind.Server);

        if (settings.RestrictToLinkHosts && !Allowed(context.Connection.RemoteIpAddress, settings))
        {
            LogRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", "not a LINK address");
            return CallbackTelemetry.Count(activity, null, "forbidden",
                Results.Problem(statusCode: 403, title: "Forbidden", detail: "Callbacks are accepted only from LINK's documented addresses."));
        }
        if (settings.Username is not null && !BasicCredentials.Matches(context.Request.Headers.Authorization, settings.Username, settings.Password ?? ""))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"WhatsApp callbacks\"";
            return CallbackTelemetry.Count(activity, null, "unauthorized",
                Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The callback needs valid Basic credentials."));
        }

        byte[]? body = await ReadLimitedAsync(context.Request, settings.MaxBodyBytes, aborted);
        if (body is null)
        {
            return CallbackTelemetry.Count(activity, null, "too_large",
                Results.Problem(statusCode: 413, title: "Payload too large", detail: $"A callback body may be at most {settings.MaxBodyBytes} bytes."));
        }

        Callback callback;
        try
        {
            callback = Callback.Parse(body);
        }
        catch (WhatsAppJsonException ex)
        {
            LogRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", ex.Message);
            return CallbackTelemetry.Count(activity, null, "malformed", Results.Problem(statusCode: 400, title: "Malformed callback", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["path"] = ex.JsonPath, ["line"] = ex.Line, ["position"] = ex.Position }));
        }
        activity?.SetTag("linkmobility.whatsapp.kind", CallbackTelemetry.KindOf(callback));
        activity?.SetTag("linkmobility.whatsapp.message_id", callback.MessageId);

        string key = callback.DeduplicationKey!;
        CallbackClaim claim;
        try
        {
            // The user wrote: their window is open from the message's time (or now, when it has none or one in the future).
            if ((callback.ReceiveMessage?.Source ?? callback.AlternativeReceiveMessage?.Source) is { Length: > 0 } user)
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                DateTimeOffset sent = (callback.ReceiveMessage?.Timestamp ?? callback.AlternativeReceiveMessage?.Timestamp) is { } at && at < now ? at : now;
                await windows.RecordInboundAsync(user, sent, aborted);
            }
            claim = await store.TryClaimAsync(key, aborted);
        }
        catch (Exception ex) when (!aborted.IsCancellationRequested)
        {
            // The shared store (Redis, say) cannot be reached: nothing may be acknowledged that was not handled, so LINK retries.
            LogStoreUnavailable(logger, key, ex.Message);
            context.Response.Headers.RetryAfter = "5";
            return CallbackTelemetry.Count(activity, callback, "store_unavailable",
                Results.Problem(statusCode: 503, title: "Store unavailable", detail: "The callback could not be recorded; try again."));
        }
        switch (claim)
        {
            case CallbackClaim.Handled:
                LogDuplicate(logger, key);
                return CallbackTelemetry.Count(activity, callback, "duplicate", Results.Ok());
            case CallbackClaim.InFlight:
                // Another copy is being handled and may still fail: acknowledging this one could lose the delivery.
                LogInFlight(logger, key);
                context.Response.Headers.RetryAfter = "5";
                return CallbackTelemetry.Count(activity, callback, "in_flight",
                    Results.Problem(statusCode: 503, title: "Delivery in progress", detail: "Another copy of this delivery is being handled; try again."));
        }
        IWhatsAppCallbackHandler handler;
        try
        {
            handler = context.RequestServices.GetRequiredService<IWhatsAppCallbackHandler>();
        }
        catch
        {
            // Its dependencies failed: not handled, so LINK's retry must be.
            await ReleaseAsync(store, key, logger);
            throw;
        }
        long started = Stopwatch.GetTimestamp();
        var kindTag = new KeyValuePair<string, object?>("kind", CallbackTelemetry.KindOf(callback));
        try
        {
            switch (callback.Kind)
            {
                case CallbackKind.EventReport: await handler.OnEventReportAsync(callback.EventReport!, aborted); break;
                case CallbackKind.ReceiveMessage: await handler.OnReceiveMessageAsync(callback.ReceiveMessage!, aborted); break;
                default: await handler.OnAlternativeReceiveMessageAsync(callback.AlternativeReceiveMessage!, aborted); break;
            }
        }
        catch
        {
            // Not handled: let LINK's retry be handled, not dropped as a duplicate. (If the release fails too, the claim
            // runs out after its in-flight timeout and the retry is handled then.)
            await ReleaseAsync(store, key, logger);
            CallbackTelemetry.HandlingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kindTag);
            CallbackTelemetry.Count(activity, callback, "handler_failed", Results.Empty);
            activity?.SetStatus(ActivityStatusCode.Error, "handler failed");
            throw;
        }
        CallbackTelemetry.HandlingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kindTag);
        // Handled: acknowledged without waiting for the store to record it (a shared store's round trip), as the
        // answer is the same either way. A copy that comes before the record lands is answered 503 and retried; if
        // the record fails, it is logged, the claim runs out after the in-flight timeout, and a later copy is handled again.
        _ = CompleteAsync(store, key, logger);
        return CallbackTelemetry.Count(activity, callback, "handled", Results.Ok());
    }

    private static async Task CompleteAsync(ICallbackDeduplicationStore store, string key, ILogger logger)
    {
        try
        {
            await store.CompleteAsync(key, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogStoreUnavailable(logger, key, ex.Message);
        }
    }

    private static async Task ReleaseAsync(ICallbackDeduplicationStore store, string key, ILogger logger)
    {
        try
        {
            await store.ReleaseAsync(key, CancellationToken.None);
        }
        catch (Exception release)
        {
            LogStoreUnavailable(logger, key, release.Message);
        }
    }

    private static bool Allowed(IPAddress? address, WhatsAppCallbackOptions settings)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return OutgoingHosts.Contains(address) || settings.AdditionalAllowedAddresses.Contains(address);
    }

    /// <summary>The body, or null when it is larger than the limit (by its Content-Length or as read).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case: the size is known, so the body is read into an array of that size, once.
            byte[] exact = new byte[length];
            int filled = 0;
            while (filled < exact.Length)
            {
                int got = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken);
                if (got == 0) return exact[..filled];
                filled += got;
            }
            return exact;
        }
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(1, LogLevel.Warning, "Callback from {Address} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string address, string reason);

    [LoggerMessage(2, LogLevel.Information, "Callback {Key} delivered again; handled before, acknowledged")]
    private static partial void LogDuplicate(ILogger logger, string key);

    [LoggerMessage(3, LogLevel.Information, "Callback {Key} delivered again while its first copy is being handled; answered 503 so LINK retries")]
    private static partial void LogInFlight(ILogger logger, string key);

    [LoggerMessage(4, LogLevel.Error, "Callback {Key}: the deduplication or window store failed ({Reason})")]
    private static partial void LogStoreUnavailable(ILogger logger, string key, string reason);
}
