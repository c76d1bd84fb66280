using LinkMobility.WhatsApp.Conversations;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Sandbox;

// The event reports LINK would post after a request: sent, then delivered or the failure WhatsApp would give.
public sealed partial class LinkSandbox
{
    /// <summary>
    /// Why WhatsApp would refuse each template message that does not fit the registered templates (by message index).
    /// LINK queues such a request and reports the failure later, with 112406: the document's code for a request
    /// WhatsApp's side refused ("Failed request from WhatsApp proxy"), which is where a template mismatch is found.
    /// </summary>
    private Dictionary<int, string> TemplateFailures(MessageRequest request)
    {
        var failures = new Dictionary<int, string>();
        if ((_options.TemplateSource?.Current ?? _options.Templates) is not { IsEmpty: false } templates) return failures;
        // The sandbox's templates are WhatsApp's as they are now: a template that is not approved fails.
        foreach (ValidationProblem problem in request.ValidateCurrent(templates).Errors)
        {
            // Paths start messages[N]; the first problem of a message is its reason.
            if (!problem.Path.StartsWith("messages[", StringComparison.Ordinal)) continue;
            int close = problem.Path.IndexOf(']', StringComparison.Ordinal);
            if (int.TryParse(problem.Path.AsSpan(9, close - 9), out int index)) failures.TryAdd(index, $"Failed WA request: {problem.Message}");
        }
        return failures;
    }

    /// <summary>The destinations (by index) a message that is not a template cannot reach now, when the window is enforced.</summary>
    private async Task<HashSet<int>> OutsideWindow(MessageRequest request)
    {
        var closed = new HashSet<int>();
        if (!_options.EnforceConversationWindow) return closed;
        for (int d = 0; d < request.Destinations.Count; d++)
        {
            DateTimeOffset? last = await _windows.LastInboundAsync(request.Destinations[d], CancellationToken.None);
            if (last is not { } opened || DateTimeOffset.UtcNow - opened >= ConversationWindow.Length) closed.Add(d);
        }
        return closed;
    }

    /// <summary>For each destination (one message id each) and each message: "sent", then "delivered" or its failure, to every gate of the request.</summary>
    private void ReportLater(MessageRequest request, List<string> messageIds, Dictionary<int, string> templateFailures, HashSet<int> outsideWindow, Dictionary<(int Destination, int Message), string> pastLimits)
    {
        // Without gates nothing is posted, but the inbox still shows each message's state move on.
        var gates = request.EventReportGates ?? [];
        bool posting = gates.Count > 0;
        if (posting) CallbackStarted();
        _ = Task.Run(async () =>
        {
            try
            {
                for (int d = 0; d < request.Destinations.Count; d++)
                {
                    for (int m = 0; m < request.Messages.Count; m++)
                    {
                        bool windowClosed = outsideWindow.Contains(d) && request.Messages[m] is not TemplateMessage;
                        string? limited = pastLimits.GetValueOrDefault((d, m));
                        int final = templateFailures.ContainsKey(m) || limited is not null ? ResultCodes.FailedWaRequest
                            : windowClosed ? ResultCodes.NotDelivered
                            : _options.FailingDestinations.TryGetValue(request.Destinations[d], out int failure) ? failure : ResultCodes.Delivered;
                        foreach (int code in final == ResultCodes.Delivered ? new[] { ResultCodes.Sent, ResultCodes.Delivered } : [final])
                        {
                            var report = new EventReport
                            {
                                MessageId = messageIds[d], RefId = request.RefId, MessageType = request.Messages[m].Type.ToWireString(), MessageIndex = m,
                                Timestamp = DateTimeOffset.UtcNow, ResultCode = code,
                                ResultDescription = templateFailures.TryGetValue(m, out string? why) ? why
                                    : limited is not null ? limited
                                    : windowClosed ? "Not delivered: outside the 24-hour customer care window only a template message can be sent"
                                    : ResultCodes.Find(code)?.Description.TrimEnd('.').ToLowerInvariant(),
                                CustomParameters = request.CustomParameters,
                            };
                            // What the code means comes from the document's catalogue, as a campaign's ledger reads it.
                            Inbox.MessageState shown = LinkMobility.WhatsApp.Campaigns.CampaignReports.StateOf(code) switch
                            {
                                LinkMobility.WhatsApp.Campaigns.CampaignState.Sent => Inbox.MessageState.Sent,
                                LinkMobility.WhatsApp.Campaigns.CampaignState.Delivered => Inbox.MessageState.Delivered,
                                _ => Inbox.MessageState.Failed,
                            };
                            _inbox.Report(messageIds[d], m, shown, shown == Inbox.MessageState.Failed ? code : null, report.ResultDescription, pastLimit: limited is not null);
                            foreach (string gate in gates) await Deliver(gate, report.ToUtf8Json(), "event report");
                            await Task.Delay(_options.DeliveryDelay, _stopping.Token);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The sandbox stopped.
            }
            finally
            {
                if (posting) CallbackEnded();
            }
        });
    }
}
