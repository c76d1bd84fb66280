using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace LinkMobility.WhatsApp.Sandbox;

// POST {base}/messages: authentication, validation, the answer with one message id per destination.
public sealed partial class LinkSandbox
{
    private async Task SendMessagesAsync(HttpContext context)
    {
        if (!BasicCredentials.Matches(context.Request.Headers.Authorization, _options.Username, _options.Password))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"LINK sandbox\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, new ErrorResponse { ResultCode = ResultCodes.Unauthorized, Description = "Unauthorized" }.ToUtf8Json());
            return;
        }

        // When the request arrived, before its body is read: the second it counts in (SandboxTraffic.BusiestSecond).
        long arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        long number = Interlocked.Increment(ref _requests);
        if (_options.Refusals?.Invoke(number) is { } refusal)
        {
            if (refusal.RetryAfter is { } wait) context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            int code = refusal.StatusCode is 401 or 403 ? ResultCodes.Unauthorized : ResultCodes.UnknownError;
            await WriteAsync(context, refusal.StatusCode, new ErrorResponse { ResultCode = code, Description = ResultCodes.Find(code)?.Description.TrimEnd('.') ?? "Refused" }.ToUtf8Json());
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new ErrorResponse { ResultCode = ResultCodes.BadRequest, Description = "Request too large" }.ToUtf8Json());
            return;
        }

        ValidationResult result = MessageRequest.ValidateJson(body);
        if (!result.IsValid)
        {
            var error = new ErrorResponse
            {
                ResultCode = ResultCodes.BadRequest,
                Description = "Bad request",
                TranslatedDescription = string.Join("; ", result.Errors),
            };
            await WriteAsync(context, StatusCodes.Status400BadRequest, error.ToUtf8Json());
            return;
        }

        MessageRequest request = MessageRequest.Parse(body);
        _received.Enqueue(request);
        var response = new MessageResponse
        {
            ResultCode = ResultCodes.Queued,
            Description = "Queued",
            MessageIds = [.. request.Destinations.Select(_ => NewMessageId())],
        };
        Dictionary<(int Destination, int Message), string> pastLimits = await LimitFailures(request, arrived);
        RecordInInbox(request, response.MessageIds);
        // The reports count as on their way before the answer leaves, so a client that then waits for them (WaitForCallbacksAsync) waits.
        ReportLater(request, response.MessageIds, TemplateFailures(request), await OutsideWindow(request), pastLimits);
        await WriteAsync(context, StatusCodes.Status200OK, response.ToUtf8Json());
    }

    /// <summary>A 22-character id like the document's examples (8aU6cwxAKE9NzMLrS6M82Y).</summary>
    private static string NewMessageId()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return string.Create(22, 0, static (chars, _) =>
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    private static byte[] Json(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, LinkMobility.WhatsApp.Serialization.JsonWrite.WriterOptions)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }
}
