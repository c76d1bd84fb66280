using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// The send path against its floor: WhatsAppClient.SendAsync (validation on, the document's rules and the
/// benchmark's templates) and a raw HttpClient POST of the same bytes, with the same headers, through the same
/// HttpClient, to one loopback server that answers a canned MessageResponse. The server runs in a child process, so
/// its work and its allocations are not counted in ours; both contenders pay for it alike.
/// </summary>
internal sealed class SendPath : IDisposable
{
    private const string ServerFlag = "--canned-server";
    private readonly Process _server;
    private readonly HttpClient _http;
    private readonly WhatsAppClient _client;
    private readonly MessageRequest _request;
    private readonly MessageRequestDto _dto;
    private readonly byte[] _body;
    private readonly Uri _uri;
    private readonly AuthenticationHeaderValue _authorization;
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public SendPath()
    {
        ProcessStartInfo start = ThisProgram.Again([ServerFlag]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardInput = true;
        _server = Process.Start(start)!;
        string? line = _server.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal)) throw new InvalidOperationException($"The canned server did not start: {line}");
        var options = new WhatsAppClientOptions { BaseUrl = new Uri(line["listening ".Length..]), AllowInsecureHttp = true, Username = "bench", Password = "secret" };
        _http = new HttpClient(WhatsAppClient.CreateHandler());
        _client = new WhatsAppClient(_http, options);
        _request = MessageRequest.Parse(BenchmarkPayloads.Request);
        _body = _request.ToUtf8Json();
        _dto = System.Text.Json.JsonSerializer.Deserialize(BenchmarkPayloads.Request, DtoJsonContext.Default.MessageRequestDto)!;
        _uri = _client.SendUri;
        _authorization = BasicCredentials.Header(options.Username, options.Password);

        // Both must be answered, and the client must find the request valid, or the comparison means nothing.
        if (Send().GetAwaiter().GetResult() is not { ResultCode: 112001 }) throw new InvalidOperationException("the client's send was not answered 112001");
        Raw().GetAwaiter().GetResult();
        if (HttpClientStj().GetAwaiter().GetResult() is not { ResultCode: 112001 }) throw new InvalidOperationException("the STJ peer's send was not answered 112001");
        Client = Contender.OfAsync("send.client", Send, Concurrency);
        RawHttpClient = Contender.OfAsync("send.raw-httpclient", Raw, Concurrency);
        HttpClientStjPeer = Contender.OfAsync("send.httpclient-stj", HttpClientStj, Concurrency);
    }

    /// <summary>Sends in flight at once: enough to keep both cores busy, so the time per send is what a send costs.</summary>
    public const int Concurrency = 16;

    public Contender Client { get; }

    public Contender RawHttpClient { get; }

    /// <summary>What a user who does not take the SDK writes: STJ source generation both ways, no validation.</summary>
    public Contender HttpClientStjPeer { get; }


    private Task<MessageResponse> Send() => _client.SendAsync(_request);

    /// <summary>What any client has to do: post the bytes with the same headers, and read the answer.</summary>
    private async Task Raw()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(_body) };
        message.Content.Headers.ContentType = Json;
        message.Headers.Authorization = _authorization;
        using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        byte[] answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (answer.Length == 0) throw new InvalidOperationException("empty answer");
    }

    /// <summary>
    /// The peer: the same request as a DTO, serialized with STJ source generation, posted with the same headers through
    /// the same HttpClient, and the MessageResponse read with STJ source generation.
    /// </summary>
    private async Task<MessageResponseDto?> HttpClientStj()
    {
        byte[] body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_dto, DtoJsonContext.Default.MessageRequestDto);
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = Json;
        message.Headers.Authorization = _authorization;
        using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using Stream answer = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return await System.Text.Json.JsonSerializer.DeserializeAsync(answer, DtoJsonContext.Default.MessageResponseDto).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.StandardInput.Close();   // the server stops when its input ends
        if (!_server.WaitForExit(5000)) _server.Kill();
        _server.Dispose();
    }

    /// <summary>Runs the canned server when the benchmark is started with its flag; null otherwise.</summary>
    public static int? ServeIfAsked(string[] args)
    {
        if (!args.Contains(ServerFlag)) return null;
        byte[] canned = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "message-response.json"));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.MapPost(ApiDocument.SendMessages.Path, async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = canned.Length;
            await context.Response.Body.WriteAsync(canned);
        });
        app.StartAsync().GetAwaiter().GetResult();
        string address = app.Urls.First();
        Console.WriteLine($"listening {address}");
        Console.Out.Flush();
        while (Console.In.ReadLine() is not null)
        {
        }
        app.StopAsync().GetAwaiter().GetResult();
        return 0;
    }
}
