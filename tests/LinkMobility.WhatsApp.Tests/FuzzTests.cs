using System.Buffers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>
/// Hostile input, on a fixed seed: thousands of mutations of every example (byte and bit flips, truncation,
/// invalid UTF-8, lone surrogates, type swaps, duplicate and deleted members, deep nesting, huge strings,
/// non-finite numbers) through every reader and validator. Only documented exceptions come out, validation
/// never throws, and what reads writes back byte for byte. LINKWA_FUZZ_ITERATIONS runs it longer.
/// </summary>
public class FuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("LINKWA_FUZZ_ITERATIONS"), out int n) ? n : 500;

    private static readonly byte[][] Insertions =
    [
        [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xC0, 0xAF],
        "\\ud800"u8.ToArray(), "\\udfff\\ud800"u8.ToArray(), "1e309"u8.ToArray(), "-1e400"u8.ToArray(), "NaN"u8.ToArray(),
        "null"u8.ToArray(), "[]"u8.ToArray(), "{}"u8.ToArray(), "\"\""u8.ToArray(), "true"u8.ToArray(), "0"u8.ToArray(), "\"x\""u8.ToArray(),
        "\"refId\":\"dup\","u8.ToArray(), "\"type\":\"sticker\","u8.ToArray(), "\"messageIndex\":1,"u8.ToArray(),
    ];

    private static byte[] Mutate(Random random, byte[] input)
    {
        var bytes = new List<byte>(input);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(10))
            {
                case 0 when bytes.Count > 0: bytes[at] = (byte)random.Next(256); break;                      // byte flip
                case 1 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;               // bit flip
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;                                       // truncation
                case 3: bytes.InsertRange(at, Insertions[random.Next(Insertions.Length)]); break;             // bad text, bad numbers, swaps
                case 4 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(random.Next(1, 30), bytes.Count - at)); break; // deleted text
                case 5:                                                                                       // a member repeated
                    int open = bytes.IndexOf((byte)'{', at);
                    if (open >= 0) bytes.InsertRange(open + 1, Insertions[17 + random.Next(3)]);
                    break;
                case 6:                                                                                       // deep nesting
                    int depth = random.Next(20, 200);
                    bytes.InsertRange(at, Enumerable.Repeat((byte)'[', depth).Concat(Enumerable.Repeat((byte)']', depth)));
                    break;
                case 7:                                                                                       // a huge string
                    int quote = bytes.IndexOf((byte)'"', at);
                    if (quote >= 0) bytes.InsertRange(quote + 1, Enumerable.Repeat((byte)'a', random.Next(100_000, 400_000)));
                    break;
                case 8:                                                                                       // a value's type swapped
                    int colon = bytes.IndexOf((byte)':', at);
                    if (colon >= 0)
                    {
                        int end = bytes.FindIndex(colon + 1, b => b is (byte)',' or (byte)'}' or (byte)']');
                        if (end > colon) { bytes.RemoveRange(colon + 1, end - colon - 1); bytes.InsertRange(colon + 1, Insertions[10 + random.Next(7)]); }
                    }
                    break;
                default: if (bytes.Count > 0) bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 60), bytes.Count - at))); break; // a run repeated
            }
        }
        return [.. bytes];
    }

    [Fact]
    public void Mutated_payloads_only_ever_give_documented_exceptions_and_what_reads_writes_back_the_same()
    {
        int inputs = 0, readable = 0;
        var undocumented = new List<string>();
        foreach ((string name, int example) in Examples.Names.Select((name, index) => (name, index)))
        {
            byte[] original = Examples.Bytes(name);
            for (int i = 0; i < Iterations; i++)
            {
                int seed = example * 1_000_003 + i;   // fixed: the same inputs on every run
                byte[] input = Mutate(new Random(seed), original);
                inputs++;
                foreach (PayloadInfo payload in Payloads.All)
                {
                    try
                    {
                        Payloads.Validate(payload, input);   // documented never to throw
                    }
                    catch (Exception ex)
                    {
                        undocumented.Add($"{name} #{i} Validate {payload.Title}: {ex.GetType().Name}: {ex.Message}");
                    }
                    object value;
                    try
                    {
                        value = Payloads.Read(payload, input);
                    }
                    catch (WhatsAppJsonException)
                    {
                        continue;
                    }
                    catch (Exception ex)
                    {
                        undocumented.Add($"{name} #{i} Read {payload.Title}: {ex.GetType().Name}: {ex.Message}");
                        continue;
                    }
                    readable++;
                    try
                    {
                        byte[] once = Write(value);
                        byte[] twice = Write(Payloads.Read(payload, once));
                        if (!once.AsSpan().SequenceEqual(twice)) undocumented.Add($"{name} #{i} {payload.Title}: written back differently");
                    }
                    catch (Exception ex)
                    {
                        undocumented.Add($"{name} #{i} round trip {payload.Title}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
                foreach (Action read in new Action[] { () => Callback.Parse(input), () => Payloads.Detect(input), () => JsonSerializer.Deserialize<MessageRequest>(input) })
                {
                    try
                    {
                        read();
                    }
                    catch (JsonException)
                    {
                        // WhatsAppJsonException is one: the documented failure of these readers.
                    }
                    catch (Exception ex)
                    {
                        undocumented.Add($"{name} #{i}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
        }
        Assert.True(undocumented.Count == 0, $"{undocumented.Count} undocumented outcomes over {inputs} inputs:\n{string.Join("\n", undocumented.Take(20))}");
        // Not vacuous: a fair share of the damage still reads, and is written back.
        Assert.True(readable > inputs / 20, $"only {readable} of {inputs * Payloads.All.Count} reads succeeded");
    }

    /// <summary>
    /// Callback.Parse reads a body once when it can guess its kind (confirmed from the members read): whatever it
    /// returns or throws must be what telling the body apart first and reading it second gives. Every callback
    /// example, mutated, and with a detect member given again at the end (null or not), so the last value counts.
    /// </summary>
    [Fact]
    public void A_callback_read_once_is_what_detecting_then_reading_gives()
    {
        string[] callbacks = Examples.Names.Where(name => Payloads.Detect(Examples.Bytes(name)) is { } p && IsCallback(p)).ToArray();
        string[] lastMembers = ["\"messageIndex\":null", "\"messageIndex\":2", "\"messages\":null", "\"messages\":[]", "\"messageIds\":[\"x\"]",
            "\"content\":null", "\"provider\":null", "\"channel\":null", "\"channel\":\"WHATSAPP\"", "\"note\":\"messageIndex\"", "\"message\\u0049ndex\":0"];
        var differences = new List<string>();
        int inputs = 0, read = 0;
        foreach (string name in callbacks)
        {
            byte[] original = Examples.Bytes(name);
            var bodies = new List<byte[]>();
            foreach (string member in lastMembers)
            {
                string text = Encoding.UTF8.GetString(original).TrimEnd();
                bodies.Add(Encoding.UTF8.GetBytes(text[..^1] + "," + member + "}"));
            }
            for (int i = 0; i < Iterations; i++) bodies.Add(Mutate(new Random(i * 7_919 + name.Length), original));
            foreach (byte[] body in bodies)
            {
                inputs++;
                string once = Outcome(() => Callback.Parse(body) is var c ? $"{c.Kind} {Encoding.UTF8.GetString(Write(Payload(c)))}" : "");
                string twice = Outcome(() =>
                {
                    PayloadInfo payload = Payloads.Detect(body) is { } p && IsCallback(p) ? p : throw new WhatsAppJsonException("not a callback", JsonFaultKind.WrongType);
                    (CallbackKind kind, string? messageId) = Payloads.Read(payload, body) switch
                    {
                        EventReport report => (CallbackKind.EventReport, report.MessageId),
                        ReceiveMessage message => (CallbackKind.ReceiveMessage, message.MessageId),
                        AlternativeReceiveMessage message => (CallbackKind.AlternativeReceiveMessage, message.MessageId),
                        var other => throw new InvalidOperationException(other.GetType().Name),
                    };
                    if (string.IsNullOrEmpty(messageId)) throw new WhatsAppJsonException("no messageId", JsonFaultKind.WrongType);
                    return $"{kind} {Encoding.UTF8.GetString(Write(Payloads.Read(payload, body)))}";
                });
                if (!once.StartsWith("fault", StringComparison.Ordinal)) read++;
                if (once != twice) differences.Add($"{name}: {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 300)]}\n  once:  {once}\n  twice: {twice}");
            }
        }
        Assert.True(differences.Count == 0, $"{differences.Count} of {inputs} bodies read differently:\n{string.Join("\n", differences.Take(10))}");
        Assert.True(read > inputs / 10, $"only {read} of {inputs} bodies were read");   // not vacuous

        static bool IsCallback(PayloadInfo payload) => payload.Type == typeof(EventReport) || payload.Type == typeof(ReceiveMessage) || payload.Type == typeof(AlternativeReceiveMessage);
        static object Payload(Callback c) => (object?)c.EventReport ?? (object?)c.ReceiveMessage ?? c.AlternativeReceiveMessage!;
        static string Outcome(Func<string> read)
        {
            try
            {
                return read();
            }
            catch (WhatsAppJsonException ex)
            {
                return $"fault ({ex.Kind})";
            }
        }
    }

    private static byte[] Write(object payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Payloads.Write(writer, payload);
        return buffer.WrittenSpan.ToArray();
    }
}
