using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LinkMobility.WhatsApp.Serialization;

/// <summary>Writing helpers for the generated contract: one canonical form, nothing allocated.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonWrite
{
    /// <summary>
    /// Writer options for payloads: a <c>+</c> stays <c>+</c> (phone numbers) and non-ASCII text stays UTF-8,
    /// while quotes, backslashes and control characters are still escaped.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>The same, indented, for people.</summary>
    public static readonly JsonWriterOptions IndentedWriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    /// <summary>An RFC 3339 date: UTC as <c>Z</c>, other offsets as <c>+02:00</c>, fractions of a second only when present.</summary>
    public static void Date(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[MaxDateLength];
        writer.WriteString(name, buffer[..FormatDate(value, buffer)]);
    }

    /// <summary>The longest date <see cref="FormatDate"/> writes: <c>yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm</c>.</summary>
    public const int MaxDateLength = 33;

    /// <summary>Formats a date as <see cref="Date"/> writes it, in UTF-8; returns the bytes written.</summary>
    /// <remarks>
    /// The framework's round-trip format of the clock time (a custom format string is parsed on every call and
    /// costs several times more), then the fraction's trailing zeros dropped and the offset written.
    /// </remarks>
    public static int FormatDate(DateTimeOffset value, Span<byte> utf8)
    {
        // The clock time's kind is Unspecified, so "O" writes no offset: yyyy-MM-ddTHH:mm:ss.fffffff.
        const int FractionStart = 20, RoundTripLength = 27;
        if (utf8.Length < MaxDateLength || !Utf8Formatter.TryFormat(value.DateTime, utf8, out int written, new StandardFormat('O')) || written != RoundTripLength)
        {
            return 0;
        }
        while (written > FractionStart && utf8[written - 1] == (byte)'0') written--;
        if (written == FractionStart) written--;   // no fraction: no dot either
        long offsetMinutes = value.Offset.Ticks / TimeSpan.TicksPerMinute;
        if (offsetMinutes == 0)
        {
            utf8[written++] = (byte)'Z';
            return written;
        }
        utf8[written++] = offsetMinutes < 0 ? (byte)'-' : (byte)'+';
        offsetMinutes = Math.Abs(offsetMinutes);
        long hours = offsetMinutes / 60, minutes = offsetMinutes % 60;
        utf8[written++] = (byte)('0' + hours / 10);
        utf8[written++] = (byte)('0' + hours % 10);
        utf8[written++] = (byte)':';
        utf8[written++] = (byte)('0' + minutes / 10);
        utf8[written++] = (byte)('0' + minutes % 10);
        return written;
    }

    /// <summary>A duration as whole milliseconds.</summary>
    public static void DurationMs(Utf8JsonWriter writer, JsonEncodedText name, TimeSpan value) =>
        writer.WriteNumber(name, (long)value.TotalMilliseconds);

    /// <summary>A whole number written as a JSON string, as some members of the document are.</summary>
    public static void Int64AsString(Utf8JsonWriter writer, JsonEncodedText name, long value)
    {
        Span<byte> buffer = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, buffer, out int written);
        writer.WriteString(name, buffer[..written]);
    }

    /// <summary>A number written as a JSON string.</summary>
    public static void DoubleAsString(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        Span<byte> buffer = stackalloc byte[32];
        Utf8Formatter.TryFormat(value, buffer, out int written);
        writer.WriteString(name, buffer[..written]);
    }

    /// <summary>Key-value pairs; a null value is written as null.</summary>
    public static void Map(Utf8JsonWriter writer, JsonEncodedText name, Dictionary<string, string?> map)
    {
        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, string?> pair in map)
        {
            if (pair.Value is null) writer.WriteNull(pair.Key);
            else writer.WriteString(pair.Key, pair.Value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Members kept from reading that this contract version does not know.</summary>
    public static void Unknown(Utf8JsonWriter writer, Dictionary<string, JsonElement> members)
    {
        foreach (KeyValuePair<string, JsonElement> pair in members)
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }

    /// <summary>Writes a value to a UTF-8 byte array.</summary>
    /// <remarks>
    /// Each thread keeps one buffer and writer (as System.Text.Json does), so the only allocation is the array
    /// returned. A write inside a write gets its own; a buffer grown past 64 KB is not kept.
    /// </remarks>
    public static byte[] ToUtf8<T>(T value, Action<T, Utf8JsonWriter> write, bool indented = false)
    {
        if (indented)
        {
            var indentedBuffer = new ArrayBufferWriter<byte>(1024);
            using (var indentedWriter = new Utf8JsonWriter(indentedBuffer, IndentedWriterOptions))
            {
                write(value, indentedWriter);
            }
            return indentedBuffer.WrittenSpan.ToArray();
        }
        ArrayBufferWriter<byte> buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        Utf8JsonWriter writer = t_writer ?? new Utf8JsonWriter(buffer, WriterOptions);
        t_buffer = null;
        t_writer = null;
        writer.Reset(buffer);
        write(value, writer);
        writer.Flush();
        byte[] utf8 = buffer.WrittenSpan.ToArray();
        // Kept only after a whole write, and cleared, not just rewound: a payload's text does not linger in it.
        if (buffer.Capacity <= 64 * 1024)
        {
            buffer.Clear();
            writer.Reset();
            t_buffer = buffer;
            t_writer = writer;
        }
        return utf8;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;
}
