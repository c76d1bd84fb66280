using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>A callback's body as read: too large, unreadable (with the reader's fault), or the callback.</summary>
internal readonly record struct CallbackBody(bool TooLarge, Callback? Callback, WhatsAppJsonException? Fault)
{
    /// <summary>
    /// Reads the body from the request's pipe, never more than <paramref name="limit"/> bytes (by its Content-Length
    /// or as read), and parses it where it lies: a body that came in one piece (the usual, small one) is neither
    /// copied nor allocated.
    /// </summary>
    public static async ValueTask<CallbackBody> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return new(TooLarge: true, null, null);
        PipeReader pipe = request.BodyReader;
        while (true)
        {
            ReadResult result = await pipe.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                pipe.AdvanceTo(buffer.End);
                return new(TooLarge: true, null, null);
            }
            if (result.IsCompleted)
            {
                try
                {
                    return Parse(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray());
                }
                finally
                {
                    pipe.AdvanceTo(buffer.End);
                }
            }
            // Nothing taken, all of it looked at: the next read waits for more.
            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static CallbackBody Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return new(TooLarge: false, WhatsApp.Callback.Parse(body), null);
        }
        catch (WhatsAppJsonException ex)
        {
            return new(TooLarge: false, null, ex);
        }
    }
}
