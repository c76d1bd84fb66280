using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Sandbox;

/// <summary>How the sandbox listens and whom it lets in.</summary>
public sealed class LinkSandboxOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="LinkSandbox.BaseUrl"/>).</summary>
    public int Port { get; set; }

    /// <summary>The Basic authentication user name the sandbox accepts.</summary>
    public string Username { get; set; } = "sandbox";

    /// <summary>The Basic authentication password the sandbox accepts.</summary>
    public string Password { get; set; } = "sandbox";

    /// <summary>The largest request body it reads; a larger one is answered 413.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// The WhatsApp Message API on loopback: POST {base}/messages with Basic authentication (401 and result code
/// 112400 otherwise), validation with the contract's validators (400 and 112402, the problems listed), and
/// 200 with result code 112001 and one message id per destination. Start it in a test with
/// <c>await using var sandbox = await LinkSandbox.StartAsync();</c>.
/// </summary>
public sealed class LinkSandbox : IAsyncDisposable
{
    /// <summary>The path of the base URL, as the real API's base URLs have it.</summary>
    public const string BasePath = "/whatsapp-message";

    private readonly WebApplication _app;
    private readonly LinkSandboxOptions _options;
    private readonly ConcurrentQueue<MessageRequest> _received = new();

    private LinkSandbox(WebApplication app, LinkSandboxOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The base URL to give the client (http on loopback; set AllowInsecureHttp).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request the sandbox accepted, in order.</summary>
    public IReadOnlyList<MessageRequest> ReceivedRequests => [.. _received];

    /// <summary>Starts a sandbox on 127.0.0.1.</summary>
    public static async Task<LinkSandbox> StartAsync(LinkSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LinkSandboxOptions();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        WebApplication app = builder.Build();
        var sandbox = new LinkSandbox(app, options);
        app.MapPost(BasePath + ApiDocument.SendMessages.Path, sandbox.SendMessagesAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sandbox.BaseUrl = new Uri(address.TrimEnd('/') + BasePath);
        return sandbox;
    }

    private async Task SendMessagesAsync(HttpContext context)
    {
        if (!Authorized(context.Request.Headers.Authorization))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"LINK sandbox\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, new ErrorResponse { ResultCode = ResultCodes.Unauthorized, Description = "Unauthorized" }.ToUtf8Json());
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new ErrorResponse { ResultCode = ResultCodes.BadRequest, Description = "Request too large" }.ToUtf8Json());
            return;
        }

        ValidationResult result = MessageRequest.ValidateJson(body);
        if (!result.IsValid)
        {
            var error = new ErrorResponse
            {
                ResultCode = ResultCodes.BadRequest,
                Description = "Bad request",
                TranslatedDescription = string.Join("; ", result.Errors),
            };
            await WriteAsync(context, StatusCodes.Status400BadRequest, error.ToUtf8Json());
            return;
        }

        MessageRequest request = MessageRequest.Parse(body);
        _received.Enqueue(request);
        var response = new MessageResponse
        {
            ResultCode = ResultCodes.Queued,
            Description = "Queued",
            MessageIds = [.. request.Destinations.Select(_ => NewMessageId())],
        };
        await WriteAsync(context, StatusCodes.Status200OK, response.ToUtf8Json());
    }

    private bool Authorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] expected = Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}");
        byte[] given;
        try
        {
            given = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>A 22-character id like the document's examples (8aU6cwxAKE9NzMLrS6M82Y).</summary>
    private static string NewMessageId()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return string.Create(22, 0, static (chars, _) =>
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    private static Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
