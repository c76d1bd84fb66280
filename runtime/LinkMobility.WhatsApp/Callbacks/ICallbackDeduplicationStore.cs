namespace LinkMobility.WhatsApp.Callbacks;

/// <summary>
/// Remembers which deliveries were handled, so a delivery LINK repeats is handled once, and one is acknowledged
/// only when it was handled: a claim, then its completion (handled) or its release (failed, so LINK's retry is handled).
/// </summary>
public interface ICallbackDeduplicationStore
{
    /// <summary>Claims a delivery: <see cref="CallbackClaim.Claimed"/> when this caller is to handle it.</summary>
    ValueTask<CallbackClaim> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Marks a claimed delivery handled; its copies are acknowledged from then on.</summary>
    ValueTask CompleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Gives a claim back, when handling failed, so LINK's next attempt is handled.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
