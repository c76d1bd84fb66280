using System.Threading.RateLimiting;

namespace LinkMobility.WhatsApp.Limits;

/// <summary>
/// Takes a request's permits before it is sent: the tier for the recipients of template messages, then one permit per
/// message from each destination's pair bucket, then one per destination and message from the number's throughput.
/// Permits taken for a request that then fails fast are not given back: a limit is never run past, at worst underused.
/// </summary>
internal sealed class SendPacing(WhatsAppSendLimits limits, WhatsAppSendLimiters limiters, TimeProvider time)
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

        TokenBucketShape pair = limits.PairBucket, throughput = limits.ThroughputBucket;
        foreach (string destination in destinations)
        {
            await TakeAsync(limiters.PairRate, WhatsAppSendLimiters.PairKey(source, destination), messages, pair, SendLimit.PairRate, [destination], whenLimited, cancellationToken).ConfigureAwait(false);
        }
        await TakeAsync(limiters.Throughput, source, messages * destinations.Count, throughput, SendLimit.Throughput, [], whenLimited, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="permits"/> from one partition, at most a bucket at a time. Waiting asks again when the limiter says
    /// a permit may be there, or after one replenishment period when it does not say (Redis's limiter answers in whole seconds).
    /// </summary>
    private async ValueTask TakeAsync(PartitionedRateLimiter<string> limiter, string key, int permits, TokenBucketShape bucket, SendLimit limit,
        IReadOnlyList<string> destinations, WhenLimited whenLimited, CancellationToken cancellationToken)
    {
        while (permits > 0)
        {
            int take = Math.Min(permits, bucket.TokenLimit);
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
                    wait = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) && retryAfter > TimeSpan.Zero && retryAfter < bucket.ReplenishmentPeriod
                        ? retryAfter
                        : bucket.ReplenishmentPeriod;
                }
                if (whenLimited == WhenLimited.Fail) throw new WhatsAppLimitException(limit, destinations, wait);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            permits -= take;
        }
    }
}
