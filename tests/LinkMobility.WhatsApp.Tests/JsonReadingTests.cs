using System.Text;
using System.Text.Json;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>Reading is tolerant where the document is inconsistent, and precise about everything else.</summary>
public class JsonReadingTests
{
    private const string RequestStart = """{"platformId":"p","platformPartnerId":"pp","priority":"HIGH","refId":"r","source":"+46700000000","destinations":["+46700000001"],"messages":""";

    [Fact]
    public void Numbers_written_as_strings_are_read_as_numbers()
    {
        var component = Component.Parse("""{"type":"button","subType":"url","index":"1","parameters":[]}""");
        Assert.Equal(1, component.Index);

        var dateTime = DateTimeValue.Parse("""{"fallbackValue":"x","dayOfWeek":"5","year":"1977","timestamp":"225000000000"}""");
        Assert.Equal((5, 1977, 225000000000L), (dateTime.DayOfWeek!.Value, dateTime.Year!.Value, dateTime.Timestamp!.Value));
    }

    [Theory]
    [InlineData("\"1,5\"")]
    [InlineData("\" 1\"")]
    [InlineData("\"1.0\"")]
    [InlineData("\"\"")]
    [InlineData("\"0x1\"")]
    [InlineData("1.5")]
    public void Only_plain_whole_numbers_are_read_as_an_index(string index)
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() => Component.Parse($$"""{"type":"button","index":{{index}},"parameters":[]}"""));
        Assert.Equal("index", ex.JsonPath);
    }

    [Fact]
    public void Numbers_in_strings_use_the_json_form_for_doubles()
    {
        Assert.Equal(-1.5e3, Location.Parse("""{"longitude":"-1.5e3","latitude":"59.31"}""").Longitude);
        Assert.Throws<WhatsAppJsonException>(() => Location.Parse("""{"longitude":"1,5","latitude":0}"""));
        Assert.Throws<WhatsAppJsonException>(() => Location.Parse("""{"longitude":"NaN","latitude":0}"""));
    }

    [Fact]
    public void Numbers_where_a_string_is_expected_keep_their_text()
    {
        var report = EventReport.Parse("""{"messageId":12345,"refId":7.50}""");
        Assert.Equal(("12345", "7.50"), (report.MessageId, report.RefId));
    }

    [Fact]
    public void Amount1000_is_read_from_a_string_or_a_number_and_written_as_the_document_does()
    {
        Assert.Equal(100990, Currency.Parse("""{"fallbackValue":"$100.99","code":"USD","amount1000":100990}""").Amount1000);
        var currency = Currency.Parse("""{"fallbackValue":"$100.99","code":"USD","amount1000":"100990"}""");
        Assert.Contains("\"amount1000\":\"100990\"", currency.ToJson());
    }

    [Fact]
    public void Both_spellings_of_the_errata_members_are_read()
    {
        Assert.Equal("4670", Phone.Parse("""{"phone":"+4670","wald":"4670"}""").WaId);
        Assert.Equal("4670", Phone.Parse("""{"phone":"+4670","waId":"4670"}""").WaId);
        Assert.Contains("\"waId\":\"4670\"", Phone.Parse("""{"wald":"4670"}""").ToJson());

        var a = AlternativeReceiveMessage.Parse("""{"operatorTimestamp":"2020-10-15T14:34:56Z"}""");
        var b = AlternativeReceiveMessage.Parse("""{"operatorTimeStamp":"2020-10-15T14:34:56Z"}""");
        Assert.Equal(a.OperatorTimestamp, b.OperatorTimestamp);
        Assert.NotNull(a.OperatorTimestamp);
    }

    [Fact]
    public void Unknown_members_of_a_request_are_not_an_error()
    {
        var request = MessageRequest.Parse(RequestStart + """[{"type":"text","text":{"body":"hi","future":{"a":[1,2]}},"newFlag":true}],"newTopLevel":"x"}""");
        Assert.Equal("hi", Assert.IsType<TextMessage>(Assert.Single(request.Messages)).Text.Body);
    }

    [Fact]
    public void Unknown_members_of_a_callback_are_kept_and_written_back()
    {
        var report = EventReport.Parse("""{"messageId":"m1","channelHint":{"x":1},"resultCode":112003}""");
        Assert.Equal(1, report.AdditionalMembers!["channelHint"].GetProperty("x").GetInt32());
        Assert.Equal("""{"messageId":"m1","resultCode":112003,"channelHint":{"x":1}}""", report.ToJson());
    }

    [Fact]
    public void An_unknown_content_type_of_a_receive_message_is_kept_whole()
    {
        const string sticker = """{"contentType":"STICKER","sticker":{"id":"s1"}}""";
        var message = ReceiveMessage.Parse("""{"content":{"type":"WHATSAPP","message":""" + sticker + "}}");
        var unknown = Assert.IsType<ReceiveUnknownMessage>(message.Content!.Message);
        Assert.Equal(ReceiveContentType.Unknown, unknown.ContentType);
        Assert.Equal("STICKER", unknown.Discriminator);
        Assert.Contains(sticker, message.ToJson());
    }

    [Fact]
    public void The_discriminator_may_come_after_the_other_members()
    {
        var message = Message.Parse("""{"image":{"link":"https://example.com/a.png"},"type":"image"}""");
        Assert.Equal("https://example.com/a.png", Assert.IsType<ImageMessage>(message).Image.Link);
        Assert.Equal("""{"type":"image","image":{"link":"https://example.com/a.png"}}""", message.ToJson());
    }

    [Fact]
    public void A_required_value_missing_from_the_json_is_not_invented_when_written_back()
    {
        var request = MessageRequest.Parse("""{"platformId":"p","messages":[]}""");
        Assert.DoesNotContain("priority", request.ToJson());
        Assert.Null(request.Destinations);
    }

    [Fact]
    public void An_unknown_message_type_names_its_path_line_and_position()
    {
        string json = RequestStart + "[\n  {\"type\":\"text\",\"text\":{\"body\":\"a\"}},\n  {\"type\":\"sticker\"}\n]}";
        var ex = Assert.Throws<WhatsAppJsonException>(() => MessageRequest.Parse(json));
        Assert.Equal("messages[1].type", ex.JsonPath);
        Assert.Equal(3, ex.Line);
        Assert.Equal(11, ex.Position);
        Assert.Contains("'sticker' is not a known message type", ex.Reason);
        Assert.Contains("template, text, image, location, audio, video, document, contacts", ex.Reason);
    }

    [Fact]
    public void An_unknown_enum_value_names_its_path()
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() => MessageRequest.Parse(RequestStart.Replace("HIGH", "URGENT") + "[]}"));
        Assert.Equal("priority", ex.JsonPath);
        Assert.Contains("'URGENT' is not a known priority; expected one of LOW, NORMAL, HIGH", ex.Message);
    }

    [Fact]
    public void A_wrong_json_type_names_what_was_expected_and_found()
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() =>
            Message.Parse("""{"type":"template","template":{"namespace":"n","name":"x","language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":{"a":1}}]}]}}"""));
        Assert.Equal("template.components[0].parameters[0].text", ex.JsonPath);
        Assert.Equal("Expected a string but found an object", ex.Reason);
    }

    [Fact]
    public void A_missing_discriminator_is_a_clear_error()
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() => Message.Parse("""{"text":{"body":"a"}}"""));
        Assert.Contains("has no 'type' member", ex.Reason);
        Assert.Equal("$", ex.JsonPath);
    }

    [Fact]
    public void Malformed_json_names_the_line_and_position()
    {
        string broken = Examples.Text("receive-message-media.json").Replace("\"source\": \"http://images.com/myimage.jpg\",", "\"source\": \"http://images.com/myimage.jpg\"");
        var ex = Assert.Throws<WhatsAppJsonException>(() => ReceiveMessage.Parse(broken));
        Assert.StartsWith("Malformed JSON", ex.Reason);
        // The comma is missing at the end of line 10; the reader finds out at the next member, on line 11.
        Assert.Equal(11, ex.Line);
        Assert.Equal("content.message.media", ex.JsonPath);
        Assert.Contains("line 11, position 9", ex.Message);
    }

    [Theory]
    [InlineData("", "The JSON document is empty")]
    [InlineData(" \n ", "The JSON document is empty")]
    [InlineData("[1]", "Expected a message response (a JSON object) but found a list")]
    [InlineData("{\"resultCode\":\"many\"}", "Expected a whole number (32-bit) but found the string \"many\"")]
    [InlineData("{} {}", "Malformed JSON: '{' is invalid after a single JSON value")]
    public void Other_faults_are_clear(string json, string reason)
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() => MessageResponse.Parse(json));
        Assert.StartsWith(reason, ex.Reason);
    }

    /// <summary>JSON whose text is not valid Unicode, as bytes: escaped lone surrogates, and raw invalid UTF-8.</summary>
    public static TheoryData<string, byte[]> BadUnicode => new()
    {
        { "refId", Encoding.UTF8.GetBytes("""{"refId":"a\ud800b"}""") },
        { "customParameters.k", Encoding.UTF8.GetBytes("""{"customParameters":{"k":"\udfff"}}""") },
        { "customParameters", Encoding.UTF8.GetBytes("""{"customParameters":{"\ud800":"v"}}""") },
        { "refId", [.. Encoding.UTF8.GetBytes("""{"refId":"a"""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")] },
        { "$", [.. Encoding.UTF8.GetBytes("""{"other":"""), (byte)'"', 0xFF, (byte)'"', (byte)'}'] },
        { "$", Encoding.UTF8.GetBytes("""{"x\ud800":1}""") },
    };

    [Theory]
    [MemberData(nameof(BadUnicode))]
    public void Text_that_is_not_valid_unicode_is_malformed_json_at_its_path_everywhere(string path, byte[] json)
    {
        // A callback keeps unknown members: their text must be writable, so it is checked too.
        var ex = Assert.Throws<WhatsAppJsonException>(() => EventReport.Parse(json));
        Assert.Equal(JsonFaultKind.Malformed, ex.Kind);
        Assert.Contains("not valid Unicode", ex.Reason);
        Assert.Equal(path, ex.JsonPath);
        Assert.Throws<WhatsAppJsonException>(() => Callback.Parse(json));
        Assert.Equal("LMWA1100", Assert.Single(EventReport.ValidateJson(json).Problems).Code);   // never throws
        // A request skips members it does not know (it keeps none), so bad text there is not read at all.
        Assert.False(MessageRequest.ValidateJson(json).IsValid);
    }

    [Fact]
    public void An_unknown_member_name_that_is_not_valid_unicode_is_refused_by_detection_too()
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"messageIndex":0,"\ud800":1}""");
        var ex = Assert.Throws<WhatsAppJsonException>(() => Payloads.Detect(json));
        Assert.Equal(JsonFaultKind.Malformed, ex.Kind);
    }

    [Fact]
    public void An_escaped_member_name_is_detected_as_the_name_it_stands_for()
    {
        // "message\u0049ndex" is messageIndex written with an escape: still an event report.
        byte[] json = Encoding.UTF8.GetBytes("""{"message\u0049ndex":0,"messageId":"m"}""");
        Assert.Equal("event report", Payloads.Detect(json)?.Title);
    }

    [Theory]
    [InlineData("1e309")]
    [InlineData("-1e309")]
    [InlineData("\"1e309\"")]
    public void A_number_too_large_for_a_double_is_an_error_not_infinity(string number)
    {
        string json = "{\"type\":\"location\",\"location\":{\"longitude\":" + number + ",\"latitude\":1}}";
        var ex = Assert.Throws<WhatsAppJsonException>(() => Message.Parse(json));
        Assert.Equal("location.longitude", ex.JsonPath);
        Assert.Contains(number.StartsWith('"') ? "Expected a number" : "is out of range; expected a finite number", ex.Reason);
        Assert.False(MessageRequest.ValidateJson(Encoding.UTF8.GetBytes("{\"messages\":[" + json + "]}")).IsValid);
    }

    [Fact]
    public void A_callback_is_read_the_same_way_from_its_own_output()
    {
        // "channel": null is as good as absent, as writing leaves it out: refused the first time and every time.
        string json = Examples.Text("alternative-receive-message-text.json").Replace("\"channel\": \"WHATSAPP\"", "\"channel\": null");
        Assert.Throws<WhatsAppJsonException>(() => Callback.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Null(Payloads.Detect(Encoding.UTF8.GetBytes(json)));

        static byte[] Write(Callback callback) =>
            callback.EventReport?.ToUtf8Json() ?? callback.ReceiveMessage?.ToUtf8Json() ?? callback.AlternativeReceiveMessage!.ToUtf8Json();
        foreach (string example in new[] { "alternative-receive-message-text.json", "alternative-receive-message-media.json", "event-report.json", "receive-message-media.json", "receive-message-text.json" })
        {
            Callback first = Callback.Parse(Examples.Bytes(example));
            Callback again = Callback.Parse(Write(first));
            Assert.Equal(first.Kind, again.Kind);
            Assert.Equal(Write(first), Write(again));
        }
    }

    [Fact]
    public void An_invalid_date_names_the_member()
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() => EventReport.Parse("""{"timestamp":"yesterday"}"""));
        Assert.Equal("timestamp", ex.JsonPath);
        Assert.Contains("RFC 3339", ex.Reason);
    }

    [Fact]
    public void Map_keys_that_are_not_plain_words_are_quoted_in_the_path()
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() => EventReport.Parse("""{"gateCustomParameters":{"mo.type":{"nested":1}}}"""));
        Assert.Equal("gateCustomParameters['mo.type']", ex.JsonPath);
    }

    [Fact]
    public void JsonSerializer_reports_the_same_faults()
    {
        var ex = Assert.Throws<WhatsAppJsonException>(() => JsonSerializer.Deserialize<Message>("""{"type":"sticker"}"""));
        Assert.Equal("type", ex.JsonPath);
    }
}
