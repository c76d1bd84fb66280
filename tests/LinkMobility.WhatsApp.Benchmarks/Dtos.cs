using System.Text.Json.Serialization;
using NJ = Newtonsoft.Json;

namespace LinkMobility.WhatsApp.Benchmarks;

// Plain DTOs of the same payloads for System.Text.Json (reflection and source generation) and
// Newtonsoft.Json, written the way a user of those libraries would: properties, polymorphism
// metadata on the base types, nulls ignored.

public sealed class MessageRequestDto
{
    public string? PlatformId { get; set; }
    public string? PlatformPartnerId { get; set; }
    public string? PlatformServiceId { get; set; }
    public string? PlatformServiceType { get; set; }
    public string? PlatformTransactionId { get; set; }
    public string? Priority { get; set; }
    public long? RelativeValidityTime { get; set; }
    public DateTimeOffset? AbsoluteValidityTime { get; set; }
    public List<string>? EventReportGates { get; set; }
    public string? RefId { get; set; }
    public Dictionary<string, string?>? CustomParameters { get; set; }
    public string? Source { get; set; }
    public List<string>? Destinations { get; set; }
    public List<MessageDto>? Messages { get; set; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TemplateMessageDto), "template")]
[JsonDerivedType(typeof(TextMessageDto), "text")]
[NJ.JsonConverter(typeof(NewtonsoftMessageConverter))]
public abstract class MessageDto
{
    // System.Text.Json writes the discriminator from its metadata; Newtonsoft writes this property.
    [JsonIgnore, NJ.JsonProperty("type", Order = -2)]
    public string Type => Discriminator;

    protected abstract string Discriminator { get; }
}

public sealed class TemplateMessageDto : MessageDto
{
    protected override string Discriminator => "template";
    public TemplateDto? Template { get; set; }
}

public sealed class TextMessageDto : MessageDto
{
    protected override string Discriminator => "text";
    public bool? PreviewUrl { get; set; }
    public TextDto? Text { get; set; }
}

public sealed class TextDto
{
    public string? Body { get; set; }
}

public sealed class TemplateDto
{
    public string? Namespace { get; set; }
    public string? Name { get; set; }
    public LanguageDto? Language { get; set; }
    public List<ComponentDto>? Components { get; set; }
}

public sealed class LanguageDto
{
    public string? Code { get; set; }
}

public sealed class ComponentDto
{
    public string? Type { get; set; }
    public string? SubType { get; set; }
    public int? Index { get; set; }
    public List<ParameterDto>? Parameters { get; set; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextParameterDto), "text")]
[JsonDerivedType(typeof(PayloadParameterDto), "payload")]
[JsonDerivedType(typeof(DocumentParameterDto), "document")]
[JsonDerivedType(typeof(CurrencyParameterDto), "currency")]
[JsonDerivedType(typeof(DateTimeParameterDto), "dateTime")]
[NJ.JsonConverter(typeof(NewtonsoftParameterConverter))]
public abstract class ParameterDto
{
    // System.Text.Json writes the discriminator from its metadata; Newtonsoft writes this property.
    [JsonIgnore, NJ.JsonProperty("type", Order = -2)]
    public string Type => Discriminator;

    protected abstract string Discriminator { get; }
}

public sealed class TextParameterDto : ParameterDto
{
    protected override string Discriminator => "text";
    public string? Text { get; set; }
}

public sealed class PayloadParameterDto : ParameterDto
{
    protected override string Discriminator => "payload";
    public string? Payload { get; set; }
}

public sealed class DocumentParameterDto : ParameterDto
{
    protected override string Discriminator => "document";
    public DocumentDto? Document { get; set; }
}

public sealed class DocumentDto
{
    public string? Link { get; set; }
    public string? Caption { get; set; }
    public string? Filename { get; set; }
}

public sealed class CurrencyParameterDto : ParameterDto
{
    protected override string Discriminator => "currency";
    public CurrencyDto? Currency { get; set; }
}

public sealed class CurrencyDto
{
    public string? FallbackValue { get; set; }
    public string? Code { get; set; }
    public string? Amount1000 { get; set; }
}

public sealed class DateTimeParameterDto : ParameterDto
{
    protected override string Discriminator => "dateTime";
    public DateTimeDto? DateTime { get; set; }
}

public sealed class DateTimeDto
{
    public string? FallbackValue { get; set; }
    public int? DayOfWeek { get; set; }
    public int? DayOfMonth { get; set; }
    public int? Year { get; set; }
    public int? Month { get; set; }
    public int? Hour { get; set; }
    public int? Minute { get; set; }
    public long? Timestamp { get; set; }
}

// --- Inbound ---------------------------------------------------------------------------------

public sealed class ReceiveMessageDto
{
    public string? Destination { get; set; }
    public string? Source { get; set; }
    public ReceiveContentDto? Content { get; set; }
    public string? Provider { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? MessageId { get; set; }
    public DateTimeOffset? ProviderTimestamp { get; set; }
    public string? ProviderMessageId { get; set; }
    public RouteDto? Route { get; set; }
    public Dictionary<string, string?>? GateCustomParameters { get; set; }
    public Dictionary<string, string?>? CustomParameters { get; set; }
}

public sealed class ReceiveContentDto
{
    public string? Type { get; set; }
    public ReceiveContentMessageDto? Message { get; set; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "contentType")]
[JsonDerivedType(typeof(ReceiveTextMessageDto), "TEXT")]
[JsonDerivedType(typeof(ReceiveButtonMessageDto), "BUTTON")]
[JsonDerivedType(typeof(ReceiveMediaMessageDto), "MEDIA")]
[NJ.JsonConverter(typeof(NewtonsoftReceiveContentMessageConverter))]
public abstract class ReceiveContentMessageDto
{
    public ContextDto? Context { get; set; }
}

public sealed class ReceiveTextMessageDto : ReceiveContentMessageDto
{
    public string? Text { get; set; }
}

public sealed class ReceiveButtonMessageDto : ReceiveContentMessageDto
{
    public ButtonDto? Button { get; set; }
}

public sealed class ReceiveMediaMessageDto : ReceiveContentMessageDto
{
    public MediaDto? Media { get; set; }
}

public sealed class ButtonDto
{
    public string? Text { get; set; }
    public string? Payload { get; set; }
}

public sealed class MediaDto
{
    public string? Type { get; set; }
    public string? Source { get; set; }
    public string? Caption { get; set; }
}

public sealed class ContextDto
{
    public string? Source { get; set; }
    public string? MessageId { get; set; }
}

public sealed class RouteDto
{
    public string? Id { get; set; }
    public string? RefId { get; set; }
    public string? PlatformId { get; set; }
    public string? PlatformPartnerId { get; set; }
    public string? PlatformServiceType { get; set; }
    public string? PlatformServiceId { get; set; }
    public string? Number { get; set; }
    public List<string>? GateIds { get; set; }
    public Dictionary<string, string?>? CustomParameters { get; set; }
    public string? Type { get; set; }
    public string? Keyword { get; set; }
    public string? KeywordType { get; set; }
    public bool? Active { get; set; }
    public DateTimeOffset? Start { get; set; }
    public DateTimeOffset? End { get; set; }
    public bool? Shared { get; set; }
    public string? Description { get; set; }
}

public sealed class MessageResponseDto
{
    public int? ResultCode { get; set; }
    public string? Description { get; set; }
    public List<string>? MessageIds { get; set; }
}

public sealed class EventReportDto
{
    public string? MessageId { get; set; }
    public string? RefId { get; set; }
    public string? MessageType { get; set; }
    public int? MessageIndex { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public int? ResultCode { get; set; }
    public string? ResultDescription { get; set; }
    public Dictionary<string, string?>? GateCustomParameters { get; set; }
    public Dictionary<string, string?>? CustomParameters { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageRequestDto))]
[JsonSerializable(typeof(ReceiveMessageDto))]
[JsonSerializable(typeof(EventReportDto))]
[JsonSerializable(typeof(MessageResponseDto))]
public sealed partial class DtoJsonContext : JsonSerializerContext;

// Newtonsoft reads polymorphic members with a converter that looks at the discriminator, the usual way.
public sealed class NewtonsoftMessageConverter : NewtonsoftPolymorphicConverter<MessageDto>
{
    protected override string Discriminator => "type";
    protected override Type TypeOf(string? value) => value switch
    {
        "template" => typeof(TemplateMessageDto),
        "text" => typeof(TextMessageDto),
        _ => throw new NJ.JsonSerializationException($"unknown message type {value}"),
    };
}

public sealed class NewtonsoftParameterConverter : NewtonsoftPolymorphicConverter<ParameterDto>
{
    protected override string Discriminator => "type";
    protected override Type TypeOf(string? value) => value switch
    {
        "text" => typeof(TextParameterDto),
        "payload" => typeof(PayloadParameterDto),
        "document" => typeof(DocumentParameterDto),
        "currency" => typeof(CurrencyParameterDto),
        "dateTime" => typeof(DateTimeParameterDto),
        _ => throw new NJ.JsonSerializationException($"unknown parameter type {value}"),
    };
}

public sealed class NewtonsoftReceiveContentMessageConverter : NewtonsoftPolymorphicConverter<ReceiveContentMessageDto>
{
    protected override string Discriminator => "contentType";
    protected override Type TypeOf(string? value) => value switch
    {
        "TEXT" => typeof(ReceiveTextMessageDto),
        "BUTTON" => typeof(ReceiveButtonMessageDto),
        "MEDIA" => typeof(ReceiveMediaMessageDto),
        _ => throw new NJ.JsonSerializationException($"unknown content type {value}"),
    };
}

public abstract class NewtonsoftPolymorphicConverter<T> : NJ.JsonConverter
{
    protected abstract string Discriminator { get; }

    protected abstract Type TypeOf(string? value);

    public override bool CanWrite => false;

    public override bool CanConvert(Type objectType) => objectType == typeof(T);

    public override object? ReadJson(NJ.JsonReader reader, Type objectType, object? existingValue, NJ.JsonSerializer serializer)
    {
        var json = Newtonsoft.Json.Linq.JObject.Load(reader);
        object target = Activator.CreateInstance(TypeOf((string?)json[Discriminator]))!;
        serializer.Populate(json.CreateReader(), target);
        return target;
    }

    public override void WriteJson(NJ.JsonWriter writer, object? value, NJ.JsonSerializer serializer) => throw new NotSupportedException();
}
