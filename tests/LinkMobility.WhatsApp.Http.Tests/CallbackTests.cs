using LinkMobility.WhatsApp.Testing;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LinkMobility.WhatsApp.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>The callback endpoint over real HTTP: good, malformed, oversized, unauthenticated, foreign and repeated deliveries.</summary>
public class CallbackTests
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "schema", "examples", name));

    [Theory]
    [InlineData("event-report.json", typeof(EventReport))]
    [InlineData("receive-message-text.json", typeof(ReceiveMessage))]
    [InlineData("receive-message-media.json", typeof(ReceiveMessage))]
    [InlineData("alternative-receive-message-media.json", typeof(AlternativeReceiveMessage))]
    public async Task Each_callback_reaches_its_typed_handler(string example, Type type)
    {
        await using var receiver = await Receiver.StartAsync();
        using HttpResponseMessage response = await receiver.PostAsync(Example(example));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsType(type, Assert.Single(receiver.Recorder.Seen));
    }

    [Fact]
    public async Task Malformed_input_is_a_400_problem_with_its_path_never_a_500()
    {
        await using var receiver = await Receiver.StartAsync();
        string[] bad =
        [
            "{ not json",
            """{"messageId":"m","messageIndex":"first"}""",
            Example("message-request.json"),
            """{"messageIndex":0,"resultCode":112003}""",
            "",
            """{"messageId":"m\ud800","messageIndex":0}""",
        ];
        foreach (string body in bad)
        {
            using HttpResponseMessage response = await receiver.PostAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Malformed callback", problem.RootElement.GetProperty("title").GetString());
        }
        using HttpResponseMessage typed = await receiver.PostAsync("""{"messageId":"m","messageIndex":"first"}""");
        Assert.Contains("\"path\":\"messageIndex\"", await typed.Content.ReadAsStringAsync());
        Assert.Empty(receiver.Recorder.Seen);
    }

    [Fact]
    public async Task Damaged_callbacks_are_never_answered_with_a_5xx()
    {
        await using var receiver = await Receiver.StartAsync();
        byte[][] bad = [[0xC3, 0x28], [0xFF], "\\ud800"u8.ToArray(), "1e309"u8.ToArray(), "null"u8.ToArray(), "{"u8.ToArray(), "]"u8.ToArray()];
        var statuses = new List<int>();
        foreach (string example in new[] { "event-report.json", "receive-message-text.json", "receive-message-media.json", "alternative-receive-message-media.json" })
        {
            byte[] original = System.Text.Encoding.UTF8.GetBytes(Example(example));
            for (int seed = 0; seed < 100; seed++)
            {
                var random = new Random(seed);
                var bytes = new List<byte>(original);
                for (int edit = 0; edit < 3; edit++)
                {
                    int at = random.Next(bytes.Count);
                    if (random.Next(2) == 0) bytes[at] = (byte)random.Next(256);
                    else bytes.InsertRange(at, bad[random.Next(bad.Length)]);
                }
                using var content = new ByteArrayContent([.. bytes]);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using HttpResponseMessage response = await receiver.Http.PostAsync(receiver.Url, content);
                statuses.Add((int)response.StatusCode);
            }
        }
        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.Contains(400, statuses);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        await using var receiver = await Receiver.StartAsync(o => o.MaxBodyBytes = 1000);
        string big = Example("event-report.json").Replace("\"customKey1\": \"customValue1\"", $"\"customKey1\": \"{new string('x', 2000)}\"");
        using HttpResponseMessage response = await receiver.PostAsync(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(receiver.Recorder.Seen);
    }

    [Fact]
    public async Task A_body_without_a_length_or_in_many_pieces_is_read_whole_and_still_limited()
    {
        await using var receiver = await Receiver.StartAsync(o => o.MaxBodyBytes = 64 * 1024);
        // 40 KB, sent chunked in 1 KB writes: no Content-Length, and more than one of the server's buffers.
        string large = Example("event-report.json").Replace("\"customKey1\": \"customValue1\"", $"\"customKey1\": \"{new string('x', 40_000)}\"");
        using (HttpResponseMessage response = await receiver.Http.PostAsync(receiver.Url, new ChunkedContent(Encoding.UTF8.GetBytes(large))))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        EventReport report = Assert.IsType<EventReport>(Assert.Single(receiver.Recorder.Seen));
        Assert.Equal(40_000, report.CustomParameters!["customKey1"]!.Length);

        string tooLarge = large.Replace(new string('x', 40_000), new string('y', 80_000));
        using (HttpResponseMessage response = await receiver.Http.PostAsync(receiver.Url, new ChunkedContent(Encoding.UTF8.GetBytes(tooLarge))))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        Assert.Single(receiver.Recorder.Seen);
    }

    /// <summary>A JSON body of unknown length (so sent chunked), written a kilobyte at a time.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] body;

        public ChunkedContent(byte[] body)
        {
            this.body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (int at = 0; at < body.Length; at += 1024)
            {
                await stream.WriteAsync(body.AsMemory(at, Math.Min(1024, body.Length - at)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Without_the_right_credentials_a_callback_is_a_401_with_www_authenticate()
    {
        await using var receiver = await Receiver.StartAsync(o => { o.Username = "link"; o.Password = "gate-secret"; });
        foreach (var (user, password) in new (string?, string?)[] { (null, null), ("link", "wrong"), ("other", "gate-secret") })
        {
            using HttpResponseMessage response = await receiver.PostAsync(Example("event-report.json"), user, password);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        using HttpResponseMessage ok = await receiver.PostAsync(Example("event-report.json"), "link", "gate-secret");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Single(receiver.Recorder.Seen);
    }

    [Fact]
    public async Task Only_LINKs_addresses_are_let_in_when_the_allow_list_is_on()
    {
        await using (var strict = await Receiver.StartAsync(o => o.RestrictToLinkHosts = true))
        {
            using HttpResponseMessage response = await strict.PostAsync(Example("event-report.json"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // loopback is not a LINK host
            Assert.Empty(strict.Recorder.Seen);
        }
        await using var local = await Receiver.StartAsync(o => { o.RestrictToLinkHosts = true; o.AdditionalAllowedAddresses.Add(IPAddress.Loopback); });
        using HttpResponseMessage allowed = await local.PostAsync(Example("event-report.json"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_repeated_delivery_is_handled_once_but_each_report_of_a_message_is_handled()
    {
        await using var receiver = await Receiver.StartAsync();
        string delivered = Example("event-report.json");
        string sent = delivered.Replace("112003", "112002");
        foreach (string body in new[] { sent, delivered, delivered, sent, delivered })
        {
            using HttpResponseMessage response = await receiver.PostAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // duplicates are acknowledged, so LINK stops sending them
        }
        Assert.Equal([112002, 112003], receiver.Recorder.Seen.Cast<EventReport>().Select(r => r.ResultCode!.Value));
    }

    [Fact]
    public void Mapping_without_the_registrations_fails_at_start_up_naming_what_is_missing()
    {
        WebApplication bare = WebApplication.CreateSlimBuilder().Build();
        var missing = Assert.Throws<InvalidOperationException>(() => bare.MapWhatsAppCallbacks("/callbacks"));
        Assert.Contains("AddWhatsAppCallbacks", missing.Message);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWhatsAppCallbacks();
        WebApplication noHandler = builder.Build();
        var handler = Assert.Throws<InvalidOperationException>(() => noHandler.MapWhatsAppCallbacks("/callbacks"));
        Assert.Contains("IWhatsAppCallbackHandler", handler.Message);
    }

    [Fact]
    public async Task A_delivery_whose_handler_failed_is_handled_when_LINK_repeats_it()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Recorder.FailNext = 1;
        using (HttpResponseMessage failed = await receiver.PostAsync(Example("event-report.json")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        using HttpResponseMessage retried = await receiver.PostAsync(Example("event-report.json"));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(receiver.Recorder.Seen);
    }

    [Fact]
    public async Task A_copy_of_a_delivery_still_being_handled_is_not_acknowledged_so_a_failure_loses_nothing()
    {
        await using var receiver = await Receiver.StartAsync();
        var hold = new HoldGate(new TaskCompletionSource(), new TaskCompletionSource());
        receiver.Recorder.Hold = hold;
        receiver.Recorder.FailNext = 1;

        Task<HttpResponseMessage> first = receiver.PostAsync(Example("event-report.json"));
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using (HttpResponseMessage copy = await receiver.PostAsync(Example("event-report.json")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, copy.StatusCode);   // not "done": LINK keeps it
            Assert.Equal(TimeSpan.FromSeconds(5), copy.Headers.RetryAfter?.Delta);
        }
        hold.Gate.SetResult();
        using (HttpResponseMessage failed = await first) Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Empty(receiver.Recorder.Seen);

        using HttpResponseMessage retried = await receiver.PostAsync(Example("event-report.json"));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(receiver.Recorder.Seen);
        using HttpResponseMessage late = await receiver.PostAsync(Example("event-report.json"));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Single(receiver.Recorder.Seen);
    }

    [Fact]
    public async Task Many_callbacks_at_once_are_each_handled_exactly_once()
    {
        await using var receiver = await Receiver.StartAsync();
        string template = Example("event-report.json");
        // 50 messages, each delivered 4 times, all at once.
        var posts = Enumerable.Range(0, 50).SelectMany(i => Enumerable.Repeat(template.Replace("8aU6cwxAKE9NzMLrS6M82Y", $"message-{i:D3}"), 4))
            .Select(async body =>
            {
                // As LINK does: a copy answered 503 (its first copy still in hand) is tried again. The deadline is a guard
                // against a hang, not a budget: 50 tries of 20 ms could run out on a loaded 2-core machine.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (true)
                {
                    using HttpResponseMessage response = await receiver.PostAsync(body);
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable || clock.Elapsed > TimeSpan.FromSeconds(60)) return response.StatusCode;
                    await Task.Delay(20);
                }
            });
        HttpStatusCode[] statuses = await Task.WhenAll(posts);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(50, receiver.Recorder.Seen.Count);
        Assert.Equal(50, receiver.Recorder.Seen.Cast<EventReport>().Select(r => r.MessageId).Distinct().Count());
    }

    [Fact]
    public void The_parser_tells_the_three_callbacks_apart_and_keeps_what_it_does_not_know()
    {
        Callback callback = Callback.Parse(Encoding.UTF8.GetBytes(Example("receive-message-text.json").Replace("\"provider\": \"whatsapp\",", "\"provider\": \"whatsapp\", \"newMember\": 1,")));
        Assert.Equal(CallbackKind.ReceiveMessage, callback.Kind);
        Assert.Equal("receive:8aU6cwxAKE9NzMLrS6M82Y", callback.DeduplicationKey);
        Assert.Equal(1, callback.ReceiveMessage!.AdditionalMembers!["newMember"].GetInt32());

        var ex = Assert.Throws<WhatsAppJsonException>(() => Callback.Parse(Encoding.UTF8.GetBytes(Example("message-response.json"))));
        Assert.Contains("a message response, not a callback", ex.Message);
    }
}
