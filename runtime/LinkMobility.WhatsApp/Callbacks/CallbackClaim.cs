namespace LinkMobility.WhatsApp.Callbacks;

/// <summary>What a claim of a delivery found.</summary>
public enum CallbackClaim
{
    /// <summary>First seen (or given back): this caller handles it, then completes or releases it.</summary>
    Claimed,

    /// <summary>Another copy is being handled right now: not done yet, so LINK must try again later.</summary>
    InFlight,

    /// <summary>Handled before: acknowledge it and do nothing.</summary>
    Handled,
}
