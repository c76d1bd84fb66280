#if NET10_0_OR_GREATER
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>
/// A test that needs the Node tools .ci/run installs into .ci/tools (Redocly CLI, Prism). Without them it is skipped,
/// saying why, unless LINKWA_REQUIRE_OPENAPI_TOOLS=1 (set by .ci/run): then it runs and fails.
/// </summary>
public sealed class OpenApiToolFactAttribute : FactAttribute
{
    public static string Bin => Path.Combine(Repository.Root, ".ci", "tools", "node_modules", ".bin");

    public static string Kiota => Path.Combine(Repository.Root, ".ci", "tools", "kiota", "kiota");

    public OpenApiToolFactAttribute(string tool)
    {
        string path = tool == "kiota" ? Kiota : Path.Combine(Bin, tool);
        if (!File.Exists(path) && Environment.GetEnvironmentVariable("LINKWA_REQUIRE_OPENAPI_TOOLS") != "1")
        {
            Skip = $"{tool} is not installed in .ci/tools (npm install --prefix .ci/tools @redocly/cli@2.77.0 @stoplight/prism-cli@5.16.0; " +
                "dotnet tool install Microsoft.OpenApi.Kiota --version 1.38.0 --tool-path .ci/tools/kiota; .ci/run does both, and sets LINKWA_REQUIRE_OPENAPI_TOOLS=1)";
        }
    }
}

/// <summary>The OpenAPI document read by tools we did not write: Redocly's linter, and Prism as a validating proxy.</summary>
public class OpenApiToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("linkwa-openapi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [OpenApiToolFact("redocly")]
    public async Task Redocly_lints_the_document_with_its_recommended_rules_and_finds_nothing()
    {
        string document = Write("openapi.json", OpenApiDocument.Json);
        var (exit, output, error) = await Repository.ExecuteAsync(Path.Combine(OpenApiToolFactAttribute.Bin, "redocly"), ["lint", "--extends=recommended", document], TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, output + error);
        Assert.Contains("Your API description is valid", output + error);
        Assert.DoesNotMatch(new Regex(@"You have \d+ warning"), output + error);
    }

    [OpenApiToolFact("prism")]
    public async Task The_demos_traffic_through_prism_in_errors_mode_has_no_violation_either_way()
    {
        // Callbacks: Prism proxies paths, not webhooks, so the receiving side reads the same document with each webhook
        // as a path of its own (/eventReport, /receiveMessage, /alternativeReceiveMessage).
        int apiPort = FreePort(), callbackPort = FreePort(), receiverPort = FreePort();
        JsonNode webhooks = JsonNode.Parse(OpenApiDocument.Json)!;
        var paths = new JsonObject();
        foreach (var (name, item) in webhooks["webhooks"]!.AsObject().ToList()) paths["/" + name] = item!.DeepClone();
        webhooks["paths"] = paths;
        webhooks.AsObject().Remove("webhooks");
        string apiDocument = Write("openapi.json", OpenApiDocument.Json), callbackDocument = Write("callbacks.json", webhooks.ToJsonString());

        // The receiver behind the callbacks' proxy: it takes every callback.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, receiverPort));
        await using WebApplication receiver = builder.Build();
        int received = 0;
        receiver.MapPost("/{kind}", async (HttpContext context) => { await context.Request.Body.CopyToAsync(Stream.Null); Interlocked.Increment(ref received); return Results.Ok(); });
        await receiver.StartAsync();

        var options = new LinkSandboxOptions { DeliveryDelay = TimeSpan.Zero, WebhookAttempts = 1 };
        options.Gates["reports"] = new Uri($"http://127.0.0.1:{callbackPort}/eventReport");
        options.Gates["inbound"] = new Uri($"http://127.0.0.1:{callbackPort}/receiveMessage");
        options.Gates["alternative"] = new Uri($"http://127.0.0.1:{callbackPort}/alternativeReceiveMessage");
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);

        using Prism api = await Prism.StartAsync(apiDocument, sandbox.BaseUrl.ToString(), apiPort);
        using Prism callbacks = await Prism.StartAsync(callbackDocument, $"http://127.0.0.1:{receiverPort}", callbackPort);

        // One request with every message of the document's examples, and each example request, through the API's proxy.
        var client = new WhatsAppClient(new HttpClient(), new WhatsAppClientOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{apiPort}"), Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
            ValidateTemplates = false, MaxRetries = 0,
        });
        var messages = Examples.Names.Where(n => n.StartsWith("message-", StringComparison.Ordinal) && n is not "message-request.json" and not "message-response.json")
            .Select(n => Message.Parse(Examples.Text(n))).ToList();
        MessageRequest request = MessageRequest.Parse(Examples.Text("message-request.json"));
        request.RelativeValidityTime = null;
        request.EventReportGates = ["reports"];
        request.Destinations = ["+46700000001", "+46700000002"];
        request.Messages = messages;
        MessageResponse response = await client.SendAsync(request);
        Assert.Equal(2, response.MessageIds!.Count);

        await sandbox.SendReceiveMessageAsync("inbound", LinkSandbox.TextFrom("+46700000001", "+4670000000", "Hello"));
        await sandbox.SendReceiveMessageAsync("inbound", LinkSandbox.ButtonFrom("+46700000001", "+4670000000", "Track", "track-42", response.MessageIds[0]));
        await sandbox.SendAlternativeReceiveMessageAsync("alternative", LinkSandbox.AlternativeTextFrom("+46700000001", "+4670000000", "Hello"));
        Assert.True(await sandbox.WaitForCallbacksAsync(TimeSpan.FromMinutes(2)));

        Assert.Empty(sandbox.UndeliverableCallbacks);
        Assert.Equal(messages.Count * 2 * 2 + 3, sandbox.DeliveredCallbacks.Count);   // sent and delivered per message and destination, and the inbound ones
        Assert.Equal(sandbox.DeliveredCallbacks.Count, Volatile.Read(ref received));
        Assert.Empty(api.Violations);
        Assert.Empty(callbacks.Violations);
    }

    [OpenApiToolFact("kiota")]
    public async Task A_client_kiota_generates_from_the_document_sends_a_text_to_the_sandbox_and_reads_the_answer()
    {
        string document = Write("openapi.json", OpenApiDocument.Json), generated = Path.Combine(_directory, "generated"), app = Path.Combine(_directory, "app");
        var (exit, output, error) = await Repository.ExecuteAsync(OpenApiToolFactAttribute.Kiota,
            ["generate", "-l", "CSharp", "-d", document, "-o", generated, "-c", "WhatsAppApiClient", "-n", "Kiota.WhatsApp", "--exclude-backward-compatible"], TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, output + error);

        // A console app around the generated client, with the Kiota packages pinned in Directory.Packages.props.
        string versions = File.ReadAllText(Path.Combine(Repository.Root, "Directory.Packages.props"));
        var references = Regex.Matches(versions, "<PackageVersion Include=\"(Microsoft\\.Kiota\\.[^\"]+)\" Version=\"([^\"]+)\"")
            .Select(m => $"<PackageReference Include=\"{m.Groups[1].Value}\" Version=\"{m.Groups[2].Value}\" />").ToList();
        Assert.Equal(6, references.Count);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "app.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup><Compile Include="../generated/**/*.cs" />{{string.Concat(references)}}</ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Kiota.WhatsApp;
            using Kiota.WhatsApp.Models;
            using Microsoft.Kiota.Abstractions.Authentication;
            using Microsoft.Kiota.Http.HttpClientLibrary;

            var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("sandbox:sandbox")));
            var client = new WhatsAppApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = args[0] });
            MessageResponse? response = await client.Messages.PostAsync(new MessageRequest
            {
                PlatformId = "kiota", PlatformPartnerId = "kiota", RefId = "kiota-1", Priority = Priority.NORMAL, Source = "+4670000000", Destinations = ["+46700000001"],
                Messages = [new Message { TextMessage = new TextMessage { Type = "text", Text = new Text { Body = "Hello from Kiota" } } }],
            });
            Console.WriteLine($"{response?.ResultCode} {string.Join(",", response?.MessageIds ?? [])}");
            """);
        (exit, output, error) = await Repository.ExecuteAsync("dotnet", ["build", app, "-o", Path.Combine(app, "out")], TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, output + error);

        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        (exit, output, error) = await Repository.ExecuteAsync("dotnet", [Path.Combine(app, "out", "app.dll"), sandbox.BaseUrl.ToString()], TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, output + error);
        MessageRequest received = Assert.Single(sandbox.ReceivedRequests);
        Assert.Equal("Hello from Kiota", Assert.IsType<TextMessage>(Assert.Single(received.Messages)).Text.Body);
        Assert.Matches(@"^112001 [0-9A-Za-z]{22}\s*$", output);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>prism proxy DOCUMENT UPSTREAM --errors: a violation in either direction is an error answer, and a line it logs.</summary>
    private sealed class Prism : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _violations = [];

        private Prism(Process process) => _process = process;

        public IReadOnlyList<string> Violations
        {
            get
            {
                lock (_violations) return [.. _violations];
            }
        }

        public static async Task<Prism> StartAsync(string document, string upstream, int port)
        {
            var info = new ProcessStartInfo(Path.Combine(OpenApiToolFactAttribute.Bin, "prism")) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { "proxy", document, upstream, "--errors", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1" }) info.ArgumentList.Add(arg);
            var prism = new Prism(Process.Start(info)!);
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Line(string? line)
            {
                if (line is null) return;
                if (line.Contains("Prism is listening", StringComparison.Ordinal)) listening.TrySetResult();
                if (line.Contains("Violation", StringComparison.OrdinalIgnoreCase) || line.Contains("error", StringComparison.OrdinalIgnoreCase))
                {
                    lock (prism._violations) prism._violations.Add(line);
                }
            }
            prism._process.OutputDataReceived += (_, e) => Line(e.Data);
            prism._process.ErrorDataReceived += (_, e) => Line(e.Data);
            prism._process.BeginOutputReadLine();
            prism._process.BeginErrorReadLine();
            Task exited = prism._process.WaitForExitAsync();
            if (await Task.WhenAny(listening.Task, exited).WaitAsync(TimeSpan.FromMinutes(2)) != listening.Task)
            {
                throw new InvalidOperationException("prism did not start: " + string.Join("\n", prism.Violations));
            }
            return prism;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}
#endif
