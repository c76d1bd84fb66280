using System.Threading.RateLimiting;

namespace LinkMobility.WhatsApp.Limits;

/// <summary>
/// Takes a request's permits before it is sent: the tier for the recipients of template messages, then one permit per
/// message from each destination's pair bucket, then one per destination and message from the number's throughput.
/// Permits taken for a request that then fails fast are not given back: a limit is never run past, at worst underused.
/// </summary>
internal sealed class SendPacing(SendLimitOptions limits, WhatsAppSendLimiters limiters, TimeProvider time)
{
    public async ValueTask AcquireAsync(MessageRequest request, WhenLimited whenLimited, CancellationToken cancellationToken)
    {
        string source = request.Source ?? "";
        int messages = request.Messages?.Count ?? 0;
        IReadOnlyList<string> destinations = request.Destinations ?? [];
        if (messages == 0 || destinations.Count == 0) return;

        if (limits.Tier != MessagingTier.Unlimited && request.Messages!.Any(m => m is TemplateMessage))
        {
            IReadOnlyList<string> refused;
            try
            {
                refused = await limiters.Tier.AdmitAsync(source, destinations, (int)limits.Tier, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new WhatsAppLimitsUnavailableException(SendLimit.Tier, ex);
            }
            if (refused.Count > 0) throw new WhatsAppLimitException(SendLimit.Tier, refused, retryAfter: null);
        }

        foreach (string destination in destinations)
        {
            await TakeAsync(limiters.PairRate, WhatsAppSendLimiters.PairKey(source, destination), messages, limits.PairBurst, limits.PairInterval,
                SendLimit.PairRate, [destination], whenLimited, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        // The throughput is spaced evenly: a request's permits are taken at once. A scheduler gives the request its turn,
        // which it sleeps until; another limiter says when to ask again. A send that does not wait still takes its turn
        // when it comes within FailFastTurn.
        int permits = messages * destinations.Count;
        if (limiters.Throughput is EvenRateScheduler scheduler)
        {
            await TakeTurnAsync(scheduler, source, permits, whenLimited, cancellationToken).ConfigureAwait(false);
            return;
        }
        await TakeAsync(limiters.Throughput, source, permits, int.MaxValue, limits.Throughput.Interval * Math.Max(1, permits),
            SendLimit.Throughput, [], whenLimited, FailFastTurn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How late a send may start after its turn: 5 ms, which with the 5 ms a turn may come early leaves 10 ms of the
    /// schedule's margin (<see cref="EvenRate.PerSecond"/>) for requests to arrive unevenly.
    /// </summary>
    private static readonly TimeSpan LateTurn = TimeSpan.FromMilliseconds(5);

    /// <summary>How far ahead a waiting send reserves its turn: a second, so a send asks about once; what a canceled send reserved is not used.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(1);

    /// <summary>The request's turn in the number's schedule, slept until; asked again only when the turn is further than the horizon.</summary>
    private async ValueTask TakeTurnAsync(EvenRateScheduler scheduler, string source, int permits, WhenLimited whenLimited, CancellationToken cancellationToken)
    {
        TimeSpan within = whenLimited == WhenLimited.Wait ? Horizon : FailFastTurn;
        long started = 0;
        while (true)
        {
            EvenRateTurn turn;
            try
            {
                turn = await scheduler.ScheduleAsync(source, permits, within, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new WhatsAppLimitsUnavailableException(SendLimit.Throughput, ex);
            }
            if (!turn.Reserved && whenLimited == WhenLimited.Fail) throw new WhatsAppLimitException(SendLimit.Throughput, [], turn.Wait);
            if (turn.Wait <= TimeSpan.Zero)
            {
                if (turn.Reserved) break;
                continue;
            }
            long asleep = time.GetTimestamp();
            if (started == 0) started = asleep;
            await Task.Delay(turn.Wait, time, cancellationToken).ConfigureAwait(false);
            // Woken too late (a busy machine), the turn is gone: going now would crowd the turns after it into one second.
            if (turn.Reserved && time.GetElapsedTime(asleep) - turn.Wait <= LateTurn) break;
        }
        if (started != 0) WhatsAppTelemetry.LimitWait.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("limit", LimitName(SendLimit.Throughput)));
    }

    /// <summary>
    /// How long a send that does not wait (WhenLimited.Fail) still waits for its turn in the throughput's even spacing: a
    /// fifth of a second, the burst the number's token bucket allowed before the spacing was even. Past it, it fails.
    /// </summary>
    internal static readonly TimeSpan FailFastTurn = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// <paramref name="permits"/> from one partition, at most <paramref name="most"/> at a time. Waiting asks again when the
    /// limiter says a permit may be there (at most <paramref name="longest"/> on), or after <paramref name="longest"/> when it
    /// does not say (Redis's token bucket answers in whole seconds). The time waited is recorded per limit.
    /// </summary>
    private async ValueTask TakeAsync(PartitionedRateLimiter<string> limiter, string key, int permits, int most, TimeSpan longest, SendLimit limit,
        IReadOnlyList<string> destinations, WhenLimited whenLimited, TimeSpan failAfter, CancellationToken cancellationToken)
    {
        long started = 0;
        while (permits > 0)
        {
            int take = Math.Min(permits, most);
            while (true)
            {
                TimeSpan wait;
                RateLimitLease lease;
                try
                {
                    lease = await limiter.AcquireAsync(key, take, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw new WhatsAppLimitsUnavailableException(limit, ex);
                }
                using (lease)
                {
                    if (lease.IsAcquired) break;
                    wait = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) && retryAfter > TimeSpan.Zero && retryAfter < longest
                        ? retryAfter
                        : longest;
                }
                if (whenLimited == WhenLimited.Fail && (wait > failAfter || (started != 0 && time.GetElapsedTime(started) + wait > failAfter)))
                {
                    throw new WhatsAppLimitException(limit, destinations, wait);
                }
                if (started == 0) started = time.GetTimestamp();
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            permits -= take;
        }
        if (started != 0) WhatsAppTelemetry.LimitWait.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("limit", LimitName(limit)));
    }

    /// <summary>The limit tag of the wait time: throughput, pair_rate, tier.</summary>
    internal static string LimitName(SendLimit limit) => limit switch
    {
        SendLimit.Throughput => "throughput",
        SendLimit.PairRate => "pair_rate",
        _ => "tier",
    };
}
