using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LinkMobility.WhatsApp;

/// <summary>
/// A payload that cannot be read: malformed JSON, a wrong JSON type, an unknown enum value or message type.
/// Says what is wrong (<see cref="Reason"/>), where in the document (<see cref="JsonPath"/>, such as
/// <c>messages[0].type</c>) and, when known, the line and position in the text.
/// </summary>
public sealed class WhatsAppJsonException : JsonException
{
    // Innermost segment last while the exception climbs out of nested readers.
    private readonly List<string> _segments = [];

    public WhatsAppJsonException(string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The member or item at fault: <c>messages[0].template.components[1]</c>; <c>$</c> for the document itself.</summary>
    public string JsonPath
    {
        get
        {
            if (_segments.Count == 0) return "$";
            var builder = new StringBuilder();
            for (int i = _segments.Count - 1; i >= 0; i--)
            {
                string segment = _segments[i];
                if (segment[0] != '[' && builder.Length > 0) builder.Append('.');
                builder.Append(segment);
            }
            return builder.ToString();
        }
    }

    /// <summary>The 1-based line of the fault in the JSON text, when known.</summary>
    public long? Line { get; private set; }

    /// <summary>The 1-based position (in UTF-8 bytes) of the fault within its line, when known.</summary>
    public long? Position { get; private set; }

    /// <summary>The absolute byte offset of the token at fault, until it is turned into a line and position.</summary>
    internal long? Offset { get; set; }

    public override string Message =>
        Line is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"{Reason} (at {JsonPath}, line {line}, position {Position})")
            : $"{Reason} (at {JsonPath})";

    internal WhatsAppJsonException AtMember(string wireName)
    {
        bool plain = wireName.Length > 0 && wireName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        _segments.Add(plain ? wireName : "['" + wireName.Replace("'", "\\'", StringComparison.Ordinal) + "']");
        return this;
    }

    internal WhatsAppJsonException AtIndex(int index)
    {
        _segments.Add(string.Create(CultureInfo.InvariantCulture, $"[{index}]"));
        return this;
    }

    internal void SetPosition(long line, long position)
    {
        Line = line;
        Position = position;
    }

    /// <summary>Turns the byte offset into a line and position within <paramref name="utf8Json"/>.</summary>
    internal void Locate(ReadOnlySpan<byte> utf8Json)
    {
        if (Line is not null || Offset is not { } offset) return;
        int end = (int)Math.Min(offset, utf8Json.Length);
        ReadOnlySpan<byte> before = utf8Json[..end];
        int lastNewLine = before.LastIndexOf((byte)'\n');
        SetPosition(before.Count((byte)'\n') + 1, end - lastNewLine);
    }
}
