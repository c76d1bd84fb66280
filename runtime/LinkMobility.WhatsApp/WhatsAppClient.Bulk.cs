using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Limits;

namespace LinkMobility.WhatsApp;

// SendManyAsync: recipients in, one result per recipient out, requests packed and paced in between.
public partial class WhatsAppClient
{
    /// <summary>
    /// Sends to many recipients: each is checked alone first (a bad one is refused, not its neighbours), recipients that
    /// get identical messages are packed into one request's destinations (up to
    /// <see cref="BulkSendOptions.MaxDestinationsPerRequest"/>), at most <see cref="BulkSendOptions.MaxConcurrency"/> requests
    /// are in flight, and the client's limits pace them. One <see cref="BulkResult"/> comes back per recipient, in the
    /// order they are settled; an unknown outcome is never sent again.
    /// </summary>
    /// <remarks>
    /// Canceling stops reading recipients and waiting for permits; requests already sent finish and are reported, then
    /// <see cref="OperationCanceledException"/> is thrown. A recipient with no result was not sent. Stopping the
    /// enumeration early also stops the send. An exception from <paramref name="messages"/> or
    /// <see cref="BulkSendOptions.BeforeSending"/> ends it the same way, and is thrown after the results.
    /// </remarks>
    /// <exception cref="ArgumentException">The options are incomplete.</exception>
    public virtual async IAsyncEnumerable<BulkResult> SendManyAsync(IAsyncEnumerable<BulkMessage> messages, BulkSendOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfMock();
        if (options.Problems().ToList() is { Count: > 0 } problems) throw new ArgumentException("BulkSendOptions: " + string.Join(" ", problems), nameof(options));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = Channel.CreateBounded<BulkResult>(new BoundedChannelOptions(options.MaxDestinationsPerRequest * options.MaxConcurrency * 2) { SingleReader = true });
        Task run = RunBulkAsync(messages, options, results.Writer, stop);
        try
        {
            await foreach (BulkResult result in results.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false)) yield return result;
        }
        finally
        {
            // Early out (or done): stop, and drain what requests in flight still report so they can finish.
            await stop.CancelAsync().ConfigureAwait(false);
            while (await results.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false) is true && results.Reader.TryRead(out _))
            {
            }
            await run.ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task RunBulkAsync(IAsyncEnumerable<BulkMessage> messages, BulkSendOptions options, ChannelWriter<BulkResult> results, CancellationTokenSource stop)
    {
        var batches = Channel.CreateBounded<List<BulkMessage>>(new BoundedChannelOptions(options.MaxConcurrency) { SingleWriter = true });
        var bulk = new BulkRun(options, results, stop);
        Task[] workers = [.. Enumerable.Range(0, options.MaxConcurrency).Select(_ => Task.Run(() => WorkAsync(batches.Reader, bulk)))];
        try
        {
            await ProduceAsync(messages, bulk, batches.Writer).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Canceled: what was not handed to a worker was not sent, and has no result.
        }
        catch (Exception ex)
        {
            bulk.Fail(ex);
        }
        finally
        {
            batches.Writer.TryComplete();
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
        results.TryComplete(bulk.Fault);
    }

    /// <summary>Reads the recipients, refuses the bad ones, and packs the rest by identical messages.</summary>
    private async Task ProduceAsync(IAsyncEnumerable<BulkMessage> messages, BulkRun bulk, ChannelWriter<List<BulkMessage>> batches)
    {
        int most = bulk.Options.MaxDestinationsPerRequest;
        var groups = new Dictionary<string, List<BulkMessage>>(StringComparer.Ordinal);
        int buffered = 0;

        async ValueTask Dispatch(string key, List<BulkMessage> group)
        {
            groups.Remove(key);
            buffered -= group.Count;
            await batches.WriteAsync(group, bulk.Stop).ConfigureAwait(false);
        }

        async ValueTask DispatchAll()
        {
            foreach (var (key, group) in groups.ToList()) await Dispatch(key, group).ConfigureAwait(false);
        }

        await using IAsyncEnumerator<BulkMessage> reader = messages.GetAsyncEnumerator(bulk.Stop);
        while (true)
        {
            ValueTask<bool> next = reader.MoveNextAsync();
            // The next recipient is not here yet: send what is packed rather than hold it for a slow source.
            if (!next.IsCompleted && buffered > 0) await DispatchAll().ConfigureAwait(false);
            if (!await next.ConfigureAwait(false)) break;
            BulkMessage message = reader.Current;
            if (Refusal(message, bulk.Options) is { } refused)
            {
                await bulk.ReportAsync(refused).ConfigureAwait(false);
                continue;
            }
            string key = PackingKey(message.Messages);
            // A destination twice in one request would be one request's two messages: it goes in the next one.
            if (groups.TryGetValue(key, out List<BulkMessage>? group) && group.Exists(m => m.Destination == message.Destination)) await Dispatch(key, group).ConfigureAwait(false);
            if (!groups.TryGetValue(key, out group)) groups[key] = group = new List<BulkMessage>(Math.Min(most, 16));
            group.Add(message);
            buffered++;
            if (group.Count >= most) await Dispatch(key, group).ConfigureAwait(false);
            else if (buffered >= most * bulk.Options.MaxConcurrency) await DispatchAll().ConfigureAwait(false);
        }
        await DispatchAll().ConfigureAwait(false);
    }

    /// <summary>Identical messages, by their JSON: recipients with the same key can share a request.</summary>
    private static string PackingKey(IReadOnlyList<Message> messages)
    {
        if (messages.Count == 1) return Encoding.UTF8.GetString(messages[0].ToUtf8Json());
        var key = new StringBuilder();
        foreach (Message message in messages) key.Append(Encoding.UTF8.GetString(message.ToUtf8Json())).Append('\n');
        return key.ToString();
    }

    /// <summary>The recipient checked alone, as the request it would be alone: its refusal, or null when it may go.</summary>
    private BulkResult? Refusal(BulkMessage message, BulkSendOptions options)
    {
        if (message is null) return null;
        if (string.IsNullOrEmpty(message.Destination) || message.Messages is not { Count: > 0 } || message.Messages.Any(m => m is null))
        {
            return new BulkResult(message, BulkOutcome.Refused) { Refusal = BulkRefusal.Validation, Reason = "a recipient needs a destination and at least one message" };
        }
        if (!_options.ValidateBeforeSend) return null;
        MessageRequest alone = options.Request([message.Destination], message.Messages, options.RefIdPrefix + "0");
        if (alone.Validate() is { IsValid: false } rules) return Refused(message, BulkRefusal.Validation, rules);
        // The document's rules hold, so what the client's own check (rules and templates) finds is the templates'.
        if (_options.ValidateTemplates && Validate(alone) is { IsValid: false } templates) return Refused(message, BulkRefusal.Template, templates);
        return null;
    }

    private static BulkResult Refused(BulkMessage message, BulkRefusal refusal, ValidationResult result) =>
        new(message, BulkOutcome.Refused) { Refusal = refusal, Reason = string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Message}")) };

    private async Task WorkAsync(ChannelReader<List<BulkMessage>> batches, BulkRun bulk)
    {
        await foreach (List<BulkMessage> batch in batches.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (bulk.Stop.IsCancellationRequested) continue;
            try
            {
                await SendBatchAsync(batch, bulk).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                bulk.Fail(ex is BeforeSendingException hook ? hook.InnerException! : ex);
            }
        }
    }

    /// <summary>Sends one packed request; a destination refused alone (window, tier) is reported and the rest go on.</summary>
    private async Task SendBatchAsync(List<BulkMessage> batch, BulkRun bulk)
    {
        List<BulkMessage> pending = batch;
        WhenLimited whenLimited = bulk.Options.WhenLimited ?? _options.Limits?.WhenLimited ?? WhenLimited.Wait;
        while (pending.Count > 0 && !bulk.Stop.IsCancellationRequested)
        {
            string refId = bulk.NextRefId();
            List<BulkMessage> sending = pending;
            MessageRequest request = bulk.Options.Request(sending.Select(m => m.Destination), sending[0].Messages, refId);
            Func<CancellationToken, ValueTask>? before = bulk.Options.BeforeSending is { } hook ? token => BeforeSendingAsync(hook, new BulkSending(refId, sending), token) : null;
            BulkResult Result(BulkMessage message, BulkOutcome outcome) => new(message, outcome) { RefId = refId };
            try
            {
                MessageResponse response = await SendTracedAsync(request, whenLimited, before, bulk.Stop, CancellationToken.None).ConfigureAwait(false);
                for (int i = 0; i < sending.Count; i++)
                {
                    await bulk.ReportAsync(response.MessageIds is { } ids && i < ids.Count
                        ? Result(sending[i], BulkOutcome.Sent) with { MessageId = ids[i] }
                        : Result(sending[i], BulkOutcome.Unknown) with { Reason = "the API queued the request but gave no message id for this destination" }).ConfigureAwait(false);
                }
                return;
            }
            catch (OperationCanceledException) when (bulk.Stop.IsCancellationRequested)
            {
                return; // Stopped while waiting for permits: nothing was sent, so nothing is reported.
            }
            catch (Conversations.WhatsAppConversationWindowException ex)
            {
                pending = await RefuseSomeAsync(bulk, sending, [ex.Destination], m => Result(m, BulkOutcome.Refused) with { Refusal = BulkRefusal.Window, Reason = ex.Message }).ConfigureAwait(false);
            }
            catch (WhatsAppLimitException ex) when (ex.Limit == SendLimit.Tier)
            {
                pending = await RefuseSomeAsync(bulk, sending, ex.Destinations, m => Result(m, BulkOutcome.Refused) with { Refusal = BulkRefusal.Limit, Reason = ex.Message }).ConfigureAwait(false);
            }
            catch (ClaimsLostException ex)
            {
                // A campaign's ledger gave these recipients to another worker: they are not this send's to report.
                pending = sending.Where(m => !ex.Destinations.Contains(m.Destination)).ToList();
            }
            catch (Exception ex) when (ex is not ClaimsLostException and not BeforeSendingException)
            {
                SendOutcomes.Failure failure = SendOutcomes.Of(ex);
                await ReportAllAsync(bulk, sending, m => Result(m, failure.Outcome) with
                {
                    Refusal = failure.Refusal, StatusCode = failure.StatusCode, ResultCode = failure.ResultCode, RetryAfter = failure.RetryAfter, Reason = ex.Message,
                }).ConfigureAwait(false);
                // The account is refused: every later request would be too, so the bulk send stops with this exception.
                if (ex is WhatsAppApiException api && SendOutcomes.RefusesEveryRequest(api.StatusCode)) bulk.Fail(ex);
                return;
            }
        }
    }

    /// <summary>The hook, its failure told apart from the send's: nothing of the request was sent, and the bulk send stops.</summary>
    private static async ValueTask BeforeSendingAsync(Func<BulkSending, CancellationToken, ValueTask> hook, BulkSending sending, CancellationToken cancellationToken)
    {
        try
        {
            await hook(sending, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ClaimsLostException)
        {
            throw new BeforeSendingException(ex);
        }
    }

    /// <summary>Reports the refused destinations and gives back the others; when none of them is there, all are refused.</summary>
    private static async Task<List<BulkMessage>> RefuseSomeAsync(BulkRun bulk, List<BulkMessage> sending, IReadOnlyList<string> refused, Func<BulkMessage, BulkResult> result)
    {
        var left = sending.Where(m => !refused.Contains(m.Destination)).ToList();
        if (left.Count == sending.Count) left.Clear();
        foreach (BulkMessage message in sending.Except(left)) await bulk.ReportAsync(result(message)).ConfigureAwait(false);
        return left;
    }

    private static async Task ReportAllAsync(BulkRun bulk, List<BulkMessage> sending, Func<BulkMessage, BulkResult> result)
    {
        foreach (BulkMessage message in sending) await bulk.ReportAsync(result(message)).ConfigureAwait(false);
    }

    /// <summary>One SendManyAsync: its options, where results go, how it stops, and the first fault.</summary>
    private sealed class BulkRun(BulkSendOptions options, ChannelWriter<BulkResult> results, CancellationTokenSource stop)
    {
        private long _requests;
        private Exception? _fault;

        public BulkSendOptions Options { get; } = options;

        public CancellationToken Stop { get; } = stop.Token;

        public Exception? Fault => Volatile.Read(ref _fault);

        public string NextRefId() => Options.RefIdPrefix + Interlocked.Increment(ref _requests).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Never canceled: a result of a request that went out is always reported (SendManyAsync drains when it stops early).
        public ValueTask ReportAsync(BulkResult result) => results.WriteAsync(result, CancellationToken.None);

        public void Fail(Exception exception)
        {
            Interlocked.CompareExchange(ref _fault, exception, null);
            stop.Cancel();
        }
    }
}
