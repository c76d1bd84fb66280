namespace LinkMobility.WhatsApp.Limits;

/// <summary>A send ran into a limit (<see cref="Limit"/>) and did not wait; nothing was sent.</summary>
public sealed class WhatsAppLimitException : WhatsAppException
{
    /// <summary>A send stopped by <paramref name="limit"/>.</summary>
    public WhatsAppLimitException(SendLimit limit, IReadOnlyList<string> destinations, TimeSpan? retryAfter)
        : base(Describe(limit, destinations.Count, retryAfter))
    {
        Limit = limit;
        Destinations = destinations;
        RetryAfter = retryAfter;
    }

    /// <summary>Which limit.</summary>
    public SendLimit Limit { get; }

    /// <summary>The destinations it concerns (kept out of the message, which may be logged).</summary>
    public IReadOnlyList<string> Destinations { get; }

    /// <summary>When a permit may be there, when the limiter said; never for the tier.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(SendLimit limit, int destinations, TimeSpan? retryAfter)
    {
        string which = limit switch
        {
            SendLimit.Throughput => "the number's messages per second are used up",
            SendLimit.PairRate => $"{destinations} destination(s) had a message too recently (the pair rate)",
            _ => $"{destinations} destination(s) would start a conversation past the messaging tier in the last 24 hours",
        };
        string retry = retryAfter is { } wait ? $"; a permit may be there in {wait.TotalMilliseconds:0} ms" : "";
        return $"The message request was not sent: {which}{retry}.";
    }
}

/// <summary>The limits could not be checked (the store that shares them, such as Redis, did not answer); nothing was sent.</summary>
public sealed class WhatsAppLimitsUnavailableException(SendLimit limit, Exception inner)
    : WhatsAppException($"The message request was not sent: the {limit} limit could not be checked ({inner.Message}), and a send never runs past a limit.", inner)
{
    /// <summary>The limit that could not be checked.</summary>
    public SendLimit Limit { get; } = limit;
}
