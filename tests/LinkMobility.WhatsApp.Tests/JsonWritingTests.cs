using System.Buffers;
using System.Text.Json;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>Writing is one canonical form: nulls left out, '+' kept, nothing allocated.</summary>
public class JsonWritingTests
{
    private static MessageRequest Request() => new()
    {
        PlatformId = "platform",
        PlatformPartnerId = "partner",
        Priority = Priority.Normal,
        RefId = "ref-1",
        Source = "+4670000000",
        Destinations = ["+46700000001", "+46700000002"],
        Messages =
        [
            new TextMessage { Text = new() { Body = "Hello \"there\"\n\u0001 Götgatan <b>" } },
            new TemplateMessage
            {
                Template = new()
                {
                    Namespace = "ns",
                    Name = "order_update",
                    Language = new() { Code = TemplateLanguages.EnglishUS },
                    Components =
                    [
                        new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "42" }] },
                        new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "yes" }] },
                    ],
                },
            },
        ],
    };

    [Fact]
    public void A_request_built_in_code_is_written_in_schema_order_without_nulls()
    {
        Assert.Equal(
            """{"platformId":"platform","platformPartnerId":"partner","priority":"NORMAL","refId":"ref-1","source":"+4670000000","destinations":["+46700000001","+46700000002"],"messages":[{"type":"text","text":{"body":"Hello \"there\"\n\u0001 Götgatan <b>"}},{"type":"template","template":{"namespace":"ns","name":"order_update","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"42"}]},{"type":"button","subType":"quickReply","index":0,"parameters":[{"type":"payload","payload":"yes"}]}]}}]}""",
            Request().ToJson());
    }

    [Fact]
    public void Plus_signs_stay_plus_while_quotes_and_control_characters_are_escaped()
    {
        string json = Request().ToJson();
        Assert.Contains("\"+4670000000\"", json);
        Assert.DoesNotContain("\\u002B", json);
        Assert.Contains("\\\"there\\\"", json);
        Assert.Contains("\\n", json);
        Assert.Contains("\\u0001", json);
    }

    [Fact]
    public void Dates_durations_and_doubles_have_one_form()
    {
        var request = Request();
        request.AbsoluteValidityTime = new DateTimeOffset(2020, 3, 18, 16, 49, 21, TimeSpan.Zero);
        request.RelativeValidityTime = TimeSpan.FromHours(1);
        string json = request.ToJson();
        Assert.Contains("\"absoluteValidityTime\":\"2020-03-18T16:49:21Z\"", json);
        Assert.Contains("\"relativeValidityTime\":3600000", json);

        var report = new EventReport { Timestamp = new DateTimeOffset(2020, 3, 30, 12, 59, 41, 500, TimeSpan.FromHours(2)) };
        Assert.Equal("""{"timestamp":"2020-03-30T12:59:41.5+02:00"}""", report.ToJson());

        var location = new LocationMessage { Location = new() { Longitude = 18.0739497, Latitude = 59.3120499 } };
        Assert.Equal("""{"type":"location","location":{"longitude":18.0739497,"latitude":59.3120499}}""", location.ToJson());
    }

    [Fact]
    public void Every_date_is_written_as_RFC_3339_with_the_fewest_fraction_digits()
    {
        // The writer formats by hand; the framework's custom format strings say what the form is.
        var random = new Random(20261204);
        var dates = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new(2020, 3, 18, 16, 49, 21, TimeSpan.Zero),
            new(2020, 3, 18, 16, 49, 21, TimeSpan.FromHours(-14)), new(2020, 3, 18, 16, 49, 21, new TimeSpan(5, 45, 0)),
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(-570)).AddTicks(1),
        };
        for (int i = 0; i < 20_000; i++)
        {
            long ticks = random.NextInt64(DateTime.MinValue.AddDays(1).Ticks, DateTime.MaxValue.AddDays(-1).Ticks);
            // Whole seconds, milliseconds and ticks, each a third of the time: the fraction's trailing zeros vary.
            ticks -= ticks % (i % 3 == 0 ? TimeSpan.TicksPerSecond : i % 3 == 1 ? TimeSpan.TicksPerMillisecond : 1);
            dates.Add(new DateTimeOffset(ticks, TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1))));
        }
        Span<byte> utf8 = stackalloc byte[LinkMobility.WhatsApp.Serialization.JsonWrite.MaxDateLength];
        foreach (DateTimeOffset date in dates)
        {
            string expected = date.Offset == TimeSpan.Zero
                ? date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture)
                : date.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture);
            int written = LinkMobility.WhatsApp.Serialization.JsonWrite.FormatDate(date, utf8);
            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(utf8[..written]));
        }
    }

    [Fact]
    public void Writing_an_undefined_enum_value_says_which_values_exist()
    {
        var request = Request();
        request.Priority = (Priority)42;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => request.ToJson());
        Assert.Contains("expected one of LOW, NORMAL, HIGH", ex.Message);
    }

    [Fact]
    public void Serializing_into_a_reused_buffer_allocates_nothing()
    {
        MessageRequest request = Request();
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer, Serialization.JsonWrite.WriterOptions);
        void WriteOnce()
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            request.WriteTo(writer);
            writer.Flush();
        }

        Assert.Equal(0, Allocations.LeastPer1000Calls(WriteOnce));
        Assert.Equal(request.ToJson(), System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void ToUtf8Json_allocates_only_the_array_it_returns()
    {
        MessageRequest request = MessageRequest.Parse(Examples.Bytes("message-request.json"));
        for (int i = 0; i < 100; i++) request.ToUtf8Json(); // warm up: tiering, the thread's buffer
        long before = GC.GetAllocatedBytesForCurrentThread();
        byte[] json = request.ToUtf8Json();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A byte array: its length rounded up to 8, and a header of at most 32 bytes.
        Assert.InRange(allocated, json.Length, ((json.Length + 7) & ~7) + 32);
        Assert.Equal(request.ToJson(), System.Text.Encoding.UTF8.GetString(json));
    }
}
