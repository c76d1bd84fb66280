using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using LinkMobility.WhatsApp.Serialization;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>Writing a MessageRequest into a reused buffer.</summary>
[MemoryDiagnoser]
public class SerializeRequest
{
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private Utf8JsonWriter _writer = null!;
    private MessageRequest _request = null!;
    private MessageRequestDto _dto = null!;
    private readonly StringWriter _text = new(new System.Text.StringBuilder(8192));
    private global::Newtonsoft.Json.JsonSerializer _newtonsoft = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = MessageRequest.Parse(BenchmarkPayloads.Request);
        _dto = JsonSerializer.Deserialize(BenchmarkPayloads.Request, DtoJsonContext.Default.MessageRequestDto)!;
        _writer = new Utf8JsonWriter(_buffer, JsonWrite.WriterOptions);
        _newtonsoft = global::Newtonsoft.Json.JsonSerializer.Create(BenchmarkPayloads.NewtonsoftSettings);

        // Every contender must write the same document, or the comparison means nothing.
        JsonNode expected = JsonNode.Parse(BenchmarkPayloads.Request)!;
        foreach (var (name, write) in new (string, Action)[] { ("generated", Generated), ("handwritten", Handwritten), ("stj-reflection", StjReflection), ("stj-sourcegen", StjSourceGen) })
        {
            write();
            Check(name, expected, JsonNode.Parse(_buffer.WrittenSpan));
        }
        Newtonsoft();
        Check("newtonsoft", expected, JsonNode.Parse(_text.ToString()));
    }

    private static void Check(string name, JsonNode expected, JsonNode? actual)
    {
        // Dates may differ only in form (Z or +00:00); compare after reading them back.
        string Normal(JsonNode? node) => node!.ToJsonString().Replace("\\u002B00:00\"", "Z\"");
        if (Normal(expected) != Normal(actual)) throw new InvalidOperationException($"{name} wrote a different document:\n{actual!.ToJsonString()}\nexpected\n{expected.ToJsonString()}");
    }

    [Benchmark(Baseline = true)]
    public void Generated()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _request.WriteTo(_writer);
        _writer.Flush();
    }

    /// <summary>Validating the same request (every rule of the schema); compared with writing it.</summary>
    [Benchmark]
    public ValidationResult Validate() => _request.Validate();

    [Benchmark]
    public void Handwritten()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        Benchmarks.Handwritten.Write(_writer, _request);
        _writer.Flush();
    }

    [Benchmark]
    public void StjReflection()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _dto, BenchmarkPayloads.StjOptions);
        _writer.Flush();
    }

    [Benchmark]
    public void StjSourceGen()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _dto, DtoJsonContext.Default.MessageRequestDto);
        _writer.Flush();
    }

    [Benchmark]
    public void Newtonsoft()
    {
        _text.GetStringBuilder().Clear();
        using var writer = new global::Newtonsoft.Json.JsonTextWriter(_text) { CloseOutput = false };
        _newtonsoft.Serialize(writer, _dto);
    }
}

/// <summary>Reading an inbound (receive) message from UTF-8 bytes.</summary>
[MemoryDiagnoser]
public class DeserializeReceiveMessage
{
    private readonly byte[] _utf8 = BenchmarkPayloads.ReceiveMessage;
    private readonly string _text = System.Text.Encoding.UTF8.GetString(BenchmarkPayloads.ReceiveMessage);

    [GlobalSetup]
    public void Setup()
    {
        if (Generated().Content!.Message is not ReceiveTextMessage { Text: "This is an example" }) throw new InvalidOperationException("generated");
        if (Handwritten().Content!.Message is not ReceiveTextMessage { Text: "This is an example" }) throw new InvalidOperationException("handwritten");
        if (StjSourceGen().Content!.Message is not ReceiveTextMessageDto { Text: "This is an example" }) throw new InvalidOperationException("stj");
        if (Newtonsoft().Content!.Message is not ReceiveTextMessageDto { Text: "This is an example" }) throw new InvalidOperationException("newtonsoft");
    }

    [Benchmark(Baseline = true)]
    public ReceiveMessage Generated() => ReceiveMessage.Parse(_utf8);

    [Benchmark]
    public ReceiveMessage Handwritten() => Benchmarks.Handwritten.ReadReceiveMessage(_utf8);

    [Benchmark]
    public ReceiveMessageDto StjReflection() => JsonSerializer.Deserialize<ReceiveMessageDto>(_utf8, BenchmarkPayloads.StjOptions)!;

    [Benchmark]
    public ReceiveMessageDto StjSourceGen() => JsonSerializer.Deserialize(_utf8, DtoJsonContext.Default.ReceiveMessageDto)!;

    [Benchmark]
    public ReceiveMessageDto Newtonsoft() => global::Newtonsoft.Json.JsonConvert.DeserializeObject<ReceiveMessageDto>(_text, BenchmarkPayloads.NewtonsoftSettings)!;
}

/// <summary>Reading an event report from UTF-8 bytes.</summary>
[MemoryDiagnoser]
public class DeserializeEventReport
{
    private readonly byte[] _utf8 = BenchmarkPayloads.EventReport;
    private readonly string _text = System.Text.Encoding.UTF8.GetString(BenchmarkPayloads.EventReport);

    [GlobalSetup]
    public void Setup()
    {
        if (Generated().ResultCode != 112003 || Handwritten().ResultCode != 112003 || StjSourceGen().ResultCode != 112003 || Newtonsoft().ResultCode != 112003)
        {
            throw new InvalidOperationException("a reader got the event report wrong");
        }
    }

    [Benchmark(Baseline = true)]
    public EventReport Generated() => EventReport.Parse(_utf8);

    [Benchmark]
    public EventReport Handwritten() => Benchmarks.Handwritten.ReadEventReport(_utf8);

    [Benchmark]
    public EventReportDto StjReflection() => JsonSerializer.Deserialize<EventReportDto>(_utf8, BenchmarkPayloads.StjOptions)!;

    [Benchmark]
    public EventReportDto StjSourceGen() => JsonSerializer.Deserialize(_utf8, DtoJsonContext.Default.EventReportDto)!;

    [Benchmark]
    public EventReportDto Newtonsoft() => global::Newtonsoft.Json.JsonConvert.DeserializeObject<EventReportDto>(_text, BenchmarkPayloads.NewtonsoftSettings)!;
}
