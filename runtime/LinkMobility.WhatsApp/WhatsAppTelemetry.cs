using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LinkMobility.WhatsApp;

/// <summary>
/// OpenTelemetry: one ActivitySource and one Meter, both named <see cref="Name"/>. They cost nothing until something
/// listens (an activity is made only for a listener; an instrument records only when enabled). Tags carry no phone
/// numbers and no message text; message ids appear on activities only, never on metrics.
/// </summary>
/// <remarks>With the OpenTelemetry SDK: <c>.WithTracing(t => t.AddSource(WhatsAppTelemetry.Name)).WithMetrics(m => m.AddMeter(WhatsAppTelemetry.Name))</c>.</remarks>
public static class WhatsAppTelemetry
{
    /// <summary>The name of the ActivitySource and the Meter: LinkMobility.WhatsApp.</summary>
    public const string Name = "LinkMobility.WhatsApp";

    private static readonly string? Version = typeof(WhatsAppTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    /// <summary>How long a send took, retries included; tags outcome and result_code.</summary>
    internal static readonly Histogram<double> SendDuration = Meter.CreateHistogram<double>(
        "linkmobility.whatsapp.send.duration", "s", "How long a send took, retries included");

    /// <summary>Sends by outcome (the campaign states: sent, refused, retryable, unknown), error.type and result code.</summary>
    internal static readonly Counter<long> Sends = Meter.CreateCounter<long>(
        "linkmobility.whatsapp.sends", "{request}", "Message requests, by outcome and result code");

    /// <summary>Attempts made again (reason: connection or throttled).</summary>
    internal static readonly Counter<long> SendRetries = Meter.CreateCounter<long>(
        "linkmobility.whatsapp.send.retries", "{attempt}", "Send attempts made again, where no message could have been sent");

    /// <summary>Template messages refused because their template changed since the build (tags template and change: status, shape, removed).</summary>
    internal static readonly Counter<long> TemplateChanges = Meter.CreateCounter<long>(
        "linkmobility.whatsapp.template.changes", "{message}", "Template messages refused because their template changed since the build");

    /// <summary>How long sends waited for a limit's permits (tag limit: throughput, pair_rate), recorded when a send waited.</summary>
    internal static readonly Histogram<double> LimitWait = Meter.CreateHistogram<double>(
        "linkmobility.whatsapp.limit.wait", "s", "How long a send waited for a limit's permits");

    /// <summary>Campaign recipients as they settle, by state (the campaign states' wire names) and campaign.id.</summary>
    internal static readonly Counter<long> CampaignRecipients = Meter.CreateCounter<long>(
        "linkmobility.whatsapp.campaign.recipients", "{recipient}", "Campaign recipients settled in this process, by state");

    /// <summary>Recipients settled (sent or skipped) by each campaign running in this process, by campaign.id.</summary>
    internal static readonly ObservableGauge<long> CampaignProgress = Meter.CreateObservableGauge(
        "linkmobility.whatsapp.campaign.settled", Campaigns.CampaignRun.Progress, "{recipient}", "Recipients settled by each campaign running in this process");
}
