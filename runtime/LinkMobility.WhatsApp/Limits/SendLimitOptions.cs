namespace LinkMobility.WhatsApp.Limits;

/// <summary>
/// WhatsApp's limits, kept before sending (off by default). The figures are the WhatsApp Business Platform's defaults;
/// set each to your number's. LINK passes a message past a limit through as a failed message (130429, 131056), so the
/// client keeps them instead: a send waits for its permits, or fails fast with <see cref="WhatsAppLimitException"/>.
/// </summary>
public sealed class SendLimitOptions
{
    private int _limitersMade;

    /// <summary>Keeps the limits below. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Messages per second per business phone number (the request's source): 80 by default, up to 1,000 on higher tiers.</summary>
    /// <exception cref="InvalidOperationException">Set after a client made its limiters from these limits.</exception>
    public int MessagesPerSecond { get => _messagesPerSecond; set => _messagesPerSecond = Unchanged(value, nameof(MessagesPerSecond)); }

    /// <summary>The pair rate: one message to the same recipient per this interval (6 seconds by default)...</summary>
    /// <exception cref="InvalidOperationException">Set after a client made its limiters from these limits.</exception>
    public TimeSpan PairInterval { get => _pairInterval; set => _pairInterval = Unchanged(value, nameof(PairInterval)); }

    /// <summary>...after a burst of at most this many (45 by default).</summary>
    /// <exception cref="InvalidOperationException">Set after a client made its limiters from these limits.</exception>
    public int PairBurst { get => _pairBurst; set => _pairBurst = Unchanged(value, nameof(PairBurst)); }

    private int _messagesPerSecond = 80;
    private TimeSpan _pairInterval = TimeSpan.FromSeconds(6);
    private int _pairBurst = 45;

    /// <summary>
    /// Limiters are made from the figures once (<see cref="WhatsAppSendLimiters.InMemory(SendLimitOptions, TimeProvider?)"/>,
    /// RedisSendLimiters.Create, or <see cref="WhatsAppSendLimiterProvider"/> for a client in DI) and keep them: a figure
    /// set after that would not be kept, so it is refused.
    /// </summary>
    private T Unchanged<T>(T value, string setting) => !IsReadOnly
        ? value
        : throw new InvalidOperationException(
            $"SendLimitOptions.{setting} cannot change after limiters were made from these options: set the limits before the first client is made, or give each client options of its own.");

    /// <summary>Whether limiters were made from these options, so that the figures they keep can no longer change.</summary>
    public bool IsReadOnly => Volatile.Read(ref _limitersMade) != 0;

    /// <summary>
    /// Marks the figures the limiters keep (<see cref="MessagesPerSecond"/>, <see cref="PairInterval"/>, <see cref="PairBurst"/>)
    /// as read-only, as whatever makes limiters from these options does; <see cref="Tier"/> and <see cref="WhenLimited"/>
    /// are read at each send and may still change.
    /// </summary>
    public void MakeReadOnly() => Volatile.Write(ref _limitersMade, 1);

    /// <summary>
    /// How many distinct recipients the number may start conversations with in a rolling 24 hours (unlimited by default).
    /// A recipient of a template message counts (a template is what starts a business-initiated conversation); a message
    /// that would pass the tier is refused, never sent.
    /// </summary>
    public MessagingTier Tier { get; set; } = MessagingTier.Unlimited;

    /// <summary>Whether a send waits for its permits (the default) or fails fast; a send can choose for itself.</summary>
    public WhenLimited WhenLimited { get; set; } = WhenLimited.Wait;

    /// <summary>
    /// The throughput's spacing (GCRA, never a burst): the time between two messages of the number, a little over
    /// 1/<see cref="MessagesPerSecond"/> second, so that no sliding second at LINK holds more than <see cref="MessagesPerSecond"/>
    /// messages even when a permit is granted <see cref="ThroughputTolerance"/> early and requests arrive unevenly.
    /// </summary>
    public TimeSpan ThroughputInterval => Throughput.Interval;

    /// <summary>How early a throughput permit may be granted, so that a late timer loses no rate: 5 ms.</summary>
    public TimeSpan ThroughputTolerance => Throughput.Tolerance;

    internal EvenRate Throughput => EvenRate.PerSecond(MessagesPerSecond);

    /// <summary>
    /// The pair rate as an even rate with a burst (GCRA): <see cref="PairBurst"/> at once, then one per <see cref="PairInterval"/>,
    /// as a token bucket of that many would; it keeps one due time per pair and nothing per pair in the process.
    /// </summary>
    internal EvenRate Pair => EvenRate.Burst(PairBurst, PairInterval);

    /// <summary>How early the pair rate grants a message: the burst's <see cref="PairBurst"/> − 1 intervals (the pair rate's GCRA tolerance).</summary>
    public TimeSpan PairTolerance => Pair.Tolerance;

    /// <summary>What is wrong with the settings, each naming its setting; empty when they are right or the limits are off.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (!Enabled) return [];
        var problems = new List<string>();
        if (MessagesPerSecond < 1) problems.Add($"Limits.MessagesPerSecond is {MessagesPerSecond}; it is 1 or more (80 by default, up to 1,000 on higher tiers).");
        if (PairInterval <= TimeSpan.Zero) problems.Add($"Limits.PairInterval is {PairInterval}; it is positive (6 seconds by default).");
        if (PairBurst < 1) problems.Add($"Limits.PairBurst is {PairBurst}; it is 1 or more.");
        if (Tier < 0) problems.Add($"Limits.Tier is {(int)Tier}; it is a tier ({string.Join(", ", Enum.GetNames<MessagingTier>())}) or a positive number of recipients.");
        if (!Enum.IsDefined(WhenLimited)) problems.Add($"Limits.WhenLimited is {(int)WhenLimited}; it is Wait or Fail.");
        return problems;
    }
}

/// <summary>A token bucket's figures: how many tokens it holds, and how many it gains per period.</summary>
public readonly record struct TokenBucketShape(int TokenLimit, int TokensPerPeriod, TimeSpan ReplenishmentPeriod);

/// <summary>WhatsApp's messaging tiers: distinct recipients a number may start conversations with in a rolling 24 hours.</summary>
public enum MessagingTier
{
    /// <summary>No limit.</summary>
    Unlimited = 0,

    /// <summary>250 recipients.</summary>
    Tier250 = 250,

    /// <summary>1,000 recipients.</summary>
    Tier1K = 1_000,

    /// <summary>10,000 recipients.</summary>
    Tier10K = 10_000,

    /// <summary>100,000 recipients.</summary>
    Tier100K = 100_000,
}

/// <summary>What a send does when a limit has no permit for it now.</summary>
public enum WhenLimited
{
    /// <summary>Wait until the permits come (cancel to stop waiting; nothing is sent then).</summary>
    Wait,

    /// <summary>Fail at once with <see cref="WhatsAppLimitException"/>; nothing is sent.</summary>
    Fail,
}

/// <summary>The limit a send ran into.</summary>
public enum SendLimit
{
    /// <summary>Messages per second from the business phone number (WhatsApp's 130429).</summary>
    Throughput,

    /// <summary>Messages to the same recipient (WhatsApp's 131056).</summary>
    PairRate,

    /// <summary>Distinct recipients in a rolling 24 hours (the messaging tier).</summary>
    Tier,
}
