using System.Text.Json;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// The ceiling: Utf8JsonWriter/Utf8JsonReader code written by hand for exactly these payloads, over the
/// same model types. It knows the payloads (which message and parameter kinds occur), uses the
/// framework's own date formatting, and reads a polymorphic object in one pass by buffering its members.
/// </summary>
public static class Handwritten
{
    private static readonly JsonEncodedText PlatformId = JsonEncodedText.Encode("platformId"), PlatformPartnerId = JsonEncodedText.Encode("platformPartnerId"),
        PlatformServiceId = JsonEncodedText.Encode("platformServiceId"), PlatformServiceType = JsonEncodedText.Encode("platformServiceType"),
        PlatformTransactionId = JsonEncodedText.Encode("platformTransactionId"), PriorityName = JsonEncodedText.Encode("priority"),
        RelativeValidityTime = JsonEncodedText.Encode("relativeValidityTime"), AbsoluteValidityTime = JsonEncodedText.Encode("absoluteValidityTime"),
        EventReportGates = JsonEncodedText.Encode("eventReportGates"), RefId = JsonEncodedText.Encode("refId"), CustomParameters = JsonEncodedText.Encode("customParameters"),
        Source = JsonEncodedText.Encode("source"), Destinations = JsonEncodedText.Encode("destinations"), Messages = JsonEncodedText.Encode("messages"),
        Type = JsonEncodedText.Encode("type"), TemplateName = JsonEncodedText.Encode("template"), Namespace = JsonEncodedText.Encode("namespace"),
        Name = JsonEncodedText.Encode("name"), Language = JsonEncodedText.Encode("language"), Code = JsonEncodedText.Encode("code"),
        Components = JsonEncodedText.Encode("components"), SubType = JsonEncodedText.Encode("subType"), Index = JsonEncodedText.Encode("index"),
        Parameters = JsonEncodedText.Encode("parameters"), TextName = JsonEncodedText.Encode("text"), PreviewUrl = JsonEncodedText.Encode("previewUrl"),
        Body = JsonEncodedText.Encode("body"), Payload = JsonEncodedText.Encode("payload"), DocumentName = JsonEncodedText.Encode("document"),
        Link = JsonEncodedText.Encode("link"), Caption = JsonEncodedText.Encode("caption"), Filename = JsonEncodedText.Encode("filename"),
        CurrencyName = JsonEncodedText.Encode("currency"), FallbackValue = JsonEncodedText.Encode("fallbackValue"), Amount1000 = JsonEncodedText.Encode("amount1000"),
        DateTimeName = JsonEncodedText.Encode("dateTime"), DayOfWeek = JsonEncodedText.Encode("dayOfWeek"), DayOfMonth = JsonEncodedText.Encode("dayOfMonth"),
        Year = JsonEncodedText.Encode("year"), Month = JsonEncodedText.Encode("month"), Hour = JsonEncodedText.Encode("hour"), Minute = JsonEncodedText.Encode("minute"),
        Low = JsonEncodedText.Encode("LOW"), Normal = JsonEncodedText.Encode("NORMAL"), High = JsonEncodedText.Encode("HIGH"),
        Header = JsonEncodedText.Encode("header"), BodyValue = JsonEncodedText.Encode("body"), Button = JsonEncodedText.Encode("button"),
        QuickReply = JsonEncodedText.Encode("quickReply"), Url = JsonEncodedText.Encode("url");

    public static void Write(Utf8JsonWriter w, MessageRequest r)
    {
        w.WriteStartObject();
        w.WriteString(PlatformId, r.PlatformId);
        w.WriteString(PlatformPartnerId, r.PlatformPartnerId);
        if (r.PlatformServiceId is { } psi) w.WriteString(PlatformServiceId, psi);
        if (r.PlatformServiceType is { } pst) w.WriteString(PlatformServiceType, pst);
        if (r.PlatformTransactionId is { } pti) w.WriteString(PlatformTransactionId, pti);
        w.WriteString(PriorityName, r.Priority switch { Priority.Low => Low, Priority.High => High, _ => Normal });
        if (r.RelativeValidityTime is { } rvt) w.WriteNumber(RelativeValidityTime, (long)rvt.TotalMilliseconds);
        if (r.AbsoluteValidityTime is { } avt) w.WriteString(AbsoluteValidityTime, avt);
        if (r.EventReportGates is { } gates)
        {
            w.WriteStartArray(EventReportGates);
            foreach (string gate in gates) w.WriteStringValue(gate);
            w.WriteEndArray();
        }
        w.WriteString(RefId, r.RefId);
        if (r.CustomParameters is { } custom)
        {
            w.WriteStartObject(CustomParameters);
            foreach (var pair in custom) w.WriteString(pair.Key, pair.Value);
            w.WriteEndObject();
        }
        w.WriteString(Source, r.Source);
        w.WriteStartArray(Destinations);
        foreach (string destination in r.Destinations) w.WriteStringValue(destination);
        w.WriteEndArray();
        w.WriteStartArray(Messages);
        foreach (Message message in r.Messages)
        {
            w.WriteStartObject();
            switch (message)
            {
                case TemplateMessage t:
                    w.WriteString(Type, TemplateName);
                    w.WriteStartObject(TemplateName);
                    w.WriteString(Namespace, t.Template.Namespace);
                    w.WriteString(Name, t.Template.Name);
                    w.WriteStartObject(Language);
                    w.WriteString(Code, t.Template.Language.Code);
                    w.WriteEndObject();
                    w.WriteStartArray(Components);
                    foreach (Component c in t.Template.Components) WriteComponent(w, c);
                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                case TextMessage x:
                    w.WriteString(Type, TextName);
                    if (x.PreviewUrl is { } preview) w.WriteBoolean(PreviewUrl, preview);
                    w.WriteStartObject(TextName);
                    w.WriteString(Body, x.Text.Body);
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, Component c)
    {
        w.WriteStartObject();
        w.WriteString(Type, c.Type switch { ComponentType.Header => Header, ComponentType.Body => BodyValue, _ => Button });
        if (c.SubType is { } sub) w.WriteString(SubType, sub == ButtonSubType.QuickReply ? QuickReply : Url);
        if (c.Index is { } index) w.WriteNumber(Index, index);
        Span<byte> digits = stackalloc byte[20];
        w.WriteStartArray(Parameters);
        foreach (Parameter p in c.Parameters)
        {
            w.WriteStartObject();
            switch (p)
            {
                case TextParameter t:
                    w.WriteString(Type, TextName);
                    w.WriteString(TextName, t.Text);
                    break;
                case PayloadParameter pp:
                    w.WriteString(Type, Payload);
                    w.WriteString(Payload, pp.Payload);
                    break;
                case DocumentParameter d:
                    w.WriteString(Type, DocumentName);
                    w.WriteStartObject(DocumentName);
                    w.WriteString(Link, d.Document.Link);
                    if (d.Document.Caption is { } caption) w.WriteString(Caption, caption);
                    if (d.Document.Filename is { } filename) w.WriteString(Filename, filename);
                    w.WriteEndObject();
                    break;
                case CurrencyParameter cp:
                    w.WriteString(Type, CurrencyName);
                    w.WriteStartObject(CurrencyName);
                    w.WriteString(FallbackValue, cp.Currency.FallbackValue);
                    w.WriteString(Code, cp.Currency.Code);
                    System.Buffers.Text.Utf8Formatter.TryFormat(cp.Currency.Amount1000, digits, out int n);
                    w.WriteString(Amount1000, digits[..n]);
                    w.WriteEndObject();
                    break;
                case DateTimeParameter dp:
                    var dt = dp.DateTime;
                    w.WriteString(Type, DateTimeName);
                    w.WriteStartObject(DateTimeName);
                    w.WriteString(FallbackValue, dt.FallbackValue);
                    if (dt.DayOfWeek is { } dow) w.WriteNumber(DayOfWeek, dow);
                    if (dt.DayOfMonth is { } dom) w.WriteNumber(DayOfMonth, dom);
                    if (dt.Year is { } year) w.WriteNumber(Year, year);
                    if (dt.Month is { } month) w.WriteNumber(Month, month);
                    if (dt.Hour is { } hour) w.WriteNumber(Hour, hour);
                    if (dt.Minute is { } minute) w.WriteNumber(Minute, minute);
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // --- Reading ---------------------------------------------------------------------------

    public static ReceiveMessage ReadReceiveMessage(ReadOnlySpan<byte> utf8)
    {
        var r = new Utf8JsonReader(utf8);
        r.Read();
        var m = new ReceiveMessage();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("destination"u8)) { r.Read(); m.Destination = r.GetString(); }
            else if (r.ValueTextEquals("source"u8)) { r.Read(); m.Source = r.GetString(); }
            else if (r.ValueTextEquals("content"u8)) { r.Read(); m.Content = ReadContent(ref r); }
            else if (r.ValueTextEquals("provider"u8)) { r.Read(); m.Provider = r.GetString(); }
            else if (r.ValueTextEquals("timestamp"u8)) { r.Read(); m.Timestamp = r.GetDateTimeOffset(); }
            else if (r.ValueTextEquals("messageId"u8)) { r.Read(); m.MessageId = r.GetString(); }
            else if (r.ValueTextEquals("providerTimestamp"u8)) { r.Read(); m.ProviderTimestamp = r.GetDateTimeOffset(); }
            else if (r.ValueTextEquals("providerMessageId"u8)) { r.Read(); m.ProviderMessageId = r.GetString(); }
            else if (r.ValueTextEquals("route"u8)) { r.Read(); m.Route = ReadRoute(ref r); }
            else if (r.ValueTextEquals("gateCustomParameters"u8)) { r.Read(); m.GateCustomParameters = ReadMap(ref r); }
            else if (r.ValueTextEquals("customParameters"u8)) { r.Read(); m.CustomParameters = ReadMap(ref r); }
            else { r.Read(); r.Skip(); }
        }
        return m;
    }

    private static ReceiveContent ReadContent(ref Utf8JsonReader r)
    {
        var content = new ReceiveContent();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8)) { r.Read(); content.Type = r.GetString(); }
            else if (r.ValueTextEquals("message"u8)) { r.Read(); content.Message = ReadContentMessage(ref r); }
            else { r.Read(); r.Skip(); }
        }
        return content;
    }

    private static ReceiveContentMessage ReadContentMessage(ref Utf8JsonReader r)
    {
        // One pass: keep every member, choose the variant at the end.
        string? contentType = null, text = null;
        Button? button = null;
        Media? media = null;
        Context? context = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("contentType"u8)) { r.Read(); contentType = r.GetString(); }
            else if (r.ValueTextEquals("text"u8)) { r.Read(); text = r.GetString(); }
            else if (r.ValueTextEquals("button"u8))
            {
                r.Read();
                button = new Button();
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("text"u8)) { r.Read(); button.Text = r.GetString(); }
                    else if (r.ValueTextEquals("payload"u8)) { r.Read(); button.Payload = r.GetString(); }
                    else { r.Read(); r.Skip(); }
                }
            }
            else if (r.ValueTextEquals("media"u8))
            {
                r.Read();
                media = new Media();
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("type"u8)) { r.Read(); media.Type = r.GetString(); }
                    else if (r.ValueTextEquals("source"u8)) { r.Read(); media.Source = r.GetString(); }
                    else if (r.ValueTextEquals("caption"u8)) { r.Read(); media.Caption = r.GetString(); }
                    else { r.Read(); r.Skip(); }
                }
            }
            else if (r.ValueTextEquals("context"u8))
            {
                r.Read();
                context = new Context();
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("source"u8)) { r.Read(); context.Source = r.GetString(); }
                    else if (r.ValueTextEquals("messageId"u8)) { r.Read(); context.MessageId = r.GetString(); }
                    else { r.Read(); r.Skip(); }
                }
            }
            else { r.Read(); r.Skip(); }
        }
        return contentType switch
        {
            "TEXT" => new ReceiveTextMessage { Text = text, Context = context },
            "BUTTON" => new ReceiveButtonMessage { Button = button, Context = context },
            "MEDIA" => new ReceiveMediaMessage { Media = media, Context = context },
            _ => throw new JsonException("unknown contentType"),
        };
    }

    private static Route ReadRoute(ref Utf8JsonReader r)
    {
        var route = new Route();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("id"u8)) { r.Read(); route.Id = r.GetString(); }
            else if (r.ValueTextEquals("refId"u8)) { r.Read(); route.RefId = r.GetString(); }
            else if (r.ValueTextEquals("platformId"u8)) { r.Read(); route.PlatformId = r.GetString(); }
            else if (r.ValueTextEquals("platformPartnerId"u8)) { r.Read(); route.PlatformPartnerId = r.GetString(); }
            else if (r.ValueTextEquals("platformServiceType"u8)) { r.Read(); route.PlatformServiceType = r.GetString(); }
            else if (r.ValueTextEquals("platformServiceId"u8)) { r.Read(); route.PlatformServiceId = r.GetString(); }
            else if (r.ValueTextEquals("number"u8)) { r.Read(); route.Number = r.GetString(); }
            else if (r.ValueTextEquals("gateIds"u8))
            {
                r.Read();
                var ids = new List<string>();
                while (r.Read() && r.TokenType != JsonTokenType.EndArray) ids.Add(r.GetString()!);
                route.GateIds = ids;
            }
            else if (r.ValueTextEquals("customParameters"u8)) { r.Read(); route.CustomParameters = ReadMap(ref r); }
            else if (r.ValueTextEquals("type"u8)) { r.Read(); route.Type = r.GetString(); }
            else if (r.ValueTextEquals("keyword"u8)) { r.Read(); route.Keyword = r.GetString(); }
            else if (r.ValueTextEquals("keywordType"u8)) { r.Read(); route.KeywordType = r.GetString(); }
            else if (r.ValueTextEquals("active"u8)) { r.Read(); route.Active = r.GetBoolean(); }
            else if (r.ValueTextEquals("start"u8)) { r.Read(); route.Start = r.GetDateTimeOffset(); }
            else if (r.ValueTextEquals("end"u8)) { r.Read(); route.End = r.GetDateTimeOffset(); }
            else if (r.ValueTextEquals("shared"u8)) { r.Read(); route.Shared = r.GetBoolean(); }
            else if (r.ValueTextEquals("description"u8)) { r.Read(); route.Description = r.GetString(); }
            else { r.Read(); r.Skip(); }
        }
        return route;
    }

    public static EventReport ReadEventReport(ReadOnlySpan<byte> utf8)
    {
        var r = new Utf8JsonReader(utf8);
        r.Read();
        var e = new EventReport();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("messageId"u8)) { r.Read(); e.MessageId = r.GetString(); }
            else if (r.ValueTextEquals("refId"u8)) { r.Read(); e.RefId = r.GetString(); }
            else if (r.ValueTextEquals("messageType"u8)) { r.Read(); e.MessageType = r.GetString(); }
            else if (r.ValueTextEquals("messageIndex"u8)) { r.Read(); e.MessageIndex = r.GetInt32(); }
            else if (r.ValueTextEquals("timestamp"u8)) { r.Read(); e.Timestamp = r.GetDateTimeOffset(); }
            else if (r.ValueTextEquals("resultCode"u8)) { r.Read(); e.ResultCode = r.GetInt32(); }
            else if (r.ValueTextEquals("resultDescription"u8)) { r.Read(); e.ResultDescription = r.GetString(); }
            else if (r.ValueTextEquals("gateCustomParameters"u8)) { r.Read(); e.GateCustomParameters = ReadMap(ref r); }
            else if (r.ValueTextEquals("customParameters"u8)) { r.Read(); e.CustomParameters = ReadMap(ref r); }
            else { r.Read(); r.Skip(); }
        }
        return e;
    }

    private static Dictionary<string, string?>? ReadMap(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        var map = new Dictionary<string, string?>();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            string key = r.GetString()!;
            r.Read();
            map[key] = r.GetString();
        }
        return map;
    }
}
