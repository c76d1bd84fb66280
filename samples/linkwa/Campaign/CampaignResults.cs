using LinkMobility.WhatsApp.Bulk;
using nietras.SeparatedValues;

namespace LinkMobility.WhatsApp.Cli.Campaign;

/// <summary>A row of the results CSV.</summary>
internal sealed record CampaignResult(string Recipient, string Outcome, string MessageId, string Reason, string RefId, int Line);

/// <summary>
/// The results CSV, appended to and flushed as it goes: a recipient's "sending" row is written before its request leaves,
/// and its outcome row when the answer comes. The last row of a recipient is its result; one left at "sending" by a run
/// that died may have gone out, so --resume records it as unknown and never sends it again.
/// </summary>
internal sealed class CampaignResults : IDisposable
{
    public const string Sending = "sending";
    public const string Unknown = "unknown";
    private static readonly string[] Columns = ["recipient", "outcome", "message_id", "reason", "ref_id", "line"];

    private readonly StreamWriter _file;
    private readonly SepWriter _writer;
    private readonly object _lock = new();

    private CampaignResults(StreamWriter file, bool header)
    {
        _file = file;
        _writer = Sep.New(',').Writer(o => o with { WriteHeader = header, Escape = true }).To(file, leaveOpen: true);
        if (!header) return;
        foreach (string column in Columns) _writer.Header.Add(column);
    }

    /// <summary>Opens the file to append to (a new one gets the header).</summary>
    public static CampaignResults Open(string path)
    {
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        var file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new System.Text.UTF8Encoding(false));
        return new CampaignResults(file, fresh);
    }

    /// <summary>Each recipient's last row; a problem (naming its line) when the file is not a results file.</summary>
    public static Dictionary<string, CampaignResult> Read(string path, out string? problem)
    {
        var last = new Dictionary<string, CampaignResult>(StringComparer.Ordinal);
        problem = null;
        using SepReader reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(path);
        if (reader.IsEmpty) return last;
        if (!Columns.SequenceEqual(reader.Header.ColNames))
        {
            problem = $"{path}:1: not a results file of linkwa campaign: its header is {string.Join(",", reader.Header.ColNames)}, not {string.Join(",", Columns)}";
            return last;
        }
        foreach (SepReader.Row row in reader)
        {
            if (row.ColCount != Columns.Length)
            {
                // A row cut by a crash mid-write is the file's last: its recipient's earlier row stands.
                continue;
            }
            _ = int.TryParse(row[5].Span, out int line);
            last[row[0].ToString()] = new CampaignResult(row[0].ToString(), row[1].ToString(), row[2].ToString(), row[3].ToString(), row[4].ToString(), line);
        }
        return last;
    }

    /// <summary>The recipients of a request about to leave, as "sending", flushed before it leaves.</summary>
    public void WriteSending(BulkSending sending)
    {
        lock (_lock)
        {
            foreach (BulkMessage message in sending.Recipients) Write(new CampaignResult(message.Destination, Sending, "", "", sending.RefId, Line(message)));
            Flush();
        }
    }

    /// <summary>A recipient's outcome, flushed.</summary>
    public void WriteOutcome(BulkResult result)
    {
        lock (_lock)
        {
            Write(new CampaignResult(result.Message.Destination, OutcomeWord(result.Outcome), result.MessageId ?? "", result.Reason ?? "", result.RefId ?? "", Line(result.Message)));
            Flush();
        }
    }

    /// <summary>A row as it is.</summary>
    public void Write(CampaignResult result)
    {
        lock (_lock)
        {
            using SepWriter.Row row = _writer.NewRow();
            row["recipient"].Set(result.Recipient);
            row["outcome"].Set(result.Outcome);
            row["message_id"].Set(result.MessageId);
            row["reason"].Set(result.Reason.ReplaceLineEndings(" "));
            row["ref_id"].Set(result.RefId);
            row["line"].Format(result.Line);
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            _writer.Flush();
            _file.Flush();
        }
    }

    /// <summary>The outcome as the results file writes it: sent, refused, api_error, not_connected, unknown.</summary>
    public static string OutcomeWord(BulkOutcome outcome) => outcome switch
    {
        BulkOutcome.Sent => "sent",
        BulkOutcome.Refused => "refused",
        BulkOutcome.ApiError => "api_error",
        BulkOutcome.NotConnected => "not_connected",
        _ => Unknown,
    };

    private static int Line(BulkMessage message) => int.TryParse(message.Key, out int line) ? line : 0;

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
            _file.Dispose();
        }
    }
}
