using System.Buffers;
using System.Text;
using System.Text.Json;
using LinkMobility.WhatsApp.Serialization;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa inspect FILE...</c>: what each payload is, then the payload re-written from the typed model.</summary>
internal static class InspectCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!Cli.TryParse(args, ["--json", "--help", "-h"], out var options, out var files, stderr, "inspect")) return Cli.Usage;
        if (options.Contains("--help") || options.Contains("-h"))
        {
            stdout.WriteLine("Usage: linkwa inspect [--json] FILE...");
            stdout.WriteLine();
            stdout.WriteLine("Says what each JSON payload is (message request, message response, error response, event report,");
            stdout.WriteLine("receive message, alternative receive message, or a single message), then prints it re-written");
            stdout.WriteLine("from the typed model: the canonical form, with members the contract does not know left out");
            stdout.WriteLine("(callbacks keep them).");
            stdout.WriteLine();
            stdout.WriteLine("  --json   print only the re-written JSON, one document per line, for scripts");
            stdout.WriteLine();
            stdout.WriteLine("Exit codes: 0 every file was read, 1 a file could not be read, 2 wrong usage.");
            return Cli.Ok;
        }
        if (files.Count == 0)
        {
            stderr.WriteLine("linkwa inspect: name at least one JSON file. Run 'linkwa inspect --help'.");
            return Cli.Usage;
        }

        bool jsonOnly = options.Contains("--json");
        int exit = Cli.Ok;
        foreach (string file in files)
        {
            if (!Inspect(file, jsonOnly, stdout, stderr)) exit = Cli.Unreadable;
        }
        return exit;
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
