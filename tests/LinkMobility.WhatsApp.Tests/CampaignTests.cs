using System.Diagnostics;
using LinkMobility.WhatsApp.Sandbox;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>linkwa campaign: a CSV of recipients to the sandbox, results recorded as they come, resumed after a kill.</summary>
public class CampaignTests : IDisposable
{
    private static readonly string Templates = Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "samples", "linkwa", "whatsapp-templates.json");
    private readonly string _directory = Directory.CreateTempSubdirectory("linkwa-campaign-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Number(int i) => $"+4671{i:0000000}";

    private string Csv(int count, params string[] extra)
    {
        string path = Path.Combine(_directory, "recipients.csv");
        var lines = new List<string> { "recipient,customer_name,orderNumber,language" };
        lines.AddRange(Enumerable.Range(1, count).Select(i => $"{Number(i)},Customer {i},A-{i},{(i % 3 == 0 ? "sv" : "en_US")}"));
        lines.AddRange(extra);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = LinkMobility.WhatsApp.Cli.Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string[] Campaign(string csv, string results, params string[] more) =>
        ["campaign", "-t", Templates, "-n", "demo_namespace", "--template", "order_shipped", "-r", csv, "--results", results, .. more];

    private static string[] To(LinkSandbox sandbox) =>
        ["--url", sandbox.BaseUrl.ToString(), "--allow-http", "-u", "sandbox", "--password", "sandbox", "--from", "+4670000000", "--platform-id", "p", "--partner-id", "pp"];

    /// <summary>Each recipient's last row of a results file: its outcome.</summary>
    private static Dictionary<string, string> Outcomes(string results) =>
        File.ReadLines(results).Skip(1).Select(l => l.Split(',')).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    [Fact]
    public async Task A_campaign_killed_mid_run_and_resumed_sends_no_recipient_twice_and_leaves_none_without_a_result()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        string csv = Csv(300), results = Path.Combine(_directory, "results.csv");
        File.WriteAllText(results, "");

        // The first run, in its own process, at 30 a second: killed (SIGKILL) when it reports its first progress (every 2 seconds).
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "linkwa.dll"), .. Campaign(csv, results, [.. To(sandbox), "--rate", "30"])]) info.ArgumentList.Add(arg);
        using (Process first = Process.Start(info)!)
        {
            Task<string> error = first.StandardError.ReadToEndAsync();
            string? progress = await first.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            Assert.True(progress?.StartsWith("campaign: ", StringComparison.Ordinal) == true && !progress.Contains("300/300"), $"{progress} {await error}");
        }
        var killed = Outcomes(results);
        Assert.True(killed.Count is >= 1 and < 300, string.Join(" ", killed.Values.GroupBy(v => v).Select(g => $"{g.Key}={g.Count()}")));

        // The second run goes on from the results file, in this process.
        var resumed = Run(Campaign(csv, results, [.. To(sandbox), "--resume", results, "--rate", "200"]));
        Assert.True(resumed.Exit is 0 or 1, resumed.Err);

        var final = Outcomes(results);
        var sent = sandbox.ReceivedRequests.SelectMany(r => r.Destinations).ToList();
        Assert.Equal(sent.Count, sent.Distinct().Count());                                  // nobody twice
        Assert.Equal(300, final.Count);                                                       // everybody has a result
        Assert.All(final.Values, outcome => Assert.Contains(outcome, new[] { "sent", "unknown" }));
        var unknown = final.Where(f => f.Value == "unknown").Select(f => f.Key).ToList();
        Assert.Equal(Enumerable.Range(1, 300).Select(Number).Order(), sent.Union(unknown).Order());   // none skipped: sent, or left for reconciling
        Assert.All(final.Where(f => f.Value == "sent"), f => Assert.Contains(f.Key, sent));
        Assert.Equal(resumed.Exit == 0, unknown.Count == 0);
        Assert.Contains($"{killed.Count} recipient(s) already have a result", resumed.Out);
    }

    [Fact]
    public async Task Malformed_rows_are_named_by_line_and_column_exit_1_and_nothing_is_sent_for_them()
    {
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync();
        string csv = Csv(3, "+46720000001,Bo,,en_US", "+46720000002,Cy,B-2", "+46720000003,Di,B-3,fr"), results = Path.Combine(_directory, "results.csv");

        var run = Run(Campaign(csv, results, To(sandbox)));

        Assert.Equal(1, run.Exit);
        Assert.Contains($"{csv}:5: column 'orderNumber' is empty; not sent", run.Err);
        Assert.Contains($"{csv}:6: column 'language' (4) is missing: the row has 3 column(s), the header 4; not sent", run.Err);
        Assert.Contains($"{csv}:7: column 'language': 'fr' is not a language of the template (en_US, sv); not sent", run.Err);
        var sent = sandbox.ReceivedRequests.SelectMany(r => r.Destinations).ToList();
        Assert.Equal([Number(1), Number(2), Number(3)], sent.Order());
        Assert.Equal(3, Outcomes(results).Count);
        Assert.Contains("3 sent, 0 failed, 0 unknown, 0 skipped, 3 malformed row(s)", run.Out);
    }

    [Fact]
    public void A_dry_run_lists_every_row_that_would_fail_and_sends_nothing()
    {
        string csv = Csv(2, "not-a-number,Bo,B-1,en_US"), results = Path.Combine(_directory, "results.csv");

        var run = Run(Campaign(csv, results, "--dry-run"));

        Assert.Equal(1, run.Exit);
        Assert.Contains($"{csv}:4: not-a-number: LMWA1008:", run.Err);
        Assert.Contains("2 row(s) would be sent, 1 would be refused, 0 malformed; nothing was sent", run.Out);
        Assert.False(File.Exists(results));
    }

    [Fact]
    public void The_embedded_sandbox_keeps_the_limits_and_an_existing_results_file_is_never_overwritten()
    {
        string csv = Csv(20), results = Path.Combine(_directory, "results.csv");

        var run = Run(Campaign(csv, results, "--sandbox", "--rate", "50"));
        Assert.Equal((0, ""), (run.Exit, run.Err));
        Assert.Contains("20/20 done: 20 sent, 0 failed, 0 unknown, 0 skipped", run.Out);
        Assert.Contains("the sandbox took 20 message(s), at most ", run.Out);
        Assert.Contains(" in one second: 0 past the throughput, 0 past the pair rate, 0 past the tier", run.Out);
        Assert.All(Outcomes(results).Values, o => Assert.Equal("sent", o));

        var again = Run(Campaign(csv, results, "--sandbox"));
        Assert.Equal(2, again.Exit);
        Assert.Contains($"{results} exists: go on with it with --resume {results}", again.Err);

        var resumed = Run(Campaign(csv, results, "--sandbox", "--resume", results));
        Assert.Equal(0, resumed.Exit);
        Assert.Contains("20 recipient(s) already have a result", resumed.Out);
        Assert.Contains("0 sent, 0 failed, 0 unknown, 20 skipped", resumed.Out);
    }
}
