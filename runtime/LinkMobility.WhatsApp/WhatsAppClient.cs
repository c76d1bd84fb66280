using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using LinkMobility.WhatsApp.Campaigns;

namespace LinkMobility.WhatsApp;

/// <summary>
/// Sends message requests to the WhatsApp Message API (POST /messages). Validates before sending, turns error
/// answers into <see cref="WhatsAppApiException"/>, and retries only where no message can have been sent.
/// </summary>
/// <remarks>
/// Lifetime: the client is cheap; the HttpClient under it is not. Register it with AddWhatsAppClient
/// (IHttpClientFactory manages the handlers), or give it an HttpClient you keep for the application's life.
/// Mocking: its members are virtual and it has a protected constructor, as the Azure SDK's clients do, so a test of your
/// service can substitute it (NSubstitute's Substitute.For, Moq's Mock) without an HTTP server.
/// </remarks>
public partial class WhatsAppClient
{
    private readonly HttpClient _http;
    private readonly WhatsAppClientOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _sendUri;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly Conversations.IConversationWindowStore? _windows;
    private readonly Limits.SendPacing? _pacing;
    private readonly TimeProvider _time;

    /// <summary>Shared by every request: HttpClient only reads it.</summary>
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// A client over <paramref name="http"/>, for <paramref name="options"/>' account. Its waits (retries, the limits'
    /// permits) and the 24-hour window's clock run on <paramref name="timeProvider"/> (the system's by default; a test
    /// gives a FakeTimeProvider). With <see cref="WhatsAppClientOptions.Limits"/> on, it keeps them in <paramref name="limiters"/>
    /// (give several clients one <see cref="Limits.WhatsAppSendLimiters"/> to share them, or Redis's to share them across
    /// processes), or else in limiters of its own, in this process, made from the options.
    /// </summary>
    public WhatsAppClient(HttpClient http, WhatsAppClientOptions options, ILogger<WhatsAppClient>? logger = null, TimeProvider? timeProvider = null,
        Limits.WhatsAppSendLimiters? limiters = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        Uri baseUrl = options.ResolveBaseUrl();
        _sendUri = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + ApiDocument.SendMessages.Path);
        _authorization = BasicCredentials.Header(options.Username, options.Password);
        _windows = options.ConversationWindows;
        if (options.Limits is { Enabled: true } limits)
        {
            _pacing = new Limits.SendPacing(limits, limiters ?? Limits.WhatsAppSendLimiters.InMemory(limits, _time), _time);
        }
    }

    /// <summary>For mocking only: a client with no account. A member a test double does not override throws <see cref="InvalidOperationException"/>.</summary>
    protected WhatsAppClient()
    {
        _http = null!;
        _options = null!;
        _logger = NullLogger.Instance;
        _sendUri = null!;
        _authorization = null!;
        _time = TimeProvider.System;
    }

    /// <summary>A client made for mocking has no account: a member it does not override cannot send.</summary>
    private void ThrowIfMock()
    {
        if (_http is null) throw new InvalidOperationException("This WhatsAppClient was made by the protected constructor, for mocking, and has no account: override the member the test calls.");
    }

    /// <summary>
    /// For dependency injection: the options bound by AddWhatsAppClient, the registered window store, TimeProvider, and
    /// the limiters the registered <see cref="Limits.WhatsAppSendLimiterProvider"/> made for the client.
    /// </summary>
    [ActivatorUtilitiesConstructor]
    public WhatsAppClient(HttpClient http, IOptions<WhatsAppClientOptions> options, ILogger<WhatsAppClient> logger, Conversations.IConversationWindowStore? windows = null,
        TimeProvider? timeProvider = null, Limits.WhatsAppSendLimiterProvider? limiters = null)
        : this(http, options.Value, logger, timeProvider, LimitersOf(limiters, Options.DefaultName, options.Value))
    {
        _windows = options.Value.ConversationWindows ?? windows;
    }

    /// <summary>The limiters a provider made for a client whose limits are on; none when they are off.</summary>
    internal static Limits.WhatsAppSendLimiters? LimitersOf(Limits.WhatsAppSendLimiterProvider? provider, string name, WhatsAppClientOptions options) =>
        provider is not null && options.Limits is { Enabled: true } limits ? provider.GetLimiters(name, limits) : null;

    /// <summary>The URL requests are posted to.</summary>
    public virtual Uri SendUri
    {
        get
        {
            ThrowIfMock();
            return _sendUri;
        }
    }

    /// <summary>The document's rules and, unless turned off, your templates as they are now.</summary>
    private ValidationResult Validate(MessageRequest request)
    {
        if (!_options.ValidateTemplates) return request.Validate();
        if (_options.TemplateSource is not { } source)
        {
            return Templates.TemplateValidation.Validate(request, _options.Templates ?? Templates.TemplateRegistry.Generated);
        }
        // A run-time source is current: a template that is not approved now is refused, as WhatsApp would refuse it.
        Templates.TemplateRegistry templates = source.Current;
        ValidationResult result = Templates.TemplateValidation.ValidateCurrent(request, templates);
        if (!result.IsValid) Templates.TemplateChangeReport.Refused(request, templates, _logger);
        return result;
    }

    /// <summary>
    /// Sends a message request; returns the response, whose message ids follow the order of the destinations.
    /// </summary>
    /// <exception cref="WhatsAppValidationException">The request breaks rules of the document or does not fit your templates; nothing was sent.</exception>
    /// <exception cref="Conversations.WhatsAppConversationWindowException">With ConversationWindow Refuse: a message that is not a template, to a destination whose window is not open; nothing was sent.</exception>
    /// <exception cref="WhatsAppApiException">The API answered with an error (or a redirect, which is never followed).</exception>
    /// <exception cref="WhatsAppOutcomeUnknownException">The request may have been sent, but no answer came, or the answer to a
    /// success could not be read (too large, cut off, not a MessageResponse), or a handler followed a redirect.</exception>
    /// <exception cref="HttpRequestException">No connection could be made, after the retries.</exception>
    /// <exception cref="Limits.WhatsAppLimitException">With limits on: a destination past the messaging tier, or (when the limits do
    /// not wait) a limit with no permit now; nothing was sent.</exception>
    /// <exception cref="Limits.WhatsAppLimitsUnavailableException">With limits on: they could not be checked (their Redis did not answer); nothing was sent.</exception>
    public virtual Task<MessageResponse> SendAsync(MessageRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfMock();
        return SendAsync(request, _options.Limits?.WhenLimited ?? Limits.WhenLimited.Wait, cancellationToken);
    }

    /// <summary>
    /// Sends a message request, waiting for the limits' permits or failing fast as <paramref name="whenLimited"/> says;
    /// see <see cref="SendAsync(MessageRequest, CancellationToken)"/> for the rest.
    /// </summary>
    public virtual Task<MessageResponse> SendAsync(MessageRequest request, Limits.WhenLimited whenLimited, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfMock();
        return SendTracedAsync(request, whenLimited, null, cancellationToken, cancellationToken);
    }

    private async Task<MessageResponse> SendTracedAsync(MessageRequest request, Limits.WhenLimited whenLimited, Func<CancellationToken, ValueTask>? beforeSending,
        CancellationToken waitToken, CancellationToken sendToken)
    {
        // Telemetry: an activity only for a listener; the duration and the outcome whatever happens.
        // A producer span, by OpenTelemetry's messaging conventions: named for its operation, send.
        using Activity? activity = WhatsAppTelemetry.Source.StartActivity(WhatsAppTelemetry.Messaging.Send, ActivityKind.Producer);
        int messages = (request.Messages?.Count ?? 0) * (request.Destinations?.Count ?? 0);
        if (activity is not null)
        {
            foreach (KeyValuePair<string, object?> tag in WhatsAppTelemetry.Messaging.Of(WhatsAppTelemetry.Messaging.Send)) activity.SetTag(tag.Key, tag.Value);
            activity.SetTag(WhatsAppTelemetry.Messaging.ServerAddress, _sendUri.Host);
            activity.SetTag("linkmobility.whatsapp.ref_id", request.RefId);
            if (messages > 1) activity.SetTag(WhatsAppTelemetry.Messaging.BatchMessageCount, messages);
        }
        long started = Stopwatch.GetTimestamp();
        try
        {
            MessageResponse response = await SendOnceAsync(request, whenLimited, beforeSending, waitToken, sendToken).ConfigureAwait(false);
            Record(activity, messages, started, Bulk.BulkOutcome.Sent.ToWireString(), response.ResultCode, null);
            if (activity is not null && response.MessageIds is { } ids)
            {
                activity.SetTag("linkmobility.whatsapp.message_ids", string.Join(",", ids));
                if (ids.Count == 1) activity.SetTag(WhatsAppTelemetry.Messaging.MessageId, ids[0]);
            }
            return response;
        }
        catch (Exception ex)
        {
            Bulk.SendOutcomes.Failure failure = Bulk.SendOutcomes.Of(ex);
            Record(activity, messages, started, failure.Outcome.ToWireString(), failure.ResultCode, failure.ErrorType);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>A send's outcome on its activity and metrics; <paramref name="messages"/> is its messages times its destinations.</summary>
    private void Record(Activity? activity, int messages, long started, string outcome, int? resultCode, string? errorType)
    {
        if (activity is not null)
        {
            activity.SetTag("linkmobility.whatsapp.outcome", outcome);
            if (resultCode is { } result) activity.SetTag("linkmobility.whatsapp.result_code", result);
            if (errorType is not null) activity.SetTag(WhatsAppTelemetry.Messaging.ErrorType, errorType);
        }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // Tags are built only for a listener: a result code is boxed into them.
        if (WhatsAppTelemetry.Sends.Enabled || WhatsAppTelemetry.SendDuration.Enabled)
        {
            var tags = new TagList { { "outcome", outcome } };
            if (resultCode is { } code) tags.Add("result_code", code);
            if (errorType is not null) tags.Add(WhatsAppTelemetry.Messaging.ErrorType, errorType);
            WhatsAppTelemetry.Sends.Add(1, tags);
            WhatsAppTelemetry.SendDuration.Record(seconds, tags);
        }
        if (WhatsAppTelemetry.ClientOperationDuration.Enabled || WhatsAppTelemetry.ClientSentMessages.Enabled)
        {
            TagList conventions = WhatsAppTelemetry.Messaging.Of(WhatsAppTelemetry.Messaging.Send);
            conventions.Add(WhatsAppTelemetry.Messaging.ServerAddress, _sendUri.Host);
            if (errorType is not null) conventions.Add(WhatsAppTelemetry.Messaging.ErrorType, errorType);
            WhatsAppTelemetry.ClientOperationDuration.Record(seconds, conventions);
            WhatsAppTelemetry.ClientSentMessages.Add(messages, conventions);
        }
    }

    /// <summary>
    /// Validates, checks the window, takes the limits' permits (waiting with <paramref name="waitToken"/>), calls
    /// <paramref name="beforeSending"/>, then sends (with <paramref name="sendToken"/>: a bulk send lets a request in flight finish).
    /// </summary>
    private async Task<MessageResponse> SendOnceAsync(MessageRequest request, Limits.WhenLimited whenLimited, Func<CancellationToken, ValueTask>? beforeSending,
        CancellationToken waitToken, CancellationToken sendToken)
    {
        if (_options.ValidateBeforeSend && Validate(request) is { IsValid: false } result)
        {
            throw new WhatsAppValidationException(result);
        }
        await Conversations.ConversationWindowGuard.CheckAsync(request, _options.ConversationWindow, _windows, _time, _logger, waitToken).ConfigureAwait(false);
        if (_pacing is not null) await _pacing.AcquireAsync(request, whenLimited, waitToken).ConfigureAwait(false);
        // Permits taken: from here the request goes out, so the hook is not stopped by the wait's cancellation.
        if (beforeSending is not null) await beforeSending(sendToken).ConfigureAwait(false);
        byte[] body = request.ToUtf8Json();
        for (int attempt = 0; ; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _sendUri) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = JsonContentType;
            message.Headers.Authorization = _authorization;

            HttpResponseMessage response;
            try
            {
                // Headers first: the body is read here, bounded (MaxResponseBytes), never buffered whole by HttpClient.
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, sendToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError && attempt < _options.MaxRetries)
            {
                // Not connected, so nothing was sent: safe to try again.
                TimeSpan delay = TimeSpan.FromMilliseconds(200 * (1 << attempt));
                LogRetryConnection(_logger, request.RefId, attempt + 1, delay.TotalMilliseconds, ex.Message);
                WhatsAppTelemetry.SendRetries.Add(1, new KeyValuePair<string, object?>("reason", "connection"));
                await Task.Delay(delay, _time, sendToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError != HttpRequestError.ConnectionError)
            {
                LogOutcomeUnknown(_logger, request.RefId, ex.Message);
                throw new WhatsAppOutcomeUnknownException(request.RefId, ex);
            }
            catch (TaskCanceledException ex) when (!sendToken.IsCancellationRequested)
            {
                LogOutcomeUnknown(_logger, request.RefId, "no answer within the timeout");
                throw new WhatsAppOutcomeUnknownException(request.RefId, new TimeoutException("No answer came within the HttpClient's timeout.", ex));
            }

            using (response)
            {
                // A handler that follows redirects has sent the request somewhere else; it may have gone out there.
                if (response.RequestMessage?.RequestUri is { } answered && answered != _sendUri)
                {
                    LogOutcomeUnknown(_logger, request.RefId, $"redirected to {answered}");
                    throw new WhatsAppOutcomeUnknownException(request.RefId, new HttpRequestException(
                        $"The request was redirected to {answered}, and the HttpClient followed; a send must never be redirected. Give WhatsAppClient an HttpClient whose handler does not follow redirects (WhatsAppClient.CreateHandler()), as AddWhatsAppClient does."));
                }
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    // Not followed: the API never redirects a send, so this is an error that says where it pointed.
                    string where = response.Headers.Location is { } location ? $"redirected to {location}" : "a redirect without a Location";
                    LogFailed(_logger, request.RefId, (int)response.StatusCode, null);
                    throw new WhatsAppApiException((int)response.StatusCode, null, $"{where}; a send is never redirected, so it was not followed");
                }
                // 429 and 503 with Retry-After: the API refused the request before taking it, so nothing was sent.
                TimeSpan? retryAfter = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ? RetryAfter(response) : null;
                if (retryAfter is { } wait && attempt < _options.MaxRetries)
                {
                    LogRetryThrottled(_logger, request.RefId, (int)response.StatusCode, attempt + 1, wait.TotalMilliseconds);
                    WhatsAppTelemetry.SendRetries.Add(1, new KeyValuePair<string, object?>("reason", "throttled"));
                    await Task.Delay(wait, _time, sendToken).ConfigureAwait(false);
                    continue;
                }
                if (response.IsSuccessStatusCode)
                {
                    // The API took the request: the messages were most likely queued. An answer that cannot be read
                    // is therefore an unknown outcome, never an error a caller would answer by sending again.
                    try
                    {
                        byte[] answer = await ReadBoundedAsync(response, sendToken).ConfigureAwait(false);
                        MessageResponse parsed = MessageResponse.Parse(answer);
                        LogSent(_logger, request.RefId, parsed.MessageIds?.Count ?? 0, parsed.ResultCode ?? 0);
                        return parsed;
                    }
                    catch (Exception ex) when (ex is WhatsAppJsonException or ResponseTooLargeException or IOException or HttpRequestException
                        || (ex is OperationCanceledException && !sendToken.IsCancellationRequested))
                    {
                        string reason = $"the API answered {(int)response.StatusCode}, but its body could not be read ({ex.Message})";
                        LogOutcomeUnknown(_logger, request.RefId, reason);
                        throw new WhatsAppOutcomeUnknownException(request.RefId, new HttpRequestException(
                            $"The API answered {(int)response.StatusCode}, so the messages were most likely queued, but its body could not be read: {ex.Message}.", ex));
                    }
                }
                byte[] errorBody;
                string cut = "";
                try
                {
                    errorBody = await ReadBoundedAsync(response, sendToken).ConfigureAwait(false);
                }
                catch (ResponseTooLargeException ex)
                {
                    errorBody = ex.Start;
                    cut = $" (the body was cut at {_options.MaxResponseBytes} bytes)";
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    errorBody = [];
                    cut = $" (the body could not be read: {ex.Message})";
                }
                ErrorResponse? error = null;
                try
                {
                    error = errorBody.Length == 0 || cut.Length > 0 ? null : ErrorResponse.Parse(errorBody);
                }
                catch (WhatsAppJsonException)
                {
                    // Not an ErrorResponse: the snippet tells what it was.
                }
                var failure = new WhatsAppApiException((int)response.StatusCode, error, error is null ? Snippet(errorBody) + cut : null) { RetryAfter = retryAfter };
                LogFailed(_logger, request.RefId, (int)response.StatusCode, error?.ResultCode);
                throw failure;
            }
        }
    }

    /// <summary>
    /// A handler for the HttpClient under a WhatsAppClient: it never follows redirects (a send must not be re-sent
    /// elsewhere). AddWhatsAppClient uses it; give it to an HttpClient you make yourself.
    /// </summary>
    public static HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // An answer left unread (past MaxResponseBytes) closes its connection rather than being drained to reuse it.
        MaxResponseDrainSize = 64 * 1024,
    };

    /// <summary>The body, up to <see cref="WhatsAppClientOptions.MaxResponseBytes"/>; past it, <see cref="ResponseTooLargeException"/>.</summary>
    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int cap = _options.MaxResponseBytes;
        long? announced = response.Content.Headers.ContentLength;
        if (announced > cap) throw new ResponseTooLargeException(cap, announced, []);
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (announced is { } length)
        {
            // The usual answer says its length: read exactly that into one array (short: EndOfStreamException, an IOException).
            byte[] body = new byte[length];
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return body;
        }
        var buffer = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > cap)
                {
                    buffer.Write(chunk, 0, (int)Math.Min(read, cap - buffer.Length));
                    throw new ResponseTooLargeException(cap, null, buffer.ToArray());
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>A response body larger than the client reads.</summary>
    private sealed class ResponseTooLargeException(int cap, long? length, byte[] start)
        : Exception(length is { } known ? $"the body is {known} bytes, more than the {cap} bytes MaxResponseBytes allows" : $"the body is more than the {cap} bytes MaxResponseBytes allows")
    {
        /// <summary>What was read before the cap.</summary>
        public byte[] Start { get; } = start;
    }

    /// <summary>Retry-After as seconds or as a date; null when absent or longer than the options allow.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is not { } value) return null;
        if (value < TimeSpan.Zero) value = TimeSpan.Zero;
        return value <= _options.MaxRetryDelay ? value : null;
    }

    private static string Snippet(byte[] body)
    {
        string text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).ReplaceLineEndings(" ").Trim();
        return body.Length > 200 ? text + "…" : text;
    }

    [LoggerMessage(1, LogLevel.Information, "Sent message request {RefId}: {Count} message id(s), result code {ResultCode}")]
    private static partial void LogSent(ILogger logger, string refId, int count, int resultCode);

    [LoggerMessage(2, LogLevel.Warning, "Message request {RefId} failed with status {Status}, result code {ResultCode}")]
    private static partial void LogFailed(ILogger logger, string refId, int status, int? resultCode);

    [LoggerMessage(3, LogLevel.Warning, "Message request {RefId}: not connected ({Reason}); attempt {Attempt} follows in {DelayMs} ms")]
    private static partial void LogRetryConnection(ILogger logger, string refId, int attempt, double delayMs, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Message request {RefId}: refused before it was taken ({Status}, Retry-After); attempt {Attempt} follows in {DelayMs} ms")]
    private static partial void LogRetryThrottled(ILogger logger, string refId, int status, int attempt, double delayMs);

    [LoggerMessage(5, LogLevel.Error, "Message request {RefId}: outcome unknown ({Reason}); not sent again")]
    private static partial void LogOutcomeUnknown(ILogger logger, string refId, string reason);
}
