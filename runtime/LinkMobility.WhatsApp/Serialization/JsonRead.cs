using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace LinkMobility.WhatsApp.Serialization;

/// <summary>Reads one value at the reader's position.</summary>
public delegate T JsonReadFunc<out T>(ref Utf8JsonReader reader);

/// <summary>
/// Reading helpers for the generated contract. Tolerant where the document is inconsistent:
/// numbers are accepted as strings and strings as numbers; anything else that does not fit
/// is a <see cref="WhatsAppJsonException"/> naming what was expected.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonRead
{
    /// <summary>Options for reading payloads: strict JSON, as the API sends it.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Reads one whole JSON document; any fault becomes a <see cref="WhatsAppJsonException"/> with path, line and position.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json, JsonReadFunc<T> read)
    {
        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty) throw new WhatsAppJsonException("The JSON document is empty", JsonFaultKind.Malformed);
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            reader.Read();
            T value = read(ref reader);
            reader.Read(); // the reader itself rejects anything after the document
            return value;
        }
        catch (JsonException ex)
        {
            WhatsAppJsonException fault = Wrap(ex);
            fault.Locate(utf8Json);
            throw fault;
        }
        catch (InvalidOperationException ex)
        {
            // The reader's own complaint about text it cannot decode, where no Text call stood: still a malformed document.
            var fault = new WhatsAppJsonException("Malformed JSON: a string is not valid Unicode", JsonFaultKind.Malformed, ex) { Offset = reader.TokenStartIndex };
            fault.Locate(utf8Json);
            throw fault;
        }
    }

    /// <summary>Reads one value for a System.Text.Json converter, so JsonSerializer users get the same errors.</summary>
    public static T ReadForConverter<T>(ref Utf8JsonReader reader, JsonReadFunc<T> read)
    {
        try
        {
            return read(ref reader);
        }
        catch (JsonException ex)
        {
            throw Wrap(ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new WhatsAppJsonException("Malformed JSON: a string is not valid Unicode", JsonFaultKind.Malformed, ex);
        }
    }

    /// <summary>Moves to the next member of an object: true at its name, false at the object's end.</summary>
    public static bool NextMember(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Moves to the next item of an array: true at the item, false at the array's end.</summary>
    public static bool NextItem(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndArray;
    }

    /// <summary>Moves from a member name to its value.</summary>
    public static void Value(ref Utf8JsonReader reader) => reader.Read();

    /// <summary>Checks that the reader stands on an object (<paramref name="what"/> names it in the error).</summary>
    public static void StartObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw WrongType(ref reader, what + " (a JSON object)");
    }

    /// <summary>Checks that the reader stands on an array.</summary>
    public static void StartArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw WrongType(ref reader, "a list (a JSON array)");
    }

    /// <summary>
    /// The current string's (or member name's) text. Text that is not valid Unicode (invalid UTF-8, or an escaped lone
    /// surrogate such as \ud800) is a malformed document, reported at its path, not the reader's InvalidOperationException.
    /// </summary>
    public static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Fault(ref reader, "Malformed JSON: a string is not valid Unicode (invalid UTF-8, or a lone surrogate such as \\ud800)", JsonFaultKind.Malformed);
        }
    }

    /// <summary>A string; a number or boolean is kept as its text.</summary>
    public static string? String(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Text(ref reader),
        JsonTokenType.Null => null,
        JsonTokenType.Number => Raw(ref reader),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw WrongType(ref reader, "a string"),
    };

    /// <summary>A 32-bit whole number, also from a string such as "5".</summary>
    public static int? Int32(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt32(out int number) => number,
        JsonTokenType.String when TryParseText(ref reader, WholeNumber, out int parsed) => parsed,
        _ => throw WrongType(ref reader, "a whole number (32-bit)"),
    };

    /// <summary>A whole number, also from a string such as "100990".</summary>
    public static long? Int64(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt64(out long number) => number,
        JsonTokenType.String when TryParseText(ref reader, WholeNumber, out long parsed) => parsed,
        _ => throw WrongType(ref reader, "a whole number"),
    };

    /// <summary>A finite number, also from a string in JSON's number form.</summary>
    public static double? Double(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        // 1e309 reads as Infinity, which JSON cannot write back: a number out of range, as in a string.
        JsonTokenType.Number when reader.TryGetDouble(out double number) && double.IsFinite(number) => number,
        JsonTokenType.Number => throw Fault(ref reader, $"The number {Raw(ref reader)} is out of range; expected a finite number"),
        JsonTokenType.String when TryParseText(ref reader, JsonNumber, out double parsed) && double.IsFinite(parsed) => parsed,
        _ => throw WrongType(ref reader, "a number"),
    };

    // A number in a JSON string is read as JSON would write it: no spaces, no thousands separators.
    private const NumberStyles WholeNumber = NumberStyles.AllowLeadingSign;
    private const NumberStyles JsonNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>A number written as a JSON string, as the document does for some members.</summary>
    private static bool TryParseText<T>(ref Utf8JsonReader reader, NumberStyles styles, out T value)
        where T : INumberBase<T>
    {
        ReadOnlySpan<byte> text = reader.HasValueSequence || reader.ValueIsEscaped ? [] : reader.ValueSpan;
        return T.TryParse(text, styles, CultureInfo.InvariantCulture, out value!) && !text.IsEmpty;
    }

    /// <summary>true or false, also from the strings "true" and "false".</summary>
    public static bool? Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when reader.ValueTextEquals("true"u8) => true,
        JsonTokenType.String when reader.ValueTextEquals("false"u8) => false,
        _ => throw WrongType(ref reader, "true or false"),
    };

    /// <summary>An RFC 3339 date, such as 2010-03-30T12:59:40+02:00.</summary>
    public static DateTimeOffset? Date(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.TryGetDateTimeOffset(out DateTimeOffset value)) return value;
            // TryGetDateTimeOffset takes ISO 8601; RFC 3339 also allows a space or lower-case t and z.
            string? text = Text(ref reader);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value) && text!.Contains('-'))
            {
                return value;
            }
        }
        throw WrongType(ref reader, "an RFC 3339 date such as 2010-03-30T12:59:40+02:00");
    }

    /// <summary>A duration in whole milliseconds.</summary>
    public static TimeSpan? DurationMs(ref Utf8JsonReader reader)
    {
        long? milliseconds = reader.TokenType == JsonTokenType.Null ? null : Int64OrFault(ref reader, "a duration in milliseconds");
        if (milliseconds is not { } ms) return null;
        if (ms > TimeSpan.MaxValue.TotalMilliseconds || ms < TimeSpan.MinValue.TotalMilliseconds) throw Fault(ref reader, "The duration is out of range");
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>A KeyValue object: string keys to string values (numbers and booleans are kept as their text).</summary>
    public static Dictionary<string, string?>? Map(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        StartObject(ref reader, "key-value pairs");
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (NextMember(ref reader))
        {
            string key = Text(ref reader);
            reader.Read();
            try
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    throw WrongType(ref reader, "a string (only one level of key-value data is allowed)");
                }
                map[key] = String(ref reader);
            }
            catch (JsonException ex)
            {
                throw Wrap(ex).AtMember(key);
            }
        }
        return map;
    }

    /// <summary>A list; a null token reads as null.</summary>
    public static List<T>? List<T>(ref Utf8JsonReader reader, JsonReadFunc<T> readItem)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        StartArray(ref reader);
        var list = new List<T>();
        int index = 0;
        try
        {
            while (NextItem(ref reader))
            {
                list.Add(readItem(ref reader));
                index++;
            }
        }
        catch (JsonException ex)
        {
            throw AtIndex(ex, index);
        }
        return list;
    }

    /// <summary>
    /// Which of <paramref name="names"/> the object at the reader has as members that are not null, as bits (bit i for
    /// names[i]); read without making a string of any name. A name that is not valid Unicode is malformed JSON.
    /// </summary>
    public static long TopLevelMembers(ref Utf8JsonReader reader, byte[][] names)
    {
        StartObject(ref reader, "a payload");
        long found = 0;
        while (NextMember(ref reader))
        {
            // The usual name is plain valid UTF-8, compared as it stands; an escaped one (rare) is unescaped first.
            ReadOnlySpan<byte> name = reader.ValueIsEscaped || reader.HasValueSequence || !System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)
                ? Encoding.UTF8.GetBytes(Text(ref reader))
                : reader.ValueSpan;
            long bit = 0;
            for (int i = 0; i < names.Length; i++)
            {
                if (name.SequenceEqual(names[i]))
                {
                    bit = 1L << i;
                    break;
                }
            }
            reader.Read();
            // A member set to null counts as absent, as writing leaves it out: what is detected once is detected again.
            // A member given twice counts as its last value, as reading keeps it (Payloads.DetectRead).
            found = reader.TokenType == JsonTokenType.Null ? found & ~bit : found | bit;
            reader.Skip();
        }
        return found;
    }

    /// <summary>Keeps a member this contract version does not know, so writing it back loses nothing.</summary>
    public static void Keep(ref Utf8JsonReader reader, ref Dictionary<string, JsonElement>? unknown)
    {
        string name = Text(ref reader);
        reader.Read();
        // Kept text is written back later, so it must be text that can be: every string in the value is checked now.
        CheckText(reader);
        (unknown ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[name] = JsonElement.ParseValue(ref reader);
    }

    /// <summary>Reads (a copy of) the value at the reader, faulting on any string or member name that is not valid Unicode.</summary>
    private static void CheckText(Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) Text(ref reader);
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        int depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) Text(ref reader);
        }
    }

    /// <summary>Skips a member this contract version does not know.</summary>
    public static void Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>The whole current value, kept as it came (for unknown variants).</summary>
    public static JsonElement Element(ref Utf8JsonReader reader)
    {
        // Kept whole and written back later, so its text must be text that can be written.
        CheckText(reader);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// Looks ahead, without moving <paramref name="reader"/>, for the string value of member <paramref name="name"/>
    /// of the object that starts at the reader; returns a copy of the reader positioned on that value.
    /// </summary>
    public static bool FindDiscriminator(Utf8JsonReader reader, ReadOnlySpan<byte> name, out Utf8JsonReader value)
    {
        int depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name))
            {
                reader.Read();
                value = reader;
                return true;
            }
            reader.Read();
            reader.Skip();
        }
        value = default;
        return false;
    }

    /// <summary>The error for a missing discriminator member.</summary>
    public static WhatsAppJsonException MissingDiscriminator(ref Utf8JsonReader reader, string what, string name, string allowed) =>
        Fault(ref reader, $"{what} has no '{name}' member; expected one of {allowed}", JsonFaultKind.MissingDiscriminator);

    /// <summary>The error for a value outside a closed set.</summary>
    public static WhatsAppJsonException UnknownValue(ref Utf8JsonReader reader, string what, string allowed)
    {
        if (reader.TokenType != JsonTokenType.String) return WrongType(ref reader, $"{what} as a string ({allowed})");
        return Fault(ref reader, $"'{Text(ref reader)}' is not a known {what}; expected one of {allowed}", JsonFaultKind.UnknownValue);
    }

    /// <summary>The error for a JSON value of the wrong type: what was expected and what was found.</summary>
    public static WhatsAppJsonException WrongType(ref Utf8JsonReader reader, string expected) =>
        Fault(ref reader, $"Expected {expected} but found {Describe(ref reader)}");

    /// <summary>An error at the reader's current token.</summary>
    public static WhatsAppJsonException Fault(ref Utf8JsonReader reader, string reason, JsonFaultKind kind = JsonFaultKind.WrongType) =>
        new(reason, kind) { Offset = reader.TokenStartIndex };

    /// <summary>Adds the member name to the path of an error that came out of that member's value.</summary>
    public static WhatsAppJsonException AtMember(JsonException ex, string wireName) => Wrap(ex).AtMember(wireName);

    /// <summary>Adds the item index to the path of an error that came out of that item.</summary>
    public static WhatsAppJsonException AtIndex(JsonException ex, int index) => Wrap(ex).AtIndex(index);

    private static WhatsAppJsonException Wrap(JsonException ex)
    {
        if (ex is WhatsAppJsonException ours) return ours;
        // Utf8JsonReader's own errors: malformed JSON. Keep its words, drop its location suffix (we add ours).
        string reason = ex.Message;
        int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut];
        var wrapped = new WhatsAppJsonException("Malformed JSON: " + reason.TrimEnd('.', ' '), JsonFaultKind.Malformed, ex);
        if (ex.LineNumber is { } line) wrapped.SetPosition(line + 1, (ex.BytePositionInLine ?? 0) + 1);
        return wrapped;
    }

    private static long Int64OrFault(ref Utf8JsonReader reader, string expected)
    {
        try
        {
            return Int64(ref reader) ?? throw WrongType(ref reader, expected);
        }
        catch (WhatsAppJsonException)
        {
            throw WrongType(ref reader, expected);
        }
    }

    private static string Raw(ref Utf8JsonReader reader) =>
        System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => $"the string \"{Shorten(Text(ref reader))}\"",
        JsonTokenType.Number => "the number " + Raw(ref reader),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };

    private static string? Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text;
}
