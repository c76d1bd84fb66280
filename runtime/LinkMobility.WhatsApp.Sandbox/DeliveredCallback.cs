namespace LinkMobility.WhatsApp.Sandbox;

/// <summary>A callback the sandbox posted: to which gate, what, after how many attempts, and the last failure when it gave up.</summary>
public sealed record DeliveredCallback(string GateId, string Kind, byte[] Json, int Attempts, string? Failure)
{
    /// <summary>The callback read back, for assertions.</summary>
    public Callback Read() => Callback.Parse(Json);
}
