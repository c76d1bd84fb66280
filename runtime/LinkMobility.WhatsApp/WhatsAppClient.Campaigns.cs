using LinkMobility.WhatsApp.Bulk;
using LinkMobility.WhatsApp.Campaigns;

namespace LinkMobility.WhatsApp;

// RunCampaignAsync: a campaign over a ledger, at most once per recipient across runs, workers and crashes.
public partial class WhatsAppClient
{
    /// <summary>
    /// Runs <paramref name="campaign"/> as one worker: reads <paramref name="recipients"/> as they are sent, claims each in
    /// <paramref name="ledger"/> before it is sent (a recipient the ledger already has, one repeated, or one another worker
    /// holds is skipped), records it as sending before its request leaves and its outcome when it settles, and returns one
    /// <see cref="CampaignResult"/> per recipient read, as they settle. Several workers (processes, machines) may run one
    /// campaign on a shared ledger: each recipient is sent by one of them at most once.
    /// </summary>
    /// <remarks>
    /// A recipient is sent only from pending or retryable. Unknown (its request left and no answer was recorded, or its
    /// worker died while sending it) is never sent again; an event report for its refId makes it sent. An account refusal
    /// (401, 403) stops the run at once with <see cref="CampaignStoppedException"/>, after the requests in flight settle as
    /// retryable. Canceling stops reading and waiting; requests in flight settle and are recorded, then
    /// <see cref="OperationCanceledException"/> is thrown. What was claimed and not sent goes back to pending.
    /// </remarks>
    /// <exception cref="ArgumentException">The campaign's options are incomplete.</exception>
    /// <exception cref="CampaignLedgerBusyException">The ledger serves one run at a time, and another holds it; nothing was sent.</exception>
    /// <exception cref="CampaignStoppedException">LINK refused the account; run again once it is fixed.</exception>
    public virtual IAsyncEnumerable<CampaignResult> RunCampaignAsync(Campaign campaign, IAsyncEnumerable<BulkMessage> recipients, ICampaignLedger ledger,
        CancellationToken cancellationToken = default) =>
        CampaignRun.RunAsync(this, campaign, recipients, ledger, cancellationToken);
}
