using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Sandbox;

/// <summary>How the sandbox listens and whom it lets in.</summary>
public sealed class LinkSandboxOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="LinkSandbox.BaseUrl"/>).</summary>
    public int Port { get; set; }

    /// <summary>The Basic authentication user name the sandbox accepts.</summary>
    public string Username { get; set; } = "sandbox";

    /// <summary>The Basic authentication password the sandbox accepts.</summary>
    public string Password { get; set; } = "sandbox";

    /// <summary>The largest request body it reads; a larger one is answered 413.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Event report gates: gate id to the webhook URL callbacks for it are posted to.</summary>
    public IDictionary<string, Uri> Gates { get; } = new Dictionary<string, Uri>(StringComparer.Ordinal);

    /// <summary>Destinations whose messages fail, with the result code they fail with (such as 112404, invalid contact).</summary>
    public IDictionary<string, int> FailingDestinations { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// The registered templates, as WhatsApp knows them (<see cref="TemplateFile.Load"/> reads a templates file). A template
    /// message that does not fit them is queued (200), as LINK does, then fails through its event report: code 112406
    /// (Failed WA request), with WhatsApp's reason in the description. Null or empty: every template is accepted.
    /// </summary>
    public TemplateRegistry? Templates { get; set; }

    /// <summary>
    /// The registered templates as they change while the sandbox runs (a <see cref="TemplateFileSource"/> reloads its file):
    /// pause a template in the file, and the next message for it fails as WhatsApp would fail it. Takes the place of <see cref="Templates"/>.
    /// </summary>
    public ITemplateSource? TemplateSource { get; set; }

    /// <summary>
    /// Enforces the 24-hour customer care window, as WhatsApp does: a message that is not a template, to a number that
    /// sent no message (through <see cref="LinkSandbox.SendReceiveMessageAsync"/>) in the last 24 hours, is queued, then
    /// fails through its event report with 112403 (Not delivered): the document's code for a message that was not
    /// delivered, and a message outside the window is exactly that; nothing was wrong with the request.
    /// </summary>
    public bool EnforceConversationWindow { get; set; }

    /// <summary>
    /// WhatsApp's limits, kept as WhatsApp keeps them (off by default): a message past the throughput, the pair rate or the
    /// messaging tier is queued (200), then fails through its event report with 112406 (Failed WA request), WhatsApp's code
    /// and reason in the description (130429, 131056, 131049). <see cref="LinkSandbox.Traffic"/> counts them.
    /// </summary>
    public LinkMobility.WhatsApp.Limits.SendLimitOptions Limits { get; set; } = new();

    /// <summary>
    /// Refuses requests before taking them, as LINK does when it is busy or refuses the account: called with the number of
    /// each request whose credentials are right (1 for the first), it answers null to take the request, or the refusal
    /// (429 or 503 with Retry-After, 401 for a password changed mid-run). A refused request is not in
    /// <see cref="LinkSandbox.ReceivedRequests"/>: nothing of it was sent.
    /// </summary>
    public Func<long, SandboxRefusal?>? Refusals { get; set; }

    /// <summary>The pause between a message's "sent" and its final event report.</summary>
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// What each template shows (<see cref="TemplateFileResult.Previews"/> of your templates file): the inbox at / renders
    /// template messages with them, their parameters filled in. Without them it shows a template's parameters only.
    /// </summary>
    public IReadOnlyList<TemplatePreview>? TemplatePreviews { get; set; }

    /// <summary>The token the inbox's page and JSON take (<see cref="LinkSandbox.InboxUrl"/> carries it); null for a random one per start.</summary>
    public string? InboxToken { get; set; }

    /// <summary>How often a webhook that fails is tried again before the callback counts as undeliverable.</summary>
    public int WebhookAttempts { get; set; } = 6;
}

/// <summary>How the sandbox refuses a request: the HTTP status (with LINK's result code for it) and, for 429 and 503, Retry-After.</summary>
public sealed record SandboxRefusal(int StatusCode, TimeSpan? RetryAfter = null);
