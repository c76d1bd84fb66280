using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;

namespace LinkMobility.WhatsApp.AspNetCore;

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

    /// <summary>OpenTelemetry's messaging conventions: how long the handler took with a callback.</summary>
    public static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>(
        WhatsAppTelemetry.Messaging.ProcessDuration, "s", "Duration of processing operation.");

    /// <summary>OpenTelemetry's messaging conventions: callbacks delivered to the handler.</summary>
    public static readonly Counter<long> ConsumedMessages = Meter.CreateCounter<long>(
        WhatsAppTelemetry.Messaging.ClientConsumedMessages, "{message}", "Number of messages that were delivered to the application.");

    /// <summary>A consumer span, by OpenTelemetry's messaging conventions: named for its operation, process.</summary>
    public static Activity? StartProcessing()
    {
        Activity? activity = Source.StartActivity(WhatsAppTelemetry.Messaging.Process, ActivityKind.Consumer);
        if (activity is null) return null;
        foreach (KeyValuePair<string, object?> tag in WhatsAppTelemetry.Messaging.Of(WhatsAppTelemetry.Messaging.Process)) activity.SetTag(tag.Key, tag.Value);
        return activity;
    }

    /// <summary>The conventions' metrics of one callback the handler took (<paramref name="errorType"/> when it failed).</summary>
    public static void Processed(long started, string? errorType)
    {
        if (!ProcessDuration.Enabled && !ConsumedMessages.Enabled) return;
        TagList tags = WhatsAppTelemetry.Messaging.Of(WhatsAppTelemetry.Messaging.Process);
        if (errorType is not null) tags.Add(WhatsAppTelemetry.Messaging.ErrorType, errorType);
        ConsumedMessages.Add(1, tags);
        if (started != 0) ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

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
