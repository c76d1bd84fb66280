namespace LinkMobility.WhatsApp.Bulk;

/// <summary>What every request of a bulk send carries, and how it is sent.</summary>
public sealed class BulkSendOptions
{
    /// <summary>Your platformId from LINK.</summary>
    public required string PlatformId { get; init; }

    /// <summary>Your platformPartnerId from LINK.</summary>
    public required string PlatformPartnerId { get; init; }

    /// <summary>The business phone number the messages come from.</summary>
    public required string Source { get; init; }

    /// <summary>The requests' priority (Normal by default).</summary>
    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>The gates the event reports go to.</summary>
    public IReadOnlyList<string>? EventReportGates { get; init; }

    /// <summary>The start of each request's refId, followed by a number ("bulk-" and 8 random characters by default).</summary>
    public string RefIdPrefix { get; init; } = "bulk-" + Guid.NewGuid().ToString("N")[..8] + "-";

    /// <summary>Requests in flight at once (4 by default).</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>
    /// The most destinations packed into one request, when recipients get identical messages (100 by default). The
    /// document sets no maximum; one request's failure is every destination's, so keep it modest.
    /// </summary>
    public int MaxDestinationsPerRequest { get; init; } = 100;

    /// <summary>Whether a send waits for the limits' permits or refuses the recipient (null: the client's <c>Limits.WhenLimited</c>).</summary>
    public Limits.WhenLimited? WhenLimited { get; init; }

    /// <summary>
    /// Called with a request's refId and recipients after its permits are taken and right before it is sent: record them as
    /// being sent (a campaign writes them down), so that after a crash they are never sent again unknowingly. An exception
    /// here stops the bulk send with nothing of that request sent.
    /// </summary>
    public Func<BulkSending, CancellationToken, ValueTask>? BeforeSending { get; init; }

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(PlatformId)) yield return "PlatformId is required.";
        if (string.IsNullOrEmpty(PlatformPartnerId)) yield return "PlatformPartnerId is required.";
        if (string.IsNullOrEmpty(Source)) yield return "Source is required.";
        if (MaxConcurrency < 1) yield return $"MaxConcurrency is {MaxConcurrency}; it is 1 or more.";
        if (MaxDestinationsPerRequest < 1) yield return $"MaxDestinationsPerRequest is {MaxDestinationsPerRequest}; it is 1 or more.";
    }

    /// <summary>These options for one campaign run: its refIds, and its hook before each request leaves.</summary>
    internal BulkSendOptions For(string refIdPrefix, Func<BulkSending, CancellationToken, ValueTask> beforeSending) => new()
    {
        PlatformId = PlatformId,
        PlatformPartnerId = PlatformPartnerId,
        Source = Source,
        Priority = Priority,
        EventReportGates = EventReportGates,
        RefIdPrefix = refIdPrefix,
        MaxConcurrency = MaxConcurrency,
        MaxDestinationsPerRequest = MaxDestinationsPerRequest,
        WhenLimited = WhenLimited,
        BeforeSending = beforeSending,
    };

    internal MessageRequest Request(IEnumerable<string> destinations, IReadOnlyList<Message> messages, string refId) => new()
    {
        PlatformId = PlatformId,
        PlatformPartnerId = PlatformPartnerId,
        Priority = Priority,
        Source = Source,
        RefId = refId,
        EventReportGates = EventReportGates is null ? null : [.. EventReportGates],
        Destinations = [.. destinations],
        Messages = [.. messages],
    };
}
