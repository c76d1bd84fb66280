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
