using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>
/// A test that needs a real redis-server. Without one on the PATH it is skipped, saying why, unless
/// LINKWA_REQUIRE_REDIS=1 (set by .ci/run, which installs it): then it runs and fails.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null && Environment.GetEnvironmentVariable("LINKWA_REQUIRE_REDIS") != "1")
        {
            Skip = "redis-server is not installed here (apt-get install redis-server; .ci/run installs it and sets LINKWA_REQUIRE_REDIS=1)";
        }
    }
}

/// <summary>
/// A real redis-server on a free loopback port for one test; it can be restarted. Without persistence by default; with
/// <c>appendOnly</c>, an AOF fsynced on every write in a directory of its own, so a restart (even a SIGKILL) loses nothing.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public static string? Executable { get; } = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    private Process? _process;

    private readonly string? _directory;

    private RedisServer(int port, string? directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string that fails fast while the server is down.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000,asyncTimeout=5000,connectRetry=1";

    public static async Task<RedisServer> StartAsync(bool appendOnly = false)
    {
        if (Executable is null) throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server (.ci/run does)");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new RedisServer(port, appendOnly ? Directory.CreateTempSubdirectory("linkwa-redis-").FullName : null);
        await server.StartProcessAsync();
        return server;
    }

    private async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo(Executable!) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] persistence = _directory is null ? ["--appendonly", "no"] : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _directory];
        foreach (string arg in (string[])["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", .. persistence]) info.ArgumentList.Add(arg);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not start on port {Port}");
    }

    /// <summary>Kills the server (SIGKILL: without persistence its data is gone) and starts it again on the same port.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        Stop();
        await Task.Delay(down);
        await StartProcessAsync();
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
