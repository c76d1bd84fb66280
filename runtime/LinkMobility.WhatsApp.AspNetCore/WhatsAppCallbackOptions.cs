using System.Net;

namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>What the callback endpoint checks before a handler sees a callback.</summary>
public sealed class WhatsAppCallbackOptions
{
    /// <summary>When set (with <see cref="Password"/>), callbacks must carry these Basic credentials (configure them on the gate's URL).</summary>
    public string? Username { get; set; }

    /// <summary>The Basic authentication password; compared in constant time, never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Accept callbacks only from LINK's documented outgoing hosts (Appendix 1) and <see cref="AdditionalAllowedAddresses"/>.</summary>
    public bool RestrictToLinkHosts { get; set; }

    /// <summary>More addresses to accept when <see cref="RestrictToLinkHosts"/> is on (a proxy's, or loopback for the sandbox).</summary>
    public IList<IPAddress> AdditionalAllowedAddresses { get; } = [];

    /// <summary>The largest body read; a larger one is answered 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}
