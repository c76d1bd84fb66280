using LinkMobility.WhatsApp.Conversations;
using LinkMobility.WhatsApp.Limits;

namespace LinkMobility.WhatsApp.Bulk;

/// <summary>
/// What a failed send means for its recipients, said once for the bulk results, the campaigns and the telemetry: the
/// outcome (what to do next), why it was refused, and the error type (which exception, in telemetry's words).
/// </summary>
internal static class SendOutcomes
{
    /// <summary>One failed send, classified.</summary>
    internal readonly record struct Failure(BulkOutcome Outcome, BulkRefusal? Refusal, string ErrorType, int? StatusCode, int? ResultCode, TimeSpan? RetryAfter);

    /// <summary>
    /// Whether the API's answer refuses every request of the account, not this one: a wrong password or user (401), no
    /// access (403), no such API at the URL (404), or a redirect (never followed). A bulk send or a campaign stops at once.
    /// </summary>
    public static bool RefusesEveryRequest(int status) => status is 401 or 403 or 404 or (>= 300 and < 400);

    /// <summary>The failure a send's exception is; <paramref name="exception"/> is what SendAsync throws.</summary>
    public static Failure Of(Exception exception) => exception switch
    {
        WhatsAppValidationException => new(BulkOutcome.Refused, BulkRefusal.Validation, "invalid", null, null, null),
        WhatsAppConversationWindowException => new(BulkOutcome.Refused, BulkRefusal.Window, "outside_window", null, null, null),
        WhatsAppLimitException { Limit: SendLimit.Tier } => new(BulkOutcome.Refused, BulkRefusal.Limit, "tier", null, null, null),
        WhatsAppLimitException limited => new(BulkOutcome.Retryable, null, "limited", null, null, limited.RetryAfter),
        WhatsAppLimitsUnavailableException => new(BulkOutcome.Retryable, null, "limits_unavailable", null, null, null),
        WhatsAppApiException api when api.StatusCode is >= 500 or 429 || RefusesEveryRequest(api.StatusCode) =>
            new(BulkOutcome.Retryable, null, "api_error", api.StatusCode, api.ResultCode, api.RetryAfter),
        WhatsAppApiException api => new(BulkOutcome.Refused, BulkRefusal.Api, "api_error", api.StatusCode, api.ResultCode, null),
        WhatsAppException { MayHaveBeenSent: true } => new(BulkOutcome.Unknown, null, "unknown", null, null, null),
        // Canceled while a request may be in flight: it may have gone out.
        OperationCanceledException => new(BulkOutcome.Unknown, null, "canceled", null, null, null),
        HttpRequestException => new(BulkOutcome.Retryable, null, "not_connected", null, null, null),
        _ => new(BulkOutcome.Unknown, null, exception.GetType().Name, null, null, null),
    };
}

/// <summary>Thrown by a campaign's BeforeSending: the ledger gave these destinations to another worker, so they are not sent here.</summary>
internal sealed class ClaimsLostException(IReadOnlyCollection<string> destinations)
    : Exception($"{destinations.Count} recipient(s) were claimed by another worker before their request left; they are not sent here.")
{
    public IReadOnlyCollection<string> Destinations { get; } = destinations;
}

/// <summary>BeforeSending threw: nothing of the request was sent, and the bulk send stops with the inner exception.</summary>
internal sealed class BeforeSendingException(Exception inner) : Exception(inner.Message, inner);
