using System.CommandLine;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa send</c>: a text, or a request from a JSON file, to the real API or a sandbox.</summary>
internal sealed class SendCommand : CliCommand
{
    private readonly ApiConnection _connection = new();
    private readonly Option<string> _file = new("--file", "-f") { Description = "A message request to send as it is", HelpName = "REQUEST.json" };
    private readonly Option<string> _text = new("--text") { Description = "The text of a text message" };
    private readonly Option<string> _to = new("--to") { Description = "The destinations, separated by commas", HelpName = "MSISDN[,MSISDN...]" };
    private readonly Option<string> _refId = new("--ref-id") { Description = "The request's refId (a new one by default)" };
    private readonly Option<string> _templates = TemplatesOption("A templates file: template messages are checked against it before they leave");
    private readonly Option<string> _namespace = NamespaceOption();

    public override int Order => 40;

    public override string Summary => "Send a text or a request from a JSON file to the API or a sandbox";

    public override string Details =>
        "Send a message request and print the message ids: a request from --file, or a text from --text, --to, --from, " +
            "--platform-id and --partner-id. The request is validated before it leaves, and with --templates its template " +
            "messages are checked against that templates file.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa send --region NEu --user me --password secret --platform-id P --partner-id PP --from +4670000000 --to +46700000001 --text Hello",
        "LINKWA_URL=http://127.0.0.1:5005/whatsapp-message linkwa send --allow-http --user sandbox --password sandbox --file request.json",
        "linkwa send @send.rsp   (options read from a response file)",
    ];

    public override string ExitCodes => "0 queued, 1 invalid, refused or failed, 2 wrong usage.";

    public override Command Create()
    {
        Command command = _connection.Command("send", Summary,
            _file, _text, _to, _connection.From, _connection.PlatformId, _connection.PartnerId, _refId, _templates, _namespace);
        command.SetAction(parseResult => Run(parseResult, Out(parseResult), Error(parseResult)));
        return command;
    }

    private int Run(ParseResult parseResult, TextWriter stdout, TextWriter stderr)
    {
        if (_connection.ClientOptions(parseResult, "send", stderr) is not { } clientOptions) return Cli.Usage;
        // Only the templates named here: linkwa's own demo templates are not the user's.
        clientOptions.Templates = new TemplateRegistry([]);
        if (parseResult.GetValue(_templates) is { } templatesFile)
        {
            if (TemplatesCommand.Load(templatesFile, parseResult.GetValue(_namespace), stderr) is not { IsValid: true } loaded) return Cli.Unreadable;
            clientOptions.Templates = loaded.Templates;
        }
        MessageRequest request;
        if (parseResult.GetValue(_file) is { } file)
        {
            if (!Cli.TryReadFile(file, stderr, out byte[] json)) return Cli.Unreadable;
            try
            {
                request = MessageRequest.Parse(json);
            }
            catch (WhatsAppJsonException ex)
            {
                stderr.WriteLine($"{file}: {ex.Message}");
                return Cli.Unreadable;
            }
        }
        else if (parseResult.GetValue(_text) is { } text && parseResult.GetValue(_to) is { } to && parseResult.GetValue(_connection.From) is { } from
            && parseResult.GetValue(_connection.PlatformId) is { } platform && parseResult.GetValue(_connection.PartnerId) is { } partner)
        {
            request = new MessageRequest
            {
                PlatformId = platform, PlatformPartnerId = partner, Priority = Priority.Normal,
                RefId = parseResult.GetValue(_refId) ?? "linkwa-" + Guid.NewGuid().ToString("N")[..12],
                Source = from, Destinations = [.. to.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                Messages = [new TextMessage { Text = new() { Body = text } }],
            };
        }
        else
        {
            return Cli.Fail(stderr, "send", "give --file, or --text with --to, --from, --platform-id and --partner-id");
        }

        try
        {
            using var http = new HttpClient(WhatsAppClient.CreateHandler());
            MessageResponse response = new WhatsAppClient(http, clientOptions).SendAsync(request).GetAwaiter().GetResult();
            stdout.WriteLine($"{response.Description} ({response.ResultCode}), refId {request.RefId}");
            for (int i = 0; i < (response.MessageIds?.Count ?? 0); i++)
            {
                stdout.WriteLine($"{request.Destinations.ElementAtOrDefault(i) ?? "?"}: {response.MessageIds![i]}");
            }
            return Cli.Ok;
        }
        catch (InvalidOperationException ex)
        {
            return Cli.Fail(stderr, "send", ex.Message);
        }
        catch (Exception ex) when (ex is WhatsAppValidationException or WhatsAppApiException or WhatsAppOutcomeUnknownException or HttpRequestException)
        {
            stderr.WriteLine($"linkwa send: {ex.Message}");
            return Cli.Unreadable;
        }
    }
}
