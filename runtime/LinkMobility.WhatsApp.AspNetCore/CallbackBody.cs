using Microsoft.AspNetCore.Http;

namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>Reads a callback's body, never more than a limit.</summary>
internal static class CallbackBody
{
    /// <summary>The body, or null when it is larger than the limit (by its Content-Length or as read).</summary>
    public static async ValueTask<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case: the size is known, so the body is read into an array of that size, once.
            byte[] exact = new byte[length];
            int filled = 0;
            while (filled < exact.Length)
            {
                int got = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken);
                if (got == 0) return exact[..filled];
                filled += got;
            }
            return exact;
        }
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
