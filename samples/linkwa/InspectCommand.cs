using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using LinkMobility.WhatsApp.Serialization;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa inspect FILE...</c>: what each payload is, then the payload re-written from the typed model.</summary>
internal sealed class InspectCommand : CliCommand
{
    private readonly Option<bool> _json = new("--json", "-j")
    {
        Description = "Print only the re-written JSON, one document per line, for scripts",
    };

    private readonly Argument<string[]> _files = new("FILE")
    {
        Description = "JSON payloads: requests, responses, callbacks or single messages",
        Arity = ArgumentArity.OneOrMore,
    };

    public override int Order => 10;

    public override string Summary => "Say what each JSON payload is and print it re-written from the typed model";

    public override string Details =>
        "Say what each JSON payload is (message request, message response, error response, event report, receive message, " +
            "alternative receive message, or a single message), then print it re-written from the typed model: the canonical " +
            "form, with members the contract does not know left out (callbacks keep them).";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa inspect request.json event-report.json",
        "linkwa inspect --json callbacks/*.json | jq .messageId",
    ];

    public override string ExitCodes => "0 every file was read, 1 a file could not be read, 2 wrong usage.";

    public override Command Create()
    {
        RejectUnknownOptions(_files);
        var command = new Command("inspect", Summary)
        {
            _json,
            _files,
        };
        command.SetAction(parseResult =>
        {
            bool jsonOnly = parseResult.GetValue(_json);
            int exit = Cli.Ok;
            foreach (string file in parseResult.GetValue(_files)!)
            {
                if (!Inspect(file, jsonOnly, Out(parseResult), Error(parseResult))) exit = Cli.Unreadable;
            }
            return exit;
        });
        return command;
    }

    private static bool Inspect(string file, bool jsonOnly, TextWriter stdout, TextWriter stderr)
    {
        if (!Cli.TryReadFile(file, stderr, out byte[] utf8)) return false;

        try
        {
            PayloadInfo? payload = Payloads.Detect(utf8);
            if (payload is null)
            {
                stderr.WriteLine($"{file}: not a payload of the {ApiDocument.Title} {ApiDocument.Version}; its members match none of: " +
                    string.Join(", ", Payloads.All.Select(p => $"{p.Title} ({string.Join(", ", p.Detect)})")));
                return false;
            }

            object model = Payloads.Read(payload, utf8);
            if (jsonOnly)
            {
                stdout.WriteLine(Write(model, JsonWrite.WriterOptions));
                return true;
            }
            string variant = model.GetType() == payload.Type ? payload.Type.Name : $"{payload.Type.Name}, {model.GetType().Name}";
            stdout.WriteLine($"{file}: {payload.Title} ({variant})");
            stdout.WriteLine(Write(model, JsonWrite.IndentedWriterOptions));
            return true;
        }
        catch (WhatsAppJsonException ex)
        {
            string where = ex.Line is { } line ? $"line {line}, position {ex.Position}: " : "";
            stderr.WriteLine($"{file}: {where}{ex.Reason} (at {ex.JsonPath})");
            return false;
        }
    }

    private static string Write(object model, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options)) Payloads.Write(writer, model);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
