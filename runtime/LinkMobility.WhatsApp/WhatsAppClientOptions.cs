namespace LinkMobility.WhatsApp;

/// <summary>
/// Where and how the client sends: the account's base URL (a documented region or an explicit URL) and
/// credentials. Bound from configuration section <see cref="SectionName"/> by AddWhatsAppClient.
/// </summary>
public sealed class WhatsAppClientOptions
{
    /// <summary>The configuration section the options are bound from: LinkMobility:WhatsApp.</summary>
    public const string SectionName = "LinkMobility:WhatsApp";

    /// <summary>The region LINK assigned the account to; ignored when <see cref="BaseUrl"/> is set.</summary>
    public LinkRegion? Region { get; set; }

    /// <summary>An explicit base URL (the sandbox's, say); wins over <see cref="Region"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The Basic authentication user name.</summary>
    public string Username { get; set; } = "";

    /// <summary>The Basic authentication password. Never shown in messages, ToString or logs.</summary>
    public string Password { get; set; } = "";

    /// <summary>Allows a plain http:// base URL (the document requires TLS 1.2 or higher; the local sandbox needs this).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Validates each request before it is sent, so an invalid one never leaves (on by default).</summary>
    public bool ValidateBeforeSend { get; set; } = true;

    /// <summary>
    /// Checks the 24-hour customer care window before a send (Off by default): with Refuse, a request with a message that
    /// is not a template, to a destination with no message from it in the last 24 hours, is not sent
    /// (<see cref="Conversations.WhatsAppConversationWindowException"/>); with Warn it is logged and sent. A mixed request
    /// (a template and a text to the same destination) is judged by its text: with Refuse none of it is sent.
    /// </summary>
    public Conversations.ConversationWindowCheck ConversationWindow { get; set; }

    /// <summary>Where the windows are (the callback endpoint records them); with dependency injection, the registered store.</summary>
    public Conversations.IConversationWindowStore? ConversationWindows { get; set; }

    /// <summary>
    /// The most bytes of a response body the client reads (1 MiB by default; a MessageResponse for 1,000 destinations is
    /// about 30 KB). A larger answer to a success is an unknown outcome; a larger error body is cut there.
    /// </summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Checks each template message against your templates before it is sent (with <see cref="ValidateBeforeSend"/>; on by
    /// default): the name, language, components and parameters. Turn it off to send templates the registry does not know.
    /// </summary>
    public bool ValidateTemplates { get; set; } = true;

    /// <summary>The templates to check against; null (the default) for those generated from the app's templates files (<see cref="Templates.TemplateRegistry.Generated"/>).</summary>
    public Templates.TemplateRegistry? Templates { get; set; }

    /// <summary>
    /// Where your templates come from at run time, when they may change after the build: a <see cref="Templates.TemplateFileSource"/>
    /// (a file, reloaded when it changes), a <see cref="Templates.TemplateSource"/> you update, or your own. Each template
    /// message is checked against its current templates; one whose template changed since the build is refused before
    /// sending, logged once and counted. Null (the default): <see cref="Templates"/>, or the generated registry.
    /// </summary>
    public Templates.ITemplateSource? TemplateSource { get; set; }

    /// <summary>
    /// WhatsApp's limits, kept before sending: messages per second per number, the pair rate per recipient, and the
    /// messaging tier (off by default; <see cref="Limits.SendLimitOptions.Enabled"/>). Checked when the application starts.
    /// The limiters that keep them are a service (<see cref="Limits.WhatsAppSendLimiterProvider"/>), or a constructor argument of the client.
    /// </summary>
    public Limits.SendLimitOptions Limits { get; set; } = new();

    /// <summary>How often a send is retried where no message can have been sent (connection failures, 429).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The longest Retry-After the client waits for; a longer one fails the send instead.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base URL requests go to: <see cref="BaseUrl"/>, else the region's; checked for https.</summary>
    public Uri ResolveBaseUrl()
    {
        Uri url = BaseUrl ?? (Region is { } region ? BaseUrls.For(region) : throw new InvalidOperationException(
            $"WhatsAppClientOptions needs a Region ({string.Join(", ", Enum.GetNames<LinkRegion>())}) or a BaseUrl."));
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"The base URL {url} is not an absolute http(s) URL.");
        }
        if (url.Scheme == Uri.UriSchemeHttp && !AllowInsecureHttp)
        {
            throw new InvalidOperationException(
                $"The base URL {url} uses plain http; the API requires TLS {ApiDocument.MinimumTlsVersion} or higher. Set AllowInsecureHttp only for a local sandbox.");
        }
        return url;
    }

    /// <summary>The options without the password.</summary>
    public override string ToString() =>
        $"WhatsAppClientOptions {{ Region = {Region}, BaseUrl = {BaseUrl}, Username = {Username}, Password = ***, ValidateBeforeSend = {ValidateBeforeSend}, ValidateTemplates = {ValidateTemplates} }}";
}
