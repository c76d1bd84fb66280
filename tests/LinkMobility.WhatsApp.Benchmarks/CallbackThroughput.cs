using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// Callbacks per second on loopback, driven by wrk from another process (each request a new delivery): the callback
/// endpoint with the in-memory store and with Redis (a redis-server this starts), against a bare minimal-API endpoint
/// that reads the body and answers 200. The three take turns, round after round, so noise falls on all of them.
/// Needs wrk and redis-server (apt-get install wrk redis-server).
/// </summary>
internal static class CallbackThroughput
{
    private const int Rounds = 5;

    public static int Run()
    {
        if (!System.Runtime.GCSettings.IsServerGC)
        {
            // Measured as deployed: an ASP.NET Core app runs the server GC (the Web SDK turns it on), so the servers
            // run in a child process that has it.
            ProcessStartInfo child = ThisProgram.Again(Environment.GetCommandLineArgs().Skip(1));
            child.Environment["DOTNET_gcServer"] = "1";
            using Process server = Process.Start(child)!;
            server.WaitForExit();
            return server.ExitCode;
        }
        foreach (string tool in new[] { "wrk", "redis-server" })
        {
            if (!File.Exists("/usr/bin/" + tool)) { Console.Error.WriteLine($"{tool} is not installed: apt-get install wrk redis-server"); return 2; }
        }
        // The servers share this process with nothing else; enough threads from the start, so a slow start-up (Redis
        // connecting) does not stall the first rounds.
        ThreadPool.SetMinThreads(64, 64);
        int redisPort = FreePort();
        using Process redis = Process.Start(new ProcessStartInfo("/usr/bin/redis-server", $"--port {redisPort} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
        try
        {
            Thread.Sleep(500);
            var all = new (string Name, WebApplication App, string Url)[]
            {
                Start("bare", services => { }, app => app.MapPost("/callbacks", async (HttpContext context) => { await context.Request.Body.CopyToAsync(Stream.Null); return Results.Ok(); })),
                Start("memory", services => services.AddWhatsAppCallbacks(), app => app.MapWhatsAppCallbacks("/callbacks")),
                // The peer: what a user who does not take the SDK writes, a minimal API that binds the EventReport with
                // STJ source generation and answers 200.
                Start("stj", services => services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DtoJsonContext.Default)),
                    app => app.MapPost("/callbacks", (EventReportDto report) => report.MessageId is null ? Results.BadRequest() : Results.Ok())),
                Start("redis", services => { services.AddWhatsAppCallbacks(); services.AddWhatsAppRedis($"127.0.0.1:{redisPort},abortConnect=false", o => o.KeyPrefix = "bench:"); }, app => app.MapWhatsAppCallbacks("/callbacks")),
            };
            // LINKWA_CALLBACKS_ONLY=memory (say) drives one endpoint alone, for a profiler; memory,stj drives those two in turns.
            string[]? only = Environment.GetEnvironmentVariable("LINKWA_CALLBACKS_ONLY")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var apps = only is null ? all : all.Where(a => only.Contains(a.Name)).ToArray();
            if (only is not null && apps.Length != only.Length) { Console.Error.WriteLine($"LINKWA_CALLBACKS_ONLY: endpoints are {string.Join(", ", all.Select(a => a.Name))}"); return 2; }
            string script = Path.Combine(Path.GetTempPath(), $"linkwa-callbacks-{Guid.NewGuid():N}.lua");
            File.WriteAllText(script, Script());
            var perSecond = apps.ToDictionary(a => a.Name, _ => new List<double>());
            // The servers' processor time per callback (this process runs nothing else meanwhile): what the rate costs,
            // apart from wrk's share of the two cores.
            var cpuPerCallback = apps.ToDictionary(a => a.Name, _ => new List<double>());
            foreach (var app in apps) Wrk(app.Url, script, seconds: 3);   // warm up: JIT, connections, Redis
            foreach (var app in apps) Wrk(app.Url, script, seconds: 3);
            for (int round = 0; round < Rounds; round++)
            {
                var order = round % 2 == 0 ? apps : apps.Reverse().ToArray();
                foreach (var app in order)
                {
                    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    (double rate, long requests) = Wrk(app.Url, script, seconds: 5);
                    perSecond[app.Name].Add(rate);
                    cpuPerCallback[app.Name].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / requests);
                }
            }
            foreach (var (name, values) in perSecond)
            {
                Console.WriteLine($"callbacks {name}: median {Median(values):0} per second (rounds {string.Join(", ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}), " +
                    $"server processor time {Median(cpuPerCallback[name]):0.0} µs per callback");
            }
            var pairs = new[] { ("callbacks-vs-stj-minimal-api", "memory", "stj", 1.00), ("callbacks-memory-vs-bare", "memory", "bare", 0.80), ("callbacks-redis-vs-bare", "redis", "bare", 0.50) };
            foreach (var (ratio, name, other, target) in pairs.Where(p => perSecond.ContainsKey(p.Item2) && perSecond.ContainsKey(p.Item3)))
            {
                var ratios = perSecond[name].Zip(perSecond[other], (a, b) => a / b).Order().ToList();
                Console.WriteLine($"ratio {ratio} {Median(ratios):0.000}");
                Console.WriteLine($"spread {ratio} {PairedRunner.Quantile([.. ratios], 0.25):0.000} {PairedRunner.Quantile([.. ratios], 0.75):0.000}");
                Console.WriteLine($"target {ratio} >= {target:0.00} {(Median(ratios) >= target ? "met" : "MISSED")}");
            }
            foreach (var app in all) app.App.StopAsync().GetAwaiter().GetResult();
            File.Delete(script);
            return 0;
        }
        finally
        {
            redis.Kill();
        }
    }

    /// <summary>Each request is a new delivery: its messageId carries the wrk thread and a counter.</summary>
    private static string Script()
    {
        string body = File.ReadAllText(Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "schema", "examples", "event-report.json"))
            .Replace("\r", "").Replace("\n", " ").Replace("\"", "\\\"").Replace("8aU6cwxAKE9NzMLrS6M82Y", "MSGID");
        return $$"""
            local counter = 0
            local thread_id = 0
            local threads = 0
            function setup(thread) thread:set("id", threads); threads = threads + 1 end
            function init(args) thread_id = id end
            local template = "{{body}}"
            function request()
              counter = counter + 1
              local body = string.gsub(template, "MSGID", "t" .. thread_id .. "-" .. counter)
              return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
            end
            """;
    }

    /// <summary>wrk's rate, and how many requests it made.</summary>
    private static (double PerSecond, long Requests) Wrk(string url, string script, int seconds)
    {
        var info = new ProcessStartInfo("/usr/bin/wrk", $"-t2 -c32 -d{seconds}s --timeout 10s -s {script} {url}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process wrk = Process.Start(info)!;
        string output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        if (Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } bad) Console.WriteLine($"  {url}: {bad.Groups[1].Value} answers were not 2xx");
        if (Regex.Match(output, @"Socket errors: .*") is { Success: true } errors) Console.WriteLine($"  {url}: {errors.Value}");
        Match rate = Regex.Match(output, @"Requests/sec:\s+([\d.]+)");
        Match requests = Regex.Match(output, @"(\d+) requests in");
        if (!rate.Success || !requests.Success) throw new InvalidOperationException("wrk printed no rate:\n" + output);
        return (double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static (string, WebApplication, string) Start(string name, Action<IServiceCollection> services, Action<WebApplication> map)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        int port = FreePort();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<IWhatsAppCallbackHandler, NoHandler>();
        services(builder.Services);
        WebApplication app = builder.Build();
        map(app);
        app.StartAsync().GetAwaiter().GetResult();
        return (name, app, $"http://127.0.0.1:{port}/callbacks");
    }

    private sealed class NoHandler : IWhatsAppCallbackHandler;

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static double Median(List<double> values) => PairedRunner.Quantile([.. values.Order()], 0.5);
}
