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

    /// <summary>OpenTelemetry's messaging conventions: how long a send took (as <see cref="SendDuration"/>), by the conventions' attributes.</summary>
    internal static readonly Histogram<double> ClientOperationDuration = Meter.CreateHistogram<double>(
        Messaging.ClientOperationDuration, "s", "Duration of messaging operation initiated by a producer or consumer client.");

    /// <summary>OpenTelemetry's messaging conventions: messages the client tried to send (one per message and destination).</summary>
    internal static readonly Counter<long> ClientSentMessages = Meter.CreateCounter<long>(
        Messaging.ClientSentMessages, "{message}", "Number of messages producer attempted to send to the broker.");

    /// <summary>
    /// The names of OpenTelemetry's messaging semantic conventions (1.3x, as OpenTelemetry .NET 1.21's instrumentations use
    /// them) that this SDK's spans and metrics carry, beside its own linkmobility.whatsapp.* ones: for your dashboards and queries.
    /// A send is a producer span named "send", a callback a consumer span named "process".
    /// </summary>
    public static class Messaging
    {
        /// <summary>The value of messaging.system: whatsapp.</summary>
        public const string SystemName = "whatsapp";

        /// <summary>messaging.system: the messaging system, <see cref="SystemName"/>.</summary>
        public const string System = "messaging.system";

        /// <summary>messaging.operation.type: send (a send) or process (a callback).</summary>
        public const string OperationType = "messaging.operation.type";

        /// <summary>messaging.operation.name: send or process, as the span's name.</summary>
        public const string OperationName = "messaging.operation.name";

        /// <summary>messaging.message.id: LINK's message id, on spans only (a request with one message and one destination, or a callback).</summary>
        public const string MessageId = "messaging.message.id";

        /// <summary>messaging.batch.message_count: the messages of a request with more than one (messages times destinations).</summary>
        public const string BatchMessageCount = "messaging.batch.message_count";

        /// <summary>error.type: what failed (the outcome's error type, such as api_error or not_connected).</summary>
        public const string ErrorType = "error.type";

        /// <summary>server.address: the API's host name.</summary>
        public const string ServerAddress = "server.address";

        /// <summary>The operation names and types: send, and process.</summary>
        public const string Send = "send", Process = "process";

        /// <summary>What every span and metric of <paramref name="operation"/> (<see cref="Send"/> or <see cref="Process"/>) carries: the system, and the operation's type and name.</summary>
        public static TagList Of(string operation) => new()
        {
            { System, SystemName },
            { OperationType, operation },
            { OperationName, operation },
        };

        /// <summary>Histogram: how long a send took, in seconds.</summary>
        public const string ClientOperationDuration = "messaging.client.operation.duration";

        /// <summary>Counter: messages the client tried to send.</summary>
        public const string ClientSentMessages = "messaging.client.sent.messages";

        /// <summary>Histogram: how long the handler took with a callback, in seconds.</summary>
        public const string ProcessDuration = "messaging.process.duration";

        /// <summary>Counter: callbacks delivered to the handler.</summary>
        public const string ClientConsumedMessages = "messaging.client.consumed.messages";
    }

    /// <summary>Recipients settled (sent or skipped) by each campaign running in this process, by campaign.id.</summary>
    internal static readonly ObservableGauge<long> CampaignProgress = Meter.CreateObservableGauge(
        "linkmobility.whatsapp.campaign.settled", Campaigns.CampaignRun.Progress, "{recipient}", "Recipients settled by each campaign running in this process");
}
