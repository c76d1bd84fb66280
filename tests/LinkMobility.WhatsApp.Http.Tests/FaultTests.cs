using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>
/// FaultTests run with no other test beside them: one of them bounds the whole process's allocations (GC.GetTotalAllocatedBytes),
/// which tests running in parallel would add to.
/// </summary>
[CollectionDefinition("faults, measured alone", DisableParallelization = true)]
public sealed class FaultsMeasuredAlone;

/// <summary>
/// Servers that misbehave, on loopback. Retries happen only where no message can have been sent
/// (no connection, 429 with Retry-After); the requests each server saw are counted.
/// </summary>
[Collection("faults, measured alone")]
public class FaultTests
{
    private static WhatsAppClient Client(Uri baseUrl, HttpMessageHandler? handler = null, TimeSpan? timeout = null) =>
        new(new HttpClient(handler ?? new SocketsHttpHandler()) { Timeout = timeout ?? TimeSpan.FromSeconds(30) },
            new WhatsAppClientOptions { BaseUrl = baseUrl, Username = "u", Password = "p", AllowInsecureHttp = true });

    /// <summary>A Kestrel server on loopback whose answer to the n-th request (from 1) <paramref name="answer"/> decides.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private Server(WebApplication app) => _app = app;

        public int Requests => _requests;

        public Uri BaseUrl { get; private set; } = null!;

        public static async Task<Server> StartAsync(Func<int, HttpContext, Task> answer)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            WebApplication app = builder.Build();
            var server = new Server(app);
            app.MapPost("/api/messages", context => answer(Interlocked.Increment(ref server._requests), context));
            await app.StartAsync();
            server.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api");
            return server;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private static Task Queued(HttpContext context) =>
        context.Response.WriteAsync("""{"resultCode":112001,"description":"queued","messageIds":["a","b"]}""");

    [Theory]
    [InlineData("seconds")]
    [InlineData("date")]
    public async Task A_429_with_retry_after_is_retried_once_it_has_waited(string form)
    {
        await using var server = await Server.StartAsync(async (n, context) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = form == "seconds" ? "1" : DateTimeOffset.UtcNow.AddSeconds(1).ToString("R");
                return;
            }
            await Queued(context);
        });
        var started = DateTimeOffset.UtcNow;
        MessageResponse response = await Client(server.BaseUrl).SendAsync(ClientTests.Request());

        Assert.Equal(2, server.Requests);
        Assert.Equal(2, response.MessageIds!.Count);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(form == "seconds" ? 900 : 1), "it waited");
    }

    [Fact]
    public async Task A_429_without_retry_after_is_not_retried()
    {
        await using var server = await Server.StartAsync((_, context) => { context.Response.StatusCode = 429; return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_500_with_html_gives_the_status_and_a_snippet()
    {
        await using var server = await Server.StartAsync((_, context) =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
        });
        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Equal(500, ex.StatusCode);
        Assert.Null(ex.Error);
        Assert.Contains("<h1>502 Bad Gateway</h1>", ex.BodySnippet);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task An_empty_error_body_still_says_what_happened()
    {
        await using var server = await Server.StartAsync((_, context) => { context.Response.StatusCode = 500; return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Equal("The WhatsApp Message API answered 500 with an empty body", ex.Message);
    }

    [Fact]
    public async Task A_403_error_response_is_typed()
    {
        await using var server = await Server.StartAsync((_, context) =>
        {
            context.Response.StatusCode = 403;
            return context.Response.WriteAsync("""{"resultCode":112401,"description":"No access","translatedDescription":"Ingen åtkomst"}""");
        });
        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Equal((403, 112401, "Ingen åtkomst"), (ex.StatusCode, ex.ResultCode!.Value, ex.Error!.TranslatedDescription!));
        Assert.Contains("(No access. Missing access. Contact support.)", ex.Message);
    }

    [Fact]
    public async Task A_reset_after_the_request_went_out_is_an_unknown_outcome_and_not_retried()
    {
        using var server = new OneRequestServer(client =>
        {
            client.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
            client.Close();
            return Task.CompletedTask;
        });

        // Caught as the family: it says the message may have gone out.
        WhatsAppException caught = await Assert.ThrowsAnyAsync<WhatsAppException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.True(caught.MayHaveBeenSent);
        var ex = Assert.IsType<WhatsAppOutcomeUnknownException>(caught);
        await server.Served;
        Assert.Equal("order-42", ex.RefId);
        Assert.Contains("It was not sent again", ex.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_success_cut_short_of_its_declared_length_is_an_unknown_outcome_and_not_retried()
    {
        using var server = new OneRequestServer(async client =>
        {
            // 200 promising 500 bytes, then 20 of them and the connection closes.
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"resultCode\":112001,"));
            client.Close();
        });

        var ex = await Assert.ThrowsAsync<WhatsAppOutcomeUnknownException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        await server.Served;
        Assert.Equal("order-42", ex.RefId);
        Assert.Contains("answered 200, so the messages were most likely queued, but its body could not be read", ex.Message);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_success_is_read_with_or_without_a_declared_length(bool declared)
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"resultCode":112001,"description":"queued","messageIds":["a","b"]}""");
        await using var server = await Server.StartAsync((_, context) =>
        {
            if (declared) context.Response.ContentLength = body.Length;   // otherwise chunked
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        MessageResponse response = await Client(server.BaseUrl).SendAsync(ClientTests.Request());
        Assert.Equal(["a", "b"], response.MessageIds);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_an_unknown_outcome_and_not_retried()
    {
        using var stop = new CancellationTokenSource();
        using var server = new OneRequestServer(async client =>
        {
            try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
        });

        var ex = await Assert.ThrowsAsync<WhatsAppOutcomeUnknownException>(() => Client(server.BaseUrl, timeout: TimeSpan.FromMilliseconds(700)).SendAsync(ClientTests.Request()));
        stop.Cancel();
        await server.Served;
        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_because_nothing_was_sent()
    {
        // A port nothing listens on: every attempt is refused before a byte of the request goes out.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var counting = new CountingHandler(new SocketsHttpHandler());
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => Client(new Uri($"http://127.0.0.1:{port}/api"), counting).SendAsync(ClientTests.Request()));

        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Equal(3, counting.Attempts); // the first try and MaxRetries (2) more
    }

    /// <summary>A server that points every request at <paramref name="target"/> with <paramref name="status"/>.</summary>
    private static Task<Server> Redirecting(int status, Server target) => Server.StartAsync((_, context) =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = target.BaseUrl + "/messages";
        return Task.CompletedTask;
    });

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_an_error_that_says_where_it_pointed_and_is_never_followed(int status)
    {
        await using var target = await Server.StartAsync((_, context) => Queued(context));
        await using var server = await Redirecting(status, target);

        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() =>
            new WhatsAppClient(new HttpClient(WhatsAppClient.CreateHandler()), new WhatsAppClientOptions { BaseUrl = server.BaseUrl, Username = "u", Password = "p", AllowInsecureHttp = true })
                .SendAsync(ClientTests.Request()));
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains($"redirected to {target.BaseUrl}/messages", ex.Message);
        Assert.Equal((1, 0), (server.Requests, target.Requests));
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_a_handler_followed_is_an_unknown_outcome_not_a_success(int status)
    {
        // An HttpClient of the user's own that follows redirects: the body went to the other server, which said "queued".
        await using var target = await Server.StartAsync((_, context) => Queued(context));
        await using var server = await Redirecting(status, target);

        var ex = await Assert.ThrowsAsync<WhatsAppOutcomeUnknownException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Contains("a send must never be redirected", ex.Message);
        Assert.Equal("order-42", ex.RefId);
        Assert.Equal((1, 1), (server.Requests, target.Requests));
    }

    [Fact]
    public async Task The_client_from_dependency_injection_does_not_follow_redirects()
    {
        await using var target = await Server.StartAsync((_, context) => Queued(context));
        await using var server = await Redirecting(308, target);
        var services = new ServiceCollection();
        services.AddWhatsAppClient(o => { o.BaseUrl = server.BaseUrl; o.Username = "u"; o.Password = "p"; o.AllowInsecureHttp = true; });
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => provider.GetRequiredService<WhatsAppClient>().SendAsync(ClientTests.Request()));
        Assert.Equal(308, ex.StatusCode);
        Assert.Equal(0, target.Requests);
    }

    /// <summary>Writes <paramref name="megabytes"/> MB of JSON-ish filler, chunked (no Content-Length).</summary>
    private static async Task Flood(HttpContext context, int status, int megabytes)
    {
        context.Response.StatusCode = status;
        byte[] chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        await context.Response.WriteAsync("{\"description\":\"");
        try
        {
            for (int i = 0; i < megabytes * 16; i++) await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client stopped reading, as it should.
        }
    }

    [Fact]
    public async Task A_huge_answer_to_a_success_is_read_only_up_to_the_cap_and_is_an_unknown_outcome()
    {
        await using var server = await Server.StartAsync((_, context) => Flood(context, 200, megabytes: 64));
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = await Assert.ThrowsAsync<WhatsAppOutcomeUnknownException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("more than the 1048576 bytes MaxResponseBytes allows", ex.Message);
        Assert.Contains("most likely queued", ex.Message);
        // The whole process's allocations (the server's writes among them) stay far below the 64 MB sent.
        Assert.True(allocated < 24L * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated while refusing a 64 MB answer");
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_declared_length_past_the_cap_is_refused_before_reading()
    {
        await using var server = await Server.StartAsync(async (_, context) =>
        {
            context.Response.ContentLength = 2L * 1024 * 1024 * 1024;
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{\"resultCode\":"));
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { });
        });
        var ex = await Assert.ThrowsAsync<WhatsAppOutcomeUnknownException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Contains("the body is 2147483648 bytes", ex.Message);
    }

    [Fact]
    public async Task A_huge_error_body_is_cut_at_the_cap()
    {
        await using var server = await Server.StartAsync((_, context) => Flood(context, 500, megabytes: 16));
        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Equal(500, ex.StatusCode);
        Assert.EndsWith("(the body was cut at 1048576 bytes)", ex.BodySnippet);
    }

    [Theory]
    [InlineData("<html>queued</html>")]
    [InlineData("{\"resultCode\":112001,\"messageIds\":[\"a\"")]
    [InlineData("{\"resultCode\":112001,\"description\":\"\\ud800\",\"messageIds\":[\"a\"]}")]
    public async Task A_success_whose_body_cannot_be_read_is_an_unknown_outcome_with_the_ref_id(string body)
    {
        await using var server = await Server.StartAsync((_, context) => context.Response.WriteAsync(body));
        var ex = await Assert.ThrowsAsync<WhatsAppOutcomeUnknownException>(() => Client(server.BaseUrl).SendAsync(ClientTests.Request()));
        Assert.Equal("order-42", ex.RefId);
        Assert.Contains("answered 200, so the messages were most likely queued, but its body could not be read", ex.Message);
        Assert.Equal(1, server.Requests);
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Attempts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A bare TCP server for one request: it reads the request, counts it, then does what it is told with the connection.</summary>
    private sealed class OneRequestServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _requests;

        public OneRequestServer(Func<TcpClient, Task> then)
        {
            _listener.Start();
            BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api");
            Served = Task.Run(async () =>
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync();
                await ReadRequestAsync(client.GetStream());
                Interlocked.Increment(ref _requests);
                await then(client);
            });
        }

        public Uri BaseUrl { get; }

        public Task Served { get; }

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Reads one HTTP request (headers and a Content-Length body).</summary>
    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        int headerEnd = -1, length = 0;
        while (true)
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0) return;
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            string text = received.ToString();
            if (headerEnd < 0 && (headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
            {
                var header = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                length = header is null ? 0 : int.Parse(header["Content-Length:".Length..].Trim());
            }
            if (headerEnd >= 0 && Encoding.UTF8.GetByteCount(text) - (headerEnd + 4) >= length) return;
        }
    }
}
