using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace LinkMobility.WhatsApp.Campaigns;

/// <summary>
/// A campaign's ledger in one CSV file, for one run at a time: each change is a row appended and flushed (the last row of
/// a recipient is its state), and the run holds an exclusive lock on <c>FILE.lock</c> while it is open. A second run of the
/// same file refuses at once (<see cref="CampaignLedgerBusyException"/>) and sends nothing. A row cut by a crash mid-write
/// is dropped when the file is opened again: its request had not left, since a request leaves only once its row is flushed.
/// </summary>
/// <remarks>
/// Columns: recipient, state, ref_id, message_id, attempts, result_code, reason, owner, at. Claims live in the run's
/// memory (the lock makes it the only one); a recipient is written as <c>sending</c> before its request leaves, so a run
/// that died leaves it sending, and the next run records it as unknown and never sends it again.
/// </remarks>
public sealed class CampaignFileLedger : ICampaignLedger
{
    /// <summary>The header of a ledger file.</summary>
    public static readonly IReadOnlyList<string> Columns = ["recipient", "state", "ref_id", "message_id", "attempts", "result_code", "reason", "owner", "at"];

    private readonly object _gate = new();
    private Session? _open;

    /// <summary>A ledger in <paramref name="path"/> (made when first opened).</summary>
    public CampaignFileLedger(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>
    /// Whether each change is flushed to the disk (fsync), not only to the operating system (off by default). Off, a
    /// process that dies loses nothing; a machine that loses power may lose the last rows, and a request whose
    /// <c>sending</c> row was lost may be sent again by the next run.
    /// </summary>
    public bool FlushToDisk { get; init; }

    /// <inheritdoc/>
    public ValueTask<ICampaignLedgerSession> OpenAsync(string campaignId, string worker, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        ArgumentException.ThrowIfNullOrEmpty(worker);
        FileStream lockFile;
        try
        {
            // On Unix .NET takes flock(LOCK_EX) for FileShare.None: another process (or another open here) is refused at once.
            lockFile = new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new CampaignLedgerBusyException(
                $"{Path} is in use by another run of this campaign (it holds {Path}.lock). Nothing was sent; run again once it has finished.", ex);
        }
        try
        {
            var session = new Session(this, campaignId, worker, lockFile);
            lock (_gate) _open = session;
            return ValueTask.FromResult<ICampaignLedgerSession>(session);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RecordReportAsync(EventReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Session? session;
        lock (_gate) session = _open;
        // Only an open run writes the file; a report for a file no run holds is not this process's to record.
        return ValueTask.FromResult(session is not null && report.RefId is { Length: > 0 } refId && session.RecordReport(refId, report));
    }

    /// <inheritdoc/>
    public ValueTask<CampaignStatus> GetStatusAsync(string campaignId, TimeSpan unknownFor, CancellationToken cancellationToken)
    {
        Dictionary<string, CampaignRow> rows = File.Exists(Path) ? Read(Path, out _) : [];
        return ValueTask.FromResult(CampaignStatus.Of(campaignId, rows.Values, unknownFor, DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// Each recipient's last row; <paramref name="complete"/> is the length of the file's whole lines (past it, a row cut
    /// by a crash). A file whose header is not a ledger's is refused with its line.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a campaign ledger.</exception>
    public static Dictionary<string, CampaignRow> Read(string path, out long complete)
    {
        var rows = new Dictionary<string, CampaignRow>(StringComparer.Ordinal);
        complete = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        int number = 0;
        long offset = 0;
        while (ReadLine(reader) is { } line)
        {
            number++;
            offset += Encoding.UTF8.GetByteCount(line.Text) + (line.Ended ? 1 : 0);
            if (!line.Ended) break;   // cut by a crash: not a row
            complete = offset;
            List<string> fields = LedgerCsv.Split(line.Text.TrimEnd('\r'));
            if (number == 1)
            {
                if (!fields.SequenceEqual(Columns)) throw new InvalidDataException($"{path}:1: not a campaign ledger: its header is {line.Text}, not {string.Join(",", Columns)}");
                continue;
            }
            if (fields.Count != Columns.Count || !CampaignStates.TryParse(fields[1], out CampaignState state))
            {
                throw new InvalidDataException($"{path}:{number}: not a ledger row ({fields.Count} column(s), state '{(fields.Count > 1 ? fields[1] : "")}')");
            }
            rows[fields[0]] = new CampaignRow(fields[0], state)
            {
                RefId = NullIfEmpty(fields[2]),
                MessageId = NullIfEmpty(fields[3]),
                Attempts = int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out int attempts) ? attempts : 0,
                ResultCode = int.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out int code) ? code : null,
                Reason = NullIfEmpty(fields[6]),
                Owner = NullIfEmpty(fields[7]),
                UpdatedAt = DateTimeOffset.TryParse(fields[8], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at) ? at : null,
            };
        }
        return rows;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private readonly record struct Line(string Text, bool Ended);

    private static Line? ReadLine(StreamReader reader)
    {
        var text = new StringBuilder();
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n') return new Line(text.ToString(), true);
            text.Append((char)c);
        }
        return text.Length == 0 ? null : new Line(text.ToString(), false);
    }

    private void Closed(Session session)
    {
        lock (_gate)
        {
            if (_open == session) _open = null;
        }
    }

    /// <summary>
    /// One run: the lock, each row's state (keyed by the recipient's 128-bit fingerprint, so a row costs no string), and
    /// the file appended to. The refIds and message ids stay in the file; a run that is told event reports indexes them then.
    /// </summary>
    private sealed class Session : ICampaignLedgerSession
    {
        private readonly CampaignFileLedger _ledger;
        private readonly FileStream _lock;
        private readonly FileStream _file;
        private readonly StreamWriter _writer;
        private readonly Dictionary<UInt128, Entry> _rows;
        // RefId to its recipients and their message ids: made from the file at the first report, then kept up.
        private Dictionary<string, List<(string Recipient, string? MessageId)>>? _byRefId;
        private bool _disposed;

        private struct Entry
        {
            public CampaignState State;
            public bool Mine;
            public int Attempts;
        }

        private static UInt128 Key(string recipient) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(recipient.AsSpan()));

        public Session(CampaignFileLedger ledger, string campaignId, string worker, FileStream lockFile)
        {
            _ledger = ledger;
            _lock = lockFile;
            CampaignId = campaignId;
            Worker = worker;
            bool exists = File.Exists(ledger.Path);
            long complete = 0;
            Dictionary<string, CampaignRow> rows = exists ? Read(ledger.Path, out complete) : [];
            _file = new FileStream(ledger.Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            // A row cut by a crash mid-write is dropped: its request had not left.
            if (_file.Length > complete) _file.SetLength(complete);
            _file.Seek(0, SeekOrigin.End);
            _writer = new StreamWriter(_file, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = false };
            if (_file.Length == 0) _writer.Write(string.Join(",", Columns) + "\n");
            _rows = new Dictionary<UInt128, Entry>(rows.Count);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            foreach (CampaignRow row in rows.Values)
            {
                CampaignRow settled = row.State switch
                {
                    // The run that left it sending died: it may have gone out.
                    CampaignState.Sending => row with { State = CampaignState.Unknown, Reason = $"the run that sent it stopped before its answer came; it may have gone out (refId {row.RefId})", UpdatedAt = now },
                    CampaignState.Claimed => row with { State = CampaignState.Retryable, Reason = "claimed by a run that stopped before sending it", UpdatedAt = now },
                    _ => row,
                };
                if (settled != row) Write(settled);
                _rows[Key(row.Recipient)] = new Entry { State = settled.State, Attempts = settled.Attempts };
            }
            Flush();
        }

        public string CampaignId { get; }

        public string Worker { get; }

        public ValueTask<IReadOnlyList<CampaignClaim>> ClaimAsync(IReadOnlyList<string> recipients, TimeSpan lease, CancellationToken cancellationToken)
        {
            var answers = new CampaignClaim[recipients.Count];
            lock (_rows)
            {
                ThrowIfDisposed();
                for (int i = 0; i < recipients.Count; i++)
                {
                    string recipient = recipients[i];
                    UInt128 key = Key(recipient);
                    bool known = _rows.TryGetValue(key, out Entry entry);
                    if (known && (entry.Mine || !entry.State.IsSendable()))
                    {
                        answers[i] = new CampaignClaim(recipient, false, entry.State, entry.Mine);
                        continue;
                    }
                    entry.State = CampaignState.Claimed;
                    entry.Mine = true;
                    _rows[key] = entry;
                    answers[i] = new CampaignClaim(recipient, true, CampaignState.Claimed, true);
                }
            }
            return ValueTask.FromResult<IReadOnlyList<CampaignClaim>>(answers);
        }

        public ValueTask<IReadOnlyCollection<string>> MarkSendingAsync(string refId, IReadOnlyList<string> recipients, TimeSpan lease, CancellationToken cancellationToken)
        {
            var lost = new List<string>();
            lock (_rows)
            {
                ThrowIfDisposed();
                DateTimeOffset now = DateTimeOffset.UtcNow;
                foreach (string recipient in recipients)
                {
                    if (!_rows.TryGetValue(Key(recipient), out Entry entry) || entry.State != CampaignState.Claimed || !entry.Mine) lost.Add(recipient);
                }
                // All or none: a request leaves with every recipient marked, or is made again without the lost ones.
                if (lost.Count > 0) return ValueTask.FromResult<IReadOnlyCollection<string>>(lost);
                foreach (string recipient in recipients)
                {
                    UInt128 key = Key(recipient);
                    Entry entry = _rows[key];
                    entry.State = CampaignState.Sending;
                    entry.Attempts++;
                    _rows[key] = entry;
                    Index(refId, recipient, null);
                    Write(new CampaignRow(recipient, CampaignState.Sending) { RefId = refId, Attempts = entry.Attempts, Owner = Worker, UpdatedAt = now });
                }
                Flush();
            }
            return ValueTask.FromResult<IReadOnlyCollection<string>>(lost);
        }

        public ValueTask RecordAsync(IReadOnlyList<CampaignOutcome> outcomes, CancellationToken cancellationToken)
        {
            lock (_rows)
            {
                ThrowIfDisposed();
                DateTimeOffset now = DateTimeOffset.UtcNow;
                foreach (CampaignOutcome outcome in outcomes)
                {
                    UInt128 key = Key(outcome.Recipient);
                    _rows.TryGetValue(key, out Entry entry);
                    CampaignState state = CampaignReports.Recorded(entry.State, outcome.State);
                    entry.State = state;
                    entry.Mine = true;
                    _rows[key] = entry;
                    if (outcome.RefId is { } refId) Index(refId, outcome.Recipient, outcome.MessageId);
                    Write(new CampaignRow(outcome.Recipient, state)
                    {
                        RefId = outcome.RefId, MessageId = outcome.MessageId, Attempts = entry.Attempts, ResultCode = outcome.ResultCode, Reason = outcome.Reason, Owner = Worker, UpdatedAt = now,
                    });
                }
                Flush();
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask ReleaseAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            lock (_rows)
            {
                if (_disposed) return ValueTask.CompletedTask;
                foreach (string recipient in recipients)
                {
                    UInt128 key = Key(recipient);
                    if (_rows.TryGetValue(key, out Entry entry) && entry.State == CampaignState.Claimed && entry.Mine)
                    {
                        // Never written as claimed: forgetting the claim is enough, and a later run finds it as it was.
                        entry.State = CampaignState.Pending;
                        entry.Mine = false;
                        _rows[key] = entry;
                    }
                }
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask<IReadOnlyList<CampaignRow?>> ReadAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            lock (_rows)
            {
                ThrowIfDisposed();
                return ValueTask.FromResult<IReadOnlyList<CampaignRow?>>([.. recipients.Select(r => _rows.TryGetValue(Key(r), out Entry entry)
                    ? new CampaignRow(r, entry.State) { Attempts = entry.Attempts, Owner = entry.Mine ? Worker : null }
                    : null)]);
            }
        }

        public bool RecordReport(string refId, EventReport report)
        {
            lock (_rows)
            {
                if (_disposed) return false;
                if (_byRefId is null)
                {
                    _byRefId = new Dictionary<string, List<(string, string?)>>(StringComparer.Ordinal);
                    Flush();
                    foreach (CampaignRow row in Read(_ledger.Path, out _).Values)
                    {
                        if (row.RefId is { } known) Index(known, row.Recipient, row.MessageId);
                    }
                }
                if (!_byRefId.TryGetValue(refId, out List<(string Recipient, string? MessageId)>? recipients)) return false;
                DateTimeOffset now = DateTimeOffset.UtcNow;
                foreach (var (recipient, messageId) in recipients)
                {
                    UInt128 key = Key(recipient);
                    Entry entry = _rows[key];
                    if (CampaignReports.Apply(entry.State, messageId, recipients.Count, report) is not { } next) continue;
                    entry.State = next;
                    _rows[key] = entry;
                    Write(new CampaignRow(recipient, next)
                    {
                        RefId = refId, MessageId = messageId ?? (recipients.Count == 1 ? report.MessageId : null), Attempts = entry.Attempts, ResultCode = report.ResultCode,
                        Reason = report.ResultDescription, Owner = Worker, UpdatedAt = now,
                    });
                }
                Flush();
                return true;
            }
        }

        /// <summary>Keeps the refId index up, once there is one: a recipient's request, and its message id when known.</summary>
        private void Index(string refId, string recipient, string? messageId)
        {
            if (_byRefId is null) return;
            if (!_byRefId.TryGetValue(refId, out List<(string Recipient, string? MessageId)>? recipients)) _byRefId[refId] = recipients = [];
            int at = recipients.FindIndex(r => r.Recipient == recipient);
            if (at < 0) recipients.Add((recipient, messageId));
            else if (messageId is not null) recipients[at] = (recipient, messageId);
        }

        private void Write(CampaignRow row)
        {
            _writer.Write(LedgerCsv.Join(
                row.Recipient, row.State.ToWireString(), row.RefId, row.MessageId, row.Attempts.ToString(CultureInfo.InvariantCulture),
                row.ResultCode?.ToString(CultureInfo.InvariantCulture), row.Reason?.ReplaceLineEndings(" "), row.Owner,
                row.UpdatedAt?.ToString("O", CultureInfo.InvariantCulture)));
            _writer.Write('\n');
        }

        private void Flush()
        {
            _writer.Flush();
            _file.Flush(flushToDisk: _ledger.FlushToDisk);
        }

        private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

        public ValueTask DisposeAsync()
        {
            lock (_rows)
            {
                if (_disposed) return ValueTask.CompletedTask;
                _disposed = true;
                _writer.Dispose();
                _file.Dispose();
                _lock.Dispose();
            }
            _ledger.Closed(this);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>CSV fields as the ledger writes them: quoted when they hold a comma, a quote or a line break.</summary>
internal static class LedgerCsv
{
    public static string Join(params string?[] fields)
    {
        var line = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) line.Append(',');
            string field = fields[i] ?? "";
            if (field.AsSpan().IndexOfAny(",\"\r\n") < 0) line.Append(field);
            else line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        return line.ToString();
    }

    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
