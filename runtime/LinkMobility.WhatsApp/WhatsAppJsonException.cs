using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LinkMobility.WhatsApp;

/// <summary>The kinds of <see cref="WhatsAppJsonException"/>.</summary>
public enum JsonFaultKind
{
    /// <summary>Not JSON at all, or empty.</summary>
    Malformed,

    /// <summary>A JSON value of the wrong type: an object where a string belongs, a string that is no number.</summary>
    WrongType,

    /// <summary>A value outside a closed set: an unknown message type or enum value.</summary>
    UnknownValue,

    /// <summary>A polymorphic object without its type member.</summary>
    MissingDiscriminator,
}

/// <summary>
/// A payload that cannot be read: malformed JSON, a wrong JSON type, an unknown enum value or message type.
/// Says what is wrong (<see cref="Reason"/>), where in the document (<see cref="JsonPath"/>, such as
/// <c>messages[0].type</c>) and, when known, the line and position in the text.
/// </summary>
public sealed class WhatsAppJsonException : JsonException
{
    // Innermost segment first, as the exception climbs out of nested readers: a member name, or an index (-1 for a member).
    private readonly List<string> _segments = [];
    private readonly List<int> _indexes = [];

    /// <summary>A fault with its reason and kind; the path and position are added as it climbs out of the readers.</summary>
    public WhatsAppJsonException(string reason, JsonFaultKind kind = JsonFaultKind.WrongType, Exception? innerException = null)
        : base(reason, innerException)
    {
        Reason = reason;
        Kind = kind;
    }

    /// <summary>What kind of fault: malformed JSON, a wrong JSON type, an unknown value, a missing type member.</summary>
    public JsonFaultKind Kind { get; }

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
                if (_indexes[i] < 0) Validation.JsonPathText.AppendMember(builder, _segments[i]);
                else Validation.JsonPathText.AppendIndex(builder, _indexes[i]);
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

    /// <summary>The reason, the JSON path, and the line and position when known.</summary>
    public override string Message =>
        Line is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"{Reason} (at {JsonPath}, line {line}, position {Position})")
            : $"{Reason} (at {JsonPath})";

    internal WhatsAppJsonException AtMember(string wireName)
    {
        _segments.Add(wireName);
        _indexes.Add(-1);
        return this;
    }

    internal WhatsAppJsonException AtIndex(int index)
    {
        _segments.Add("");
        _indexes.Add(index);
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
