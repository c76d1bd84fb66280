using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa send</c>: a text, or a request from a JSON file, to the real API or a sandbox.</summary>
internal static class SendCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string[] valued = ["--url", "--region", "--user", "--password", "--to", "--from", "--text", "--file", "--platform-id", "--partner-id", "--ref-id", "--templates", "--namespace"];
        if (!Cli.TryParseValues(args, valued, ["--help", "-h", "--allow-http"], out var values, out var flags, out var operands, stderr, "send")) return Cli.Usage;
        if (flags.Contains("--help") || flags.Contains("-h"))
        {
            stdout.WriteLine("Usage: linkwa send (--file REQUEST.json | --text TEXT --to MSISDN --from MSISDN --platform-id ID --partner-id ID)");
            stdout.WriteLine("                   [--url BASE_URL | --region NEu|CEu|SEu|No|Deb] [--user NAME] [--password SECRET] [--allow-http] [--ref-id ID]");
            stdout.WriteLine("                   [--templates TEMPLATES_FILE [--namespace LINK_NAMESPACE]]");
            stdout.WriteLine();
            stdout.WriteLine("Sends a message request and prints the message ids. The base URL, user and password may also come from");
            stdout.WriteLine("LINKWA_URL (or LINKWA_REGION), LINKWA_USER and LINKWA_PASSWORD. The request is validated before it leaves,");
            stdout.WriteLine("and with --templates its template messages are checked against that templates file.");
            stdout.WriteLine("Exit codes: 0 queued, 1 invalid, refused or failed, 2 wrong usage.");
            return Cli.Ok;
        }
        if (operands.Count > 0) return Cli.Fail(stderr, "send", $"unexpected argument '{operands[0]}'");
        var options = new Dictionary<string, string>(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));
        string? Setting(string option, string variable) => options.TryGetValue(option, out string? value) ? value : Environment.GetEnvironmentVariable(variable);

        var clientOptions = new WhatsAppClientOptions
        {
            Username = Setting("--user", "LINKWA_USER") ?? "",
            Password = Setting("--password", "LINKWA_PASSWORD") ?? "",
            AllowInsecureHttp = flags.Contains("--allow-http"),
            // Only the templates named here: linkwa's own demo templates are not the user's.
            Templates = new TemplateRegistry([]),
        };
        if (options.TryGetValue("--templates", out string? templatesFile))
        {
            if (TemplatesCommand.Load(templatesFile, options.GetValueOrDefault("--namespace"), stderr) is not { IsValid: true } loaded) return Cli.Unreadable;
            clientOptions.Templates = loaded.Templates;
        }
        if (Setting("--url", "LINKWA_URL") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? baseUrl)) return Cli.Fail(stderr, "send", $"'{url}' is not an absolute URL");
            clientOptions.BaseUrl = baseUrl;
        }
        else if (Setting("--region", "LINKWA_REGION") is { } region)
        {
            if (!Enum.TryParse(region, ignoreCase: true, out LinkRegion parsed)) return Cli.Fail(stderr, "send", $"'{region}' is not a region ({string.Join(", ", Enum.GetNames<LinkRegion>())})");
            clientOptions.Region = parsed;
        }
        else
        {
            return Cli.Fail(stderr, "send", "say where to send with --url or --region (or LINKWA_URL / LINKWA_REGION)");
        }

        MessageRequest request;
        if (options.TryGetValue("--file", out string? file))
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
        else if (options.TryGetValue("--text", out string? text) && options.TryGetValue("--to", out string? to) && options.TryGetValue("--from", out string? from)
            && options.TryGetValue("--platform-id", out string? platform) && options.TryGetValue("--partner-id", out string? partner))
        {
            request = new MessageRequest
            {
                PlatformId = platform, PlatformPartnerId = partner, Priority = Priority.Normal,
                RefId = options.GetValueOrDefault("--ref-id") ?? "linkwa-" + Guid.NewGuid().ToString("N")[..12],
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
