using System.CommandLine;

namespace LinkMobility.WhatsApp.Cli;

/// <summary>Where a command sends, and as whom: --url or --region, --user, --password, --allow-http (or LINKWA_* variables).</summary>
internal sealed class ApiConnection
{
    private readonly Option<string> _url = new("--url") { Description = "The API's base URL (or LINKWA_URL)", HelpName = "BASE_URL" };
    private readonly Option<string> _region = new("--region") { Description = "LINK's region, instead of --url (or LINKWA_REGION)", HelpName = "NEu|CEu|SEu|No|Deb" };
    private readonly Option<string> _user = new("--user", "-u") { Description = "The Basic authentication user name (or LINKWA_USER)" };
    private readonly Option<string> _password = new("--password") { Description = "The password (or LINKWA_PASSWORD); never printed" };
    private readonly Option<bool> _allowHttp = new("--allow-http") { Description = "Allow a base URL without TLS, such as a sandbox on loopback" };

    // Who a request is from, in its own members: options a sending command lists among its own.
    public Option<string> From { get; } = new("--from") { Description = "The business phone number (the source)", HelpName = "MSISDN" };
    public Option<string> PlatformId { get; } = new("--platform-id") { Description = "Your platformId from LINK" };
    public Option<string> PartnerId { get; } = new("--partner-id") { Description = "Your platformPartnerId from LINK" };

    /// <summary>A command that sends: these options first, then its own.</summary>
    public Command Command(string name, string summary, params Option[] options)
    {
        var command = new Command(name, summary);
        foreach (Option option in (Option[])[_url, _region, _user, _password, _allowHttp, .. options]) command.Options.Add(option);
        return command;
    }

    /// <summary>Client options for what was given; null, with the problem printed, when it says nowhere to send.</summary>
    public WhatsAppClientOptions? ClientOptions(ParseResult parseResult, string command, TextWriter stderr)
    {
        string? Setting(Option<string> option, string variable) => parseResult.GetValue(option) ?? Environment.GetEnvironmentVariable(variable);

        var options = new WhatsAppClientOptions
        {
            Username = Setting(_user, "LINKWA_USER") ?? "",
            Password = Setting(_password, "LINKWA_PASSWORD") ?? "",
            AllowInsecureHttp = parseResult.GetValue(_allowHttp),
        };
        if (Setting(_url, "LINKWA_URL") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? baseUrl)) return Failed($"'{url}' is not an absolute URL");
            options.BaseUrl = baseUrl;
        }
        else if (Setting(_region, "LINKWA_REGION") is { } region)
        {
            if (!Enum.TryParse(region, ignoreCase: true, out LinkRegion parsed)) return Failed($"'{region}' is not a region ({string.Join(", ", Enum.GetNames<LinkRegion>())})");
            options.Region = parsed;
        }
        else
        {
            return Failed("say where to send with --url or --region (or LINKWA_URL / LINKWA_REGION)");
        }
        return options;

        WhatsAppClientOptions? Failed(string problem)
        {
            Cli.Fail(stderr, command, problem);
            return null;
        }
    }
}
