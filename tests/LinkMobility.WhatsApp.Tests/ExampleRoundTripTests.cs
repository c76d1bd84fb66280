using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>Every JSON example of the document reads into the typed model and writes back with the same meaning.</summary>
public class ExampleRoundTripTests
{
    [Fact]
    public void Every_example_of_the_document_is_a_fixture()
    {
        // 18 examples: request, response, error, 11 messages (3 templates), event report, 2 receive, 2 alternative.
        Assert.Equal(18, Examples.Names.Count());
    }

    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void Example_reads_and_writes_back_with_the_same_meaning(string name)
    {
        byte[] original = Examples.Bytes(name);
        PayloadInfo payload = Payloads.Detect(original) ?? throw new Xunit.Sdk.XunitException($"{name} was not recognised");

        object model = Payloads.Read(payload, original);
        Assert.IsType(payload.Type, model, exactMatch: false);
        byte[] written = Write(model);

        Assert.True(Examples.SameMeaning(JsonNode.Parse(original), JsonNode.Parse(written), "$", out string difference),
            $"{name}: {difference}\n{System.Text.Encoding.UTF8.GetString(written)}");
    }

    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void Writing_is_canonical_so_a_second_round_trip_is_byte_identical(string name)
    {
        byte[] original = Examples.Bytes(name);
        PayloadInfo payload = Payloads.Detect(original)!;
        byte[] once = Write(Payloads.Read(payload, original));
        byte[] twice = Write(Payloads.Read(payload, once));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(once), System.Text.Encoding.UTF8.GetString(twice));
    }

    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void Plain_JsonSerializer_calls_give_the_same_json(string name)
    {
        byte[] original = Examples.Bytes(name);
        PayloadInfo payload = Payloads.Detect(original)!;
        object viaContract = Payloads.Read(payload, original);
        object viaSerializer = JsonSerializer.Deserialize(original, payload.Type)!;

        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(Write(viaContract)),
            JsonSerializer.Serialize(viaSerializer, payload.Type, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [InlineData("message-request.json", "message request")]
    [InlineData("message-response.json", "message response")]
    [InlineData("error-response.json", "error response")]
    [InlineData("event-report.json", "event report")]
    [InlineData("receive-message-text.json", "receive message")]
    [InlineData("receive-message-media.json", "receive message")]
    [InlineData("alternative-receive-message-text.json", "alternative receive message")]
    [InlineData("alternative-receive-message-media.json", "alternative receive message")]
    [InlineData("message-contacts.json", "message")]
    public void Payloads_are_told_apart(string name, string title)
    {
        Assert.Equal(title, Payloads.Detect(Examples.Bytes(name))?.Title);
    }

    [Fact]
    public void The_request_example_reads_into_typed_members()
    {
        MessageRequest request = MessageRequest.Parse(Examples.Bytes("message-request.json"));

        Assert.Equal(Priority.Normal, request.Priority);
        Assert.Equal(TimeSpan.FromMilliseconds(1584543059442), request.RelativeValidityTime);
        Assert.Equal(new DateTimeOffset(2020, 3, 18, 16, 49, 21, TimeSpan.Zero), request.AbsoluteValidityTime);
        Assert.Equal(["+460000000001", "+460000000002"], request.Destinations);
        Assert.Equal("yourCustomValue2", request.CustomParameters!["yourCustomKey2"]);
        var template = Assert.IsType<TemplateMessage>(Assert.Single(request.Messages));
        Assert.Equal(MessageType.Template, template.Type);
        Assert.Equal(TemplateLanguages.English, template.Template.Language.Code);
        Component body = Assert.Single(template.Template.Components);
        Assert.Equal(ComponentType.Body, body.Type);
        Assert.Equal("Your text", Assert.IsType<TextParameter>(Assert.Single(body.Parameters)).Text);
    }

    [Fact]
    public void The_media_template_example_reads_every_parameter_kind()
    {
        var message = Assert.IsType<TemplateMessage>(Message.Parse(Examples.Bytes("message-template-media.json")));
        Component header = message.Template.Components[0], body = message.Template.Components[1];

        var document = Assert.IsType<DocumentParameter>(Assert.Single(header.Parameters));
        Assert.Equal("https://www.example.com/file.pdf", document.Document.Link);
        var currency = Assert.IsType<CurrencyParameter>(body.Parameters[1]);
        Assert.Equal(100990, currency.Currency.Amount1000);
        var dateTime = Assert.IsType<DateTimeParameter>(body.Parameters[2]).DateTime;
        Assert.Equal((5, 25, 1977, 2, 15, 33), (dateTime.DayOfWeek, dateTime.DayOfMonth, dateTime.Year, dateTime.Month, dateTime.Hour, dateTime.Minute));
        Assert.Null(dateTime.Timestamp);
    }

    [Fact]
    public void The_interactive_template_example_has_its_buttons()
    {
        var message = Assert.IsType<TemplateMessage>(Message.Parse(Examples.Bytes("message-template-interactive.json")));
        Component quickReply = message.Template.Components[2], url = message.Template.Components[3];

        Assert.Equal((ComponentType.Button, ButtonSubType.QuickReply, 0), (quickReply.Type, quickReply.SubType!.Value, quickReply.Index!.Value));
        Assert.Equal("Your payload here", Assert.IsType<PayloadParameter>(Assert.Single(quickReply.Parameters)).Payload);
        Assert.Equal((ButtonSubType.Url, 1), (url.SubType!.Value, url.Index!.Value));
        Assert.IsType<TextParameter>(Assert.Single(url.Parameters));
    }

    [Fact]
    public void The_callbacks_read_into_their_variants()
    {
        var text = ReceiveMessage.Parse(Examples.Bytes("receive-message-text.json"));
        Assert.Equal("This is an example", Assert.IsType<ReceiveTextMessage>(text.Content!.Message).Text);
        Assert.Equal(["yourGateId1", "yourGateId2"], text.Route!.GateIds!);
        Assert.True(text.Route.Active);

        var media = ReceiveMessage.Parse(Examples.Bytes("receive-message-media.json"));
        Assert.Equal("image/jpg", Assert.IsType<ReceiveMediaMessage>(media.Content!.Message).Media!.Type);

        var alternative = AlternativeReceiveMessage.Parse(Examples.Bytes("alternative-receive-message-media.json"));
        var items = Assert.IsType<AlternativeMediaContent>(alternative.Content).Items!;
        Assert.Equal("https://images.com/theimage.jpeg", Assert.Single(items).Url);
        Assert.Equal(new DateTimeOffset(2020, 10, 15, 14, 34, 56, TimeSpan.Zero), alternative.OperatorTimestamp);
        Assert.Equal("common", alternative.GateCustomParameters!["mo.type"]);

        var report = EventReport.Parse(Examples.Bytes("event-report.json"));
        Assert.Equal(ResultCodes.Delivered, report.ResultCode);
        Assert.Equal(TimeSpan.FromHours(2), report.Timestamp!.Value.Offset);
    }

    private static byte[] Write(object payload)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonWrite.WriterOptions)) Payloads.Write(writer, payload);
        return buffer.WrittenSpan.ToArray();
    }
}
