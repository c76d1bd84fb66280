using System.Threading.RateLimiting;
using LinkMobility.WhatsApp.Limits;

namespace LinkMobility.WhatsApp.Sandbox;

// WhatsApp's limits, as WhatsApp keeps them: a message past one is queued (200), then fails through its event report.
public sealed partial class LinkSandbox
{
    // WhatsApp's own codes and words, carried in the description of LINK's 112406.
    private const string PastThroughput = "(#130429) Rate limit hit: Cloud API message throughput has been reached";
    private const string PastPairRate = "(#131056) Pair rate limit hit: too many messages from the business phone number to the same recipient in a short period of time";
    private const string PastTier = "(#131049) Not delivered to keep the ecosystem healthy: the business phone number passed its messaging tier (distinct recipients in 24 hours)";

    // WhatsApp's side of the limits: a second's messages at once for the throughput and one more than the burst for the
    // pair rate, since requests reach it later than the client took its permits, and not evenly so.
    private readonly WhatsAppSendLimiters? _limits;
    private long _limitedMessages, _pastThroughput, _pastPairRate, _pastTier;
    private long _firstMessageTicks, _lastMessageTicks, _requests;
    // When each accepted request came (a Stopwatch timestamp) and how many messages it held: the busiest second is counted from them.
    private readonly List<(long At, int Messages)> _arrivals = [];

    private static WhatsAppSendLimiters? LimitersFor(SendLimitOptions limits) => limits is { Enabled: true }
        ? WhatsAppSendLimiters.InMemory(
            new TokenBucketShape(TokenLimit: limits.MessagesPerSecond, TokensPerPeriod: limits.MessagesPerSecond, ReplenishmentPeriod: TimeSpan.FromSeconds(1)),
            new TokenBucketShape(TokenLimit: limits.PairBurst + 1, TokensPerPeriod: 1, ReplenishmentPeriod: limits.PairInterval))
        : null;

    /// <summary>
    /// What the sandbox counted of the messages it accepted (one per destination and message): how many, how many went
    /// past each of WhatsApp's limits (with <see cref="LinkSandboxOptions.Limits"/> on), and when the first and last came.
    /// </summary>
    public SandboxTraffic Traffic => new(
        Interlocked.Read(ref _limitedMessages), Interlocked.Read(ref _pastThroughput), Interlocked.Read(ref _pastPairRate), Interlocked.Read(ref _pastTier),
        Interlocked.Read(ref _firstMessageTicks) is var first and > 0 ? new DateTimeOffset(first, TimeSpan.Zero) : null,
        Interlocked.Read(ref _lastMessageTicks) is var last and > 0 ? new DateTimeOffset(last, TimeSpan.Zero) : null)
    {
        BusiestSecond = BusiestSecond(),
        PerSecond = PerSecond(),
    };

    /// <summary>The messages that came in each whole second from the first one.</summary>
    private long[] PerSecond()
    {
        lock (_arrivals)
        {
            if (_arrivals.Count == 0) return [];
            long first = _arrivals[0].At;
            var seconds = new long[(int)System.Diagnostics.Stopwatch.GetElapsedTime(first, _arrivals[^1].At).TotalSeconds + 1];
            foreach (var (at, messages) in _arrivals) seconds[(int)System.Diagnostics.Stopwatch.GetElapsedTime(first, at).TotalSeconds] += messages;
            return seconds;
        }
    }

    /// <summary>The most messages that came within any one second (a sliding window over every arrival, not whole clock seconds).</summary>
    private long BusiestSecond()
    {
        lock (_arrivals)
        {
            long most = 0, inWindow = 0;
            for (int from = 0, to = 0; to < _arrivals.Count; to++)
            {
                inWindow += _arrivals[to].Messages;
                while (System.Diagnostics.Stopwatch.GetElapsedTime(_arrivals[from].At, _arrivals[to].At) >= TimeSpan.FromSeconds(1)) inWindow -= _arrivals[from++].Messages;
                most = Math.Max(most, inWindow);
            }
            return most;
        }
    }

    /// <summary>Why each message (by destination and message index) is past a limit; counts every message, as arrived at <paramref name="arrived"/> (a Stopwatch timestamp).</summary>
    private async ValueTask<Dictionary<(int Destination, int Message), string>> LimitFailures(MessageRequest request, long arrived)
    {
        var failures = new Dictionary<(int, int), string>();
        int messages = request.Messages.Count * request.Destinations.Count;
        long now = DateTimeOffset.UtcNow.UtcTicks;
        Interlocked.Add(ref _limitedMessages, messages);
        lock (_arrivals) _arrivals.Add((arrived, messages));
        Interlocked.CompareExchange(ref _firstMessageTicks, now, 0);
        Interlocked.Exchange(ref _lastMessageTicks, now);
        if (_limits is not { } sandbox) return failures;
        SendLimitOptions limits = _options.Limits;
        string source = request.Source;
        bool template = request.Messages.Any(m => m is TemplateMessage);
        for (int d = 0; d < request.Destinations.Count; d++)
        {
            string destination = request.Destinations[d];
            bool pastTier = template && limits.Tier != MessagingTier.Unlimited
                && (await sandbox.Tier.AdmitAsync(source, [destination], (int)limits.Tier, CancellationToken.None)).Count > 0;
            for (int m = 0; m < request.Messages.Count; m++)
            {
                using RateLimitLease throughput = sandbox.Throughput.AttemptAcquire(source);
                using RateLimitLease pair = sandbox.PairRate.AttemptAcquire(WhatsAppSendLimiters.PairKey(source, destination));
                string? why = pastTier && request.Messages[m] is TemplateMessage ? Count(ref _pastTier, PastTier)
                    : !throughput.IsAcquired ? Count(ref _pastThroughput, PastThroughput)
                    : !pair.IsAcquired ? Count(ref _pastPairRate, PastPairRate)
                    : null;
                if (why is not null) failures[(d, m)] = "Failed WA request: " + why;
            }
        }
        return failures;
    }

    private static string Count(ref long counter, string why)
    {
        Interlocked.Increment(ref counter);
        return why;
    }
}

/// <summary>The messages a sandbox accepted, those past each limit, and when the first and the last came.</summary>
public sealed record SandboxTraffic(long Messages, long PastThroughput, long PastPairRate, long PastTier, DateTimeOffset? First, DateTimeOffset? Last)
{
    /// <summary>The most messages that came within any one second: what WhatsApp's throughput limit sees.</summary>
    public long BusiestSecond { get; init; }

    /// <summary>The messages that came in each whole second from the first one (the last second is usually partial).</summary>
    public IReadOnlyList<long> PerSecond { get; init; } = [];
}
