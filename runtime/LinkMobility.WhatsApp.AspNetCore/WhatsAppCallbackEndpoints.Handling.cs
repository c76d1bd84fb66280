using System.Diagnostics;
using System.Net;
using LinkMobility.WhatsApp.Callbacks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.AspNetCore;

// One callback, in the order its checks run: the sender, the body, the claim, the handler. Each step answers
// (and counts) a callback it stops, or returns null to go on. The steps return ValueTasks: with the in-memory store
// every step completes at once, and a callback then costs no task objects.
public static partial class WhatsAppCallbackEndpoints
{
    private static async ValueTask<IResult> HandleAsync(HttpContext context, CallbackEndpoint endpoint)
    {
        WhatsAppCallbackOptions settings = endpoint.Options.Value;
        using Activity? activity = CallbackTelemetry.StartProcessing();

        if (RefuseSender(context, settings, endpoint.Logger, activity) is { } refused) return refused;

        CallbackBody body = await CallbackBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
        if (body.TooLarge)
        {
            return CallbackTelemetry.Count(activity, null, "too_large",
                Results.Problem(statusCode: 413, title: "Payload too large", detail: $"A callback body may be at most {settings.MaxBodyBytes} bytes."));
        }
        if (body.Callback is not { } callback) return Unreadable(context, body.Fault!, endpoint.Logger, activity);
        activity?.SetTag("linkmobility.whatsapp.kind", CallbackTelemetry.KindOf(callback));
        activity?.SetTag("linkmobility.whatsapp.message_id", callback.MessageId);
        activity?.SetTag(WhatsAppTelemetry.Messaging.MessageId, callback.MessageId);

        string key = callback.DeduplicationKey!;
        if (await ClaimAsync(context, endpoint, callback, key, activity) is { } notClaimed) return notClaimed;
        return await InvokeHandlerAsync(context, endpoint, callback, key, activity);
    }

    /// <summary>403 for an address that is not LINK's (when restricted), 401 without the configured credentials.</summary>
    private static IResult? RefuseSender(HttpContext context, WhatsAppCallbackOptions settings, ILogger logger, Activity? activity)
    {
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
        return null;
    }

    /// <summary>The answer to a body that cannot be read: 400, with its JSON path.</summary>
    private static IResult Unreadable(HttpContext context, WhatsAppJsonException fault, ILogger logger, Activity? activity)
    {
        LogRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", fault.Message);
        return CallbackTelemetry.Count(activity, null, "malformed", Results.Problem(statusCode: 400, title: "Malformed callback", detail: fault.Message,
            extensions: new Dictionary<string, object?> { ["path"] = fault.JsonPath, ["line"] = fault.Line, ["position"] = fault.Position }));
    }

    /// <summary>
    /// Records an inbound message's window, then claims the delivery: null when this request is to handle it; otherwise
    /// the answer to a duplicate (200), a copy in flight (503) or a store that cannot be reached (503).
    /// </summary>
    private static async ValueTask<IResult?> ClaimAsync(HttpContext context, CallbackEndpoint endpoint, Callback callback, string key, Activity? activity)
    {
        CancellationToken aborted = context.RequestAborted;
        CallbackClaim claim;
        try
        {
            // The user wrote: their window is open from the message's time (or now, when it has none or one in the future).
            if ((callback.ReceiveMessage?.Source ?? callback.AlternativeReceiveMessage?.Source) is { Length: > 0 } user)
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                DateTimeOffset sent = (callback.ReceiveMessage?.Timestamp ?? callback.AlternativeReceiveMessage?.Timestamp) is { } at && at < now ? at : now;
                await endpoint.Windows.RecordInboundAsync(user, sent, aborted);
            }
            claim = await endpoint.Store.TryClaimAsync(key, aborted);
        }
        catch (Exception ex) when (!aborted.IsCancellationRequested)
        {
            // The shared store (Redis, say) cannot be reached: nothing may be acknowledged that was not handled, so LINK retries.
            LogStoreUnavailable(endpoint.Logger, key, ex.Message);
            context.Response.Headers.RetryAfter = "5";
            return CallbackTelemetry.Count(activity, callback, "store_unavailable",
                Results.Problem(statusCode: 503, title: "Store unavailable", detail: "The callback could not be recorded; try again."));
        }
        switch (claim)
        {
            case CallbackClaim.Handled:
                LogDuplicate(endpoint.Logger, key);
                return CallbackTelemetry.Count(activity, callback, "duplicate", Acknowledged.Instance);
            case CallbackClaim.InFlight:
                // Another copy is being handled and may still fail: acknowledging this one could lose the delivery.
                LogInFlight(endpoint.Logger, key);
                context.Response.Headers.RetryAfter = "5";
                return CallbackTelemetry.Count(activity, callback, "in_flight",
                    Results.Problem(statusCode: 503, title: "Delivery in progress", detail: "Another copy of this delivery is being handled; try again."));
            default:
                return null;
        }
    }

    /// <summary>Hands a claimed callback to the handler: 200 once handled; a handler that fails gives its claim back and rethrows.</summary>
    private static async ValueTask<IResult> InvokeHandlerAsync(HttpContext context, CallbackEndpoint endpoint, Callback callback, string key, Activity? activity)
    {
        CancellationToken aborted = context.RequestAborted;
        IWhatsAppCallbackHandler handler;
        try
        {
            handler = context.RequestServices.GetRequiredService<IWhatsAppCallbackHandler>();
        }
        catch
        {
            // Its dependencies failed: not handled, so LINK's retry must be.
            await ReleaseAsync(endpoint.Store, key, endpoint.Logger);
            throw;
        }
        // The clock is read only for a listener: without one, the duration goes nowhere.
        long started = CallbackTelemetry.HandlingDuration.Enabled || CallbackTelemetry.ProcessDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
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
            await ReleaseAsync(endpoint.Store, key, endpoint.Logger);
            if (started != 0) CallbackTelemetry.HandlingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kindTag);
            CallbackTelemetry.Processed(started, "handler_failed");
            activity?.SetTag(WhatsAppTelemetry.Messaging.ErrorType, "handler_failed");
            CallbackTelemetry.Count(activity, callback, "handler_failed", Results.Empty);
            activity?.SetStatus(ActivityStatusCode.Error, "handler failed");
            throw;
        }
        if (started != 0) CallbackTelemetry.HandlingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kindTag);
        CallbackTelemetry.Processed(started, null);
        // Handled: acknowledged without waiting for the store to record it (a shared store's round trip), as the
        // answer is the same either way. A copy that comes before the record lands is answered 503 and retried; if
        // the record fails, it is logged, the claim runs out after the in-flight timeout, and a later copy is handled again.
        _ = CompleteAsync(endpoint.Store, key, endpoint.Logger);
        return CallbackTelemetry.Count(activity, callback, "handled", Acknowledged.Instance);
    }

    /// <summary>200 with no body: what every acknowledged callback gets, without a result's logger per request.</summary>
    private sealed class Acknowledged : IResult
    {
        public static readonly Acknowledged Instance = new();

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        }
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

    [LoggerMessage(1, LogLevel.Warning, "Callback from {Address} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string address, string reason);

    [LoggerMessage(2, LogLevel.Information, "Callback {Key} delivered again; handled before, acknowledged")]
    private static partial void LogDuplicate(ILogger logger, string key);

    [LoggerMessage(3, LogLevel.Information, "Callback {Key} delivered again while its first copy is being handled; answered 503 so LINK retries")]
    private static partial void LogInFlight(ILogger logger, string key);

    [LoggerMessage(4, LogLevel.Error, "Callback {Key}: the deduplication or window store failed ({Reason})")]
    private static partial void LogStoreUnavailable(ILogger logger, string key, string reason);
}
