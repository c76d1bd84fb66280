using System.Diagnostics;
using LinkMobility.WhatsApp.Campaigns;
using Spectre.Console;

namespace LinkMobility.WhatsApp.Cli.Campaign;

/// <summary>
/// What a campaign has done so far: a Spectre.Console progress bar on a terminal (done, failed, unknown, rate, time left),
/// and a plain line every few seconds otherwise.
/// </summary>
internal sealed class CampaignProgressView(int total, TextWriter output)
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastLine;

    public int Done { get; private set; }

    public int Sent { get; private set; }

    public int Failed { get; private set; }

    public int Unknown { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Recipients of this CSV that are not sent (or delivered) after this run: refused, retryable, unknown, whether by this run or an earlier one.</summary>
    public int NotSent { get; private set; }

    public void Count(CampaignResult result)
    {
        Done++;
        if (result.Skipped is { } skip)
        {
            Skipped++;
            if (skip == CampaignSkip.Recorded && !result.State.WentOut()) NotSent++;
            return;
        }
        switch (result.State)
        {
            case CampaignState.Sent: Sent++; break;
            case CampaignState.Unknown: Unknown++; NotSent++; break;
            default: Failed++; NotSent++; break;
        }
    }

    private double Rate => Done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);

    /// <summary>One line: done of total, the outcomes, the rate and the time left.</summary>
    public string Line()
    {
        double rate = Rate;
        string left = rate > 0 && Done < total ? $", {TimeSpan.FromSeconds(Math.Ceiling((total - Done) / rate)):g} left" : "";
        return $"{Done}/{total} done: {Sent} sent, {Failed} failed, {Unknown} unknown, {Skipped} skipped; {rate:0.0}/s{left}";
    }

    /// <summary>Runs <paramref name="send"/>, showing progress as it reports each result.</summary>
    public async Task RunAsync(Func<Action<CampaignResult>, Task> send)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal)
        {
            await send(result =>
            {
                Count(result);
                if (_clock.Elapsed - _lastLine < PlainEvery) return;
                _lastLine = _clock.Elapsed;
                output.WriteLine("campaign: " + Line());
            });
            output.WriteLine("campaign: " + Line());
            return;
        }
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(Line()), maxValue: Math.Max(total, 1));
                await send(result =>
                {
                    Count(result);
                    task.Increment(1);
                    task.Description = Markup.Escape(Line());
                });
                task.Value = task.MaxValue;
            });
    }
}
