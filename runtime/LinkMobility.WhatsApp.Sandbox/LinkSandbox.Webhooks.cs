namespace LinkMobility.WhatsApp.Sandbox;

// Posting callbacks to the gates' webhooks, with retries; each ends delivered or undeliverable, never lost.
public sealed partial class LinkSandbox
{
    /// <summary>Sends a receive message (a WhatsApp user writing in) to a gate's webhook; it opens the user's 24-hour window.</summary>
    public async Task SendReceiveMessageAsync(string gateId, ReceiveMessage message)
    {
        if (message.Source is { } user) await _windows.RecordInboundAsync(user, message.Timestamp ?? DateTimeOffset.UtcNow, CancellationToken.None);
        byte[] json = message.ToUtf8Json();
        await Deliver(gateId, json, "receive message");
        // In the inbox once the app had its chance to take it: the chat shows what the app was sent.
        if (message.Source is { } customer && message.Destination is { } business)
        {
            _inbox.AddInbound(business, customer, message.MessageId ?? "", message.Content?.Message?.ContentType.ToString() ?? "UNKNOWN", json, message.Timestamp ?? DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Sends an alternative receive message to a gate's webhook; it opens the user's 24-hour window.</summary>
    public async Task SendAlternativeReceiveMessageAsync(string gateId, AlternativeReceiveMessage message)
    {
        if (message.Source is { } user) await _windows.RecordInboundAsync(user, message.Timestamp ?? DateTimeOffset.UtcNow, CancellationToken.None);
        await Deliver(gateId, message.ToUtf8Json(), "alternative receive message");
    }

    /// <summary>
    /// A callback's post. Credentials in the gate's URL (http://user:password@host/path), as LINK takes them for a gate,
    /// sign it with Basic authentication; the URL it goes to has none.
    /// </summary>
    private static HttpRequestMessage Post(Uri webhook, byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (webhook.UserInfo.Length == 0) return new HttpRequestMessage(HttpMethod.Post, webhook) { Content = content };
        string[] parts = webhook.UserInfo.Split(':', 2);
        var bare = new UriBuilder(webhook) { UserName = "", Password = "" };
        return new HttpRequestMessage(HttpMethod.Post, bare.Uri)
        {
            Content = content,
            Headers = { Authorization = BasicCredentials.Header(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "") },
        };
    }

    /// <summary>Posts one callback to a gate's webhook, trying again with backoff while it fails.</summary>
    private async Task Deliver(string gateId, byte[] json, string kind)
    {
        CallbackStarted();
        try
        {
            if (!_options.Gates.TryGetValue(gateId, out Uri? webhook))
            {
                _undeliverable.Enqueue(new DeliveredCallback(gateId, kind, json, 0, "no such gate"));
                return;
            }
            string? last = null;
            for (int attempt = 1; attempt <= _options.WebhookAttempts; attempt++)
            {
                try
                {
                    using var post = Post(webhook, json);
                    using HttpResponseMessage answer = await _webhooks.SendAsync(post, _stopping.Token).ConfigureAwait(false);
                    if (answer.IsSuccessStatusCode)
                    {
                        _delivered.Enqueue(new DeliveredCallback(gateId, kind, json, attempt, null));
                        return;
                    }
                    last = $"{(int)answer.StatusCode} {answer.ReasonPhrase}";
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50 * (1 << attempt)), _stopping.Token).ConfigureAwait(false);
            }
            _undeliverable.Enqueue(new DeliveredCallback(gateId, kind, json, _options.WebhookAttempts, last));
        }
        finally
        {
            CallbackEnded();
        }
    }
}
