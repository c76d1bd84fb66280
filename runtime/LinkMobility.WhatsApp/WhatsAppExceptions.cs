namespace LinkMobility.WhatsApp;

/// <summary>The API answered a send with an error: the HTTP status, and the ErrorResponse it carried when it could be read.</summary>
public sealed class WhatsAppApiException : WhatsAppException
{
    /// <summary>An error answer.</summary>
    public WhatsAppApiException(int statusCode, ErrorResponse? error, string? bodySnippet)
        : base(Describe(statusCode, error, bodySnippet))
    {
        StatusCode = statusCode;
        Error = error;
        BodySnippet = bodySnippet;
    }

    /// <summary>The HTTP status: 400, 401, 403, 500 or another the API answered with.</summary>
    public int StatusCode { get; }

    /// <summary>The ErrorResponse the body held; null when the body was empty or not one.</summary>
    public ErrorResponse? Error { get; }

    /// <summary>The result code (such as 112400), when the body gave one.</summary>
    public int? ResultCode => Error?.ResultCode;

    /// <summary>What the result code means, from the document's table.</summary>
    public ResultCodeInfo? ResultCodeInfo => ResultCode is { } code ? ResultCodes.Find(code) : null;

    /// <summary>How long the API asked to wait (Retry-After) before it takes a request again, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The start of a body that was not an ErrorResponse (HTML from a proxy, say), for the log.</summary>
    public string? BodySnippet { get; }

    private static string Describe(int status, ErrorResponse? error, string? snippet)
    {
        if (error is not null)
        {
            string meaning = error.ResultCode is { } code && ResultCodes.Find(code) is { } info ? $" ({info.Description} {info.Explanation})" : "";
            string translated = string.IsNullOrEmpty(error.TranslatedDescription) ? "" : $"; {error.TranslatedDescription}";
            return $"The WhatsApp Message API answered {status} with result code {error.ResultCode}{meaning}: {error.Description}{translated}";
        }
        return string.IsNullOrEmpty(snippet)
            ? $"The WhatsApp Message API answered {status} with an empty body"
            : $"The WhatsApp Message API answered {status} with a body that is not an ErrorResponse: {snippet}";
    }
}

/// <summary>The request broke rules of the document, so it was not sent.</summary>
public sealed class WhatsAppValidationException(ValidationResult result)
    : WhatsAppException($"The message request was not sent; it has {result.Errors.Count()} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}")
{
    /// <summary>Every problem found, errors and warnings.</summary>
    public ValidationResult Result { get; } = result;
}

/// <summary>
/// The request may or may not have been sent (a timeout or a broken connection after it went out). It is not
/// retried, since sending twice sends twice; reconcile with the event reports by <see cref="RefId"/>.
/// </summary>
public sealed class WhatsAppOutcomeUnknownException(string refId, Exception inner)
    : WhatsAppException($"The outcome of message request {refId} is unknown: {inner.Message} It was not sent again; its event reports carry refId {refId}.", inner)
{
    /// <summary>True: the request may have gone out.</summary>
    public override bool MayHaveBeenSent => true;

    /// <summary>The refId of the request whose outcome is unknown.</summary>
    public string RefId { get; } = refId;
}
