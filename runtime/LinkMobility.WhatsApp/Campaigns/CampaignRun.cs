using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LinkMobility.WhatsApp.Bulk;

namespace LinkMobility.WhatsApp.Campaigns;

/// <summary>
/// One worker's run of a campaign: recipients are read as they are sent, claimed in the ledger in batches (a recipient
/// recorded, repeated or held by another worker is skipped), sent through SendManyAsync, marked sending before their
/// request leaves, and recorded as they settle. What it claimed and did not send is given back when it ends.
/// </summary>
internal sealed class CampaignRun
{
    private static readonly ConcurrentDictionary<CampaignRun, byte> Running = new();

    private readonly WhatsAppClient _client;
    private readonly Campaign _campaign;
    private readonly ICampaignLedgerSession _session;
    private readonly CancellationTokenSource _stop;
    private readonly Channel<CampaignResult> _output = Channel.CreateBounded<CampaignResult>(new BoundedChannelOptions(1024) { SingleReader = true });
    private readonly Channel<BulkMessage> _feed = Channel.CreateUnbounded<BulkMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    // Claimed by this run and not settled: what it gives back when it ends. The room bounds them (MaxClaimed).
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _room;
    // Recipients another worker held when this run read them: swept once the input ends, in case that worker died.
    // Destination to the caller's key: the messages themselves are read again for the sweep, not held.
    private readonly Dictionary<string, string?> _elsewhere = new(StringComparer.Ordinal);
    private bool _sweeping;
    private long _read, _skipped, _sent, _refused, _retryable, _unknown, _refusedByAccount;

    private CampaignRun(WhatsAppClient client, Campaign campaign, ICampaignLedgerSession session, CancellationTokenSource stop)
    {
        _client = client;
        _campaign = campaign;
        _session = session;
        _stop = stop;
        _room = new SemaphoreSlim(campaign.MaxClaimed, campaign.MaxClaimed);
    }

    /// <summary>The settled count of every campaign running in this process, for the progress gauge.</summary>
    internal static IEnumerable<Measurement<long>> Progress() =>
        Running.Keys.Select(run => new Measurement<long>(run.Counts().Settled, new KeyValuePair<string, object?>("campaign.id", run._campaign.Id)));

    public static async IAsyncEnumerable<CampaignResult> RunAsync(WhatsAppClient client, Campaign campaign, IAsyncEnumerable<BulkMessage> recipients,
        ICampaignLedger ledger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(ledger);
        if (campaign.Problems().ToList() is { Count: > 0 } problems) throw new ArgumentException("Campaign: " + string.Join(" ", problems), nameof(campaign));

        ICampaignLedgerSession session = await ledger.OpenAsync(campaign.Id, campaign.Worker, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var run = new CampaignRun(client, campaign, session, stop);
            Running.TryAdd(run, 0);
            Task work = run.WorkAsync(recipients);
            try
            {
                await foreach (CampaignResult result in run._output.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false)) yield return result;
            }
            finally
            {
                // Done, failed, or left early: stop, let what is in flight settle, and give back what was never sent.
                await stop.CancelAsync().ConfigureAwait(false);
                while (await run._output.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false) is true && run._output.Reader.TryRead(out _))
                {
                }
                await work.ConfigureAwait(false);
                Running.TryRemove(run, out _);
                await run.ReleaseHeldAsync().ConfigureAwait(false);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private CampaignProgress Counts() => new(Interlocked.Read(ref _read), Interlocked.Read(ref _skipped), Interlocked.Read(ref _sent),
        Interlocked.Read(ref _refused), Interlocked.Read(ref _retryable), Interlocked.Read(ref _unknown));

    private async Task WorkAsync(IAsyncEnumerable<BulkMessage> recipients)
    {
        Exception? fault = null;
        Task claiming = ClaimAllAsync(recipients);
        try
        {
            await SendAllAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Canceled: what was sent is recorded; the rest is given back.
        }
        catch (WhatsAppApiException ex) when (SendOutcomes.RefusesEveryRequest(ex.StatusCode))
        {
            fault = new CampaignStoppedException(
                $"Campaign {_campaign.Id} stopped: {ex.Message}. Every later request would be refused the same way, so none was sent: " +
                $"{Interlocked.Read(ref _refusedByAccount)} recipient(s) in flight are retryable and the rest were not sent. " +
                "Fix the account (its username, password or access), then run the campaign again (linkwa campaign --resume) to send them all.", ex);
        }
        catch (Exception ex)
        {
            fault = ex;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await claiming.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            fault ??= ex;
        }
        _output.Writer.TryComplete(fault);
    }

    /// <summary>
    /// Reads the recipients and claims them in batches: claimed ones go to the send, the others are reported skipped. Then
    /// the sweep: recipients another worker held are watched until that worker settles them or its leases run out (it
    /// died), and the input is read once more for those that became sendable.
    /// </summary>
    private async Task ClaimAllAsync(IAsyncEnumerable<BulkMessage> recipients)
    {
        try
        {
            await ClaimPassAsync(recipients, only: null).ConfigureAwait(false);
            if (await AwaitElsewhereAsync().ConfigureAwait(false) is { Count: > 0 } sendable)
            {
                _sweeping = true;
                await ClaimPassAsync(recipients, sendable).ConfigureAwait(false);
                // Not read again (a source that is read once): told as they stand.
                await SettleElsewhereAsync(sendable.Keys.ToList(), all: true).ConfigureAwait(false);
            }
            _feed.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _feed.Writer.TryComplete(ex is OperationCanceledException && _stop.IsCancellationRequested ? null : ex);
            throw;
        }
    }

    /// <summary>
    /// Waits while other workers hold recipients this run skipped: those they settle are dropped; the rest are the ones
    /// whose leases ran out (their worker died), returned for the sweep. Polls the ledger until a whole lease has passed
    /// since the held rows last changed (a row marked sending just before its worker died holds a lease from then).
    /// </summary>
    private async Task<Dictionary<string, string?>?> AwaitElsewhereAsync()
    {
        if (_elsewhere.Count == 0) return null;
        TimeSpan poll = TimeSpan.FromTicks(Math.Clamp(_campaign.ClaimLease.Ticks / 10, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond * 5));
        DateTimeOffset changed = DateTimeOffset.UtcNow;
        int? last = null;
        while (true)
        {
            (int held, int rows) = await SettleElsewhereAsync([.. _elsewhere.Keys], all: false).ConfigureAwait(false);
            // Only sendable rows left (given back by a worker that stopped): sweep now. Held ones wait for their leases.
            if (held == 0) return _elsewhere;
            if (last != rows) changed = DateTimeOffset.UtcNow;
            last = rows;
            if (DateTimeOffset.UtcNow - changed >= _campaign.ClaimLease + poll) return _elsewhere;
            await Task.Delay(poll, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Tells the recipients of <paramref name="recipients"/> that another worker settled (or, with <paramref name="all"/>,
    /// every one) as skipped, and forgets them; returns how many are still held (claimed or sending), and what they hold.
    /// </summary>
    private async Task<(int Held, int Rows)> SettleElsewhereAsync(List<string> recipients, bool all)
    {
        int held = 0;
        var rows = new HashCode();
        foreach (string[] chunk in recipients.Chunk(1000))
        {
            IReadOnlyList<CampaignRow?> read = await _session.ReadAsync(chunk, CancellationToken.None).ConfigureAwait(false);
            for (int i = 0; i < chunk.Length; i++)
            {
                CampaignState state = read[i]?.State ?? CampaignState.Pending;
                if (state is CampaignState.Claimed or CampaignState.Sending)
                {
                    held++;
                    rows.Add((chunk[i], state, read[i]!.Owner, read[i]!.Attempts, read[i]!.UpdatedAt));
                }
                if (!all && (state is CampaignState.Claimed or CampaignState.Sending || state.IsSendable())) continue;
                if (!_elsewhere.Remove(chunk[i], out string? key)) continue;
                await SkipAsync(new BulkMessage(chunk[i], []) { Key = key }, state, CampaignSkip.Elsewhere).ConfigureAwait(false);
            }
        }
        return (held, rows.ToHashCode());
    }

    /// <summary>One pass over the input: every recipient, or only those in <paramref name="only"/> (the sweep, which counts none as read again).</summary>
    private async Task ClaimPassAsync(IAsyncEnumerable<BulkMessage> recipients, Dictionary<string, string?>? only)
    {
        {
            var batch = new List<BulkMessage>(_campaign.ClaimBatchSize);
            await using IAsyncEnumerator<BulkMessage> reader = recipients.GetAsyncEnumerator(_stop.Token);
            while (true)
            {
                ValueTask<bool> next = reader.MoveNextAsync();
                // The next recipient is not here yet: claim what is read rather than hold it for a slow source.
                if (!next.IsCompleted && batch.Count > 0) await ClaimAsync(batch).ConfigureAwait(false);
                if (!await next.ConfigureAwait(false)) break;
                BulkMessage message = reader.Current;
                if (only is not null)
                {
                    if (message is null || string.IsNullOrEmpty(message.Destination) || !only.Remove(message.Destination)) continue;
                }
                else Interlocked.Increment(ref _read);
                if (message is null || string.IsNullOrEmpty(message.Destination))
                {
                    // Not a recipient the ledger can key: the send refuses it, with its reason.
                    await _feed.Writer.WriteAsync(message!, _stop.Token).ConfigureAwait(false);
                    continue;
                }
                await _room.WaitAsync(_stop.Token).ConfigureAwait(false);
                batch.Add(message);
                if (batch.Count >= _campaign.ClaimBatchSize) await ClaimAsync(batch).ConfigureAwait(false);
            }
            if (batch.Count > 0) await ClaimAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task ClaimAsync(List<BulkMessage> batch)
    {
        string[] destinations = [.. batch.Select(m => m.Destination)];
        // Not canceled: a claim whose answer was lost would be held by nobody until its lease ran out.
        IReadOnlyList<CampaignClaim> claims = await _session.ClaimAsync(destinations, _campaign.ClaimLease, CancellationToken.None).ConfigureAwait(false);
        for (int i = 0; i < batch.Count; i++)
        {
            CampaignClaim claim = claims[i];
            if (claim.Claimed)
            {
                _held[claim.Recipient] = 0;
                await _feed.Writer.WriteAsync(batch[i], CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            _room.Release();
            CampaignSkip skip = claim.Mine ? CampaignSkip.Repeated : claim.State is CampaignState.Claimed or CampaignState.Sending ? CampaignSkip.Elsewhere : CampaignSkip.Recorded;
            // Held by another worker on the first pass: reported once the sweep knows how it ended, not now.
            if (skip == CampaignSkip.Elsewhere && !_sweeping && _elsewhere.TryAdd(claim.Recipient, batch[i].Key)) continue;
            await SkipAsync(batch[i], claim.State, skip).ConfigureAwait(false);
        }
        batch.Clear();
    }

    private async ValueTask SkipAsync(BulkMessage message, CampaignState state, CampaignSkip skip)
    {
        Interlocked.Increment(ref _skipped);
        await _output.Writer.WriteAsync(new CampaignResult(message, state) { Skipped = skip }, CancellationToken.None).ConfigureAwait(false);
        _campaign.Progress?.Report(Counts());
    }

    private async Task SendAllAsync()
    {
        string refIdPrefix = CampaignRefIds.Prefix(_campaign.Id);
        BulkSendOptions options = _campaign.Send.For(refIdPrefix, BeforeSendingAsync);
        var settled = new List<BulkResult>(64);
        await using IAsyncEnumerator<BulkResult> results = _client.SendManyAsync(_feed.Reader.ReadAllAsync(), options, _stop.Token).GetAsyncEnumerator();
        while (true)
        {
            ValueTask<bool> next = results.MoveNextAsync();
            // Results are recorded in batches: all that are here, before waiting for the next.
            if (!next.IsCompleted && settled.Count > 0) await SettleAsync(settled).ConfigureAwait(false);
            bool more;
            try
            {
                more = await next.ConfigureAwait(false);
            }
            finally
            {
                if (settled.Count > 0) await SettleAsync(settled).ConfigureAwait(false);
            }
            if (!more) break;
            settled.Add(results.Current);
            if (settled.Count >= 64) await SettleAsync(settled).ConfigureAwait(false);
        }
    }

    /// <summary>Before a request leaves (its permits taken): its recipients marked sending, or the ones another worker took left out.</summary>
    private async ValueTask BeforeSendingAsync(BulkSending sending, CancellationToken cancellationToken)
    {
        if (_campaign.Send.BeforeSending is { } yours) await yours(sending, cancellationToken).ConfigureAwait(false);
        string[] destinations = [.. sending.Recipients.Select(m => m.Destination)];
        IReadOnlyCollection<string> lost = await _session.MarkSendingAsync(sending.RefId, destinations, _campaign.ClaimLease, CancellationToken.None).ConfigureAwait(false);
        if (lost.Count == 0) return;
        foreach (BulkMessage message in sending.Recipients.Where(m => lost.Contains(m.Destination)))
        {
            if (!_held.TryRemove(message.Destination, out _)) continue;
            _room.Release();
            await SkipAsync(message, CampaignState.Claimed, CampaignSkip.Elsewhere).ConfigureAwait(false);
        }
        throw new ClaimsLostException(lost);
    }

    private async Task SettleAsync(List<BulkResult> settled)
    {
        var outcomes = new List<CampaignOutcome>(settled.Count);
        foreach (BulkResult result in settled)
        {
            if (result.Message?.Destination is not { Length: > 0 } destination || !_held.ContainsKey(destination)) continue;
            outcomes.Add(new CampaignOutcome(destination, (CampaignState)result.Outcome)
            {
                RefId = result.RefId, MessageId = result.MessageId, ResultCode = result.ResultCode, Reason = result.Reason,
            });
        }
        // Recorded before the results are told: a result a caller sees is in the ledger.
        if (outcomes.Count > 0) await _session.RecordAsync(outcomes, CancellationToken.None).ConfigureAwait(false);
        foreach (BulkResult result in settled)
        {
            if (result.Message?.Destination is { Length: > 0 } destination && _held.TryRemove(destination, out _)) _room.Release();
            switch (result.Outcome)
            {
                case BulkOutcome.Sent: Interlocked.Increment(ref _sent); break;
                case BulkOutcome.Refused: Interlocked.Increment(ref _refused); break;
                case BulkOutcome.Retryable: Interlocked.Increment(ref _retryable); break;
                default: Interlocked.Increment(ref _unknown); break;
            }
            if (result.StatusCode is { } status && SendOutcomes.RefusesEveryRequest(status)) Interlocked.Increment(ref _refusedByAccount);
            if (WhatsAppTelemetry.CampaignRecipients.Enabled)
            {
                WhatsAppTelemetry.CampaignRecipients.Add(1, new KeyValuePair<string, object?>("state", result.Outcome.ToWireString()));
            }
            await _output.Writer.WriteAsync(new CampaignResult(result.Message!, (CampaignState)result.Outcome) { Result = result }, CancellationToken.None).ConfigureAwait(false);
        }
        settled.Clear();
        _campaign.Progress?.Report(Counts());
    }

    /// <summary>Claims never sent go back to pending; when the ledger cannot be reached, their leases run out into retryable.</summary>
    private async Task ReleaseHeldAsync()
    {
        if (_held.IsEmpty) return;
        try
        {
            await _session.ReleaseAsync([.. _held.Keys], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The leases run out: the claims become retryable then.
        }
        _held.Clear();
    }
}
