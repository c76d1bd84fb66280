using System.Collections.Concurrent;
using System.Globalization;
using LinkMobility.WhatsApp.Campaigns;
using StackExchange.Redis;

namespace LinkMobility.WhatsApp.Redis;

/// <summary>
/// A campaign's ledger on Redis, for any number of workers on any number of machines: one hash of rows per campaign
/// (<c>{prefix}campaign:{id}:rows</c>, a hash tag keeping a campaign's keys in one slot). Claims and the mark before
/// sending are scripts, so two workers never both hold a recipient; leases run on Redis's clock. A worker that dies leaves
/// its claims to run out: a claimed row becomes retryable (its request never left), a sending row unknown.
/// </summary>
/// <remarks>
/// Persistence: a row marked sending must survive a Redis restart, or a later claim may send it again. Run Redis with
/// <c>appendonly yes</c> and <c>appendfsync always</c> for at most once through a Redis crash; with <c>everysec</c>
/// (Redis's default when AOF is on) a crash of Redis itself may lose the last second of marks, and those recipients may be
/// sent twice; a clean restart loses nothing either way. Without persistence a restart loses the campaign.
/// </remarks>
public sealed class RedisCampaignLedger : ICampaignLedger
{
    // A row: state|owner|lease until (ms, Redis's clock)|attempts|refId|messageId|result code|updated (ms)|reason.
    private const string Rows = """
        local function decode(raw)
          local f = {}
          local at = 1
          for i = 1, 8 do
            local bar = string.find(raw, '|', at, true)
            f[i] = string.sub(raw, at, bar - 1)
            at = bar + 1
          end
          f[9] = string.sub(raw, at)
          return f
        end
        local function encode(f) return table.concat(f, '|', 1, 9) end
        local function now()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        """;

    // ARGV: owner, lease (ms), recipients. Answers per recipient: 'c' claimed, or 'n|state|mine'.
    private const string Claim = Rows + "\n" + """
        local time, owner, lease = now(), ARGV[1], tonumber(ARGV[2])
        local answers = {}
        for i = 3, #ARGV do
          local raw = redis.call('HGET', KEYS[1], ARGV[i])
          local f = raw and decode(raw) or {'pending', '', '0', '0', '', '', '', '0', ''}
          if raw and (f[1] == 'claimed' or f[1] == 'sending') and f[2] ~= owner and tonumber(f[3]) < time then
            if f[1] == 'claimed' then
              f[1], f[9] = 'retryable', 'claimed by a worker whose lease ran out before it sent'
            else
              f[1], f[9] = 'unknown', 'its worker stopped before the answer came; it may have gone out (refId ' .. f[5] .. ')'
            end
            f[2], f[8] = '', tostring(time)
            redis.call('HSET', KEYS[1], ARGV[i], encode(f))
          end
          if raw and f[2] == owner then
            answers[#answers + 1] = 'n|' .. f[1] .. '|1'
          elseif f[1] == 'pending' or f[1] == 'retryable' then
            f[1], f[2], f[3], f[8] = 'claimed', owner, tostring(time + lease), tostring(time)
            redis.call('HSET', KEYS[1], ARGV[i], encode(f))
            answers[#answers + 1] = 'c'
          else
            answers[#answers + 1] = 'n|' .. f[1] .. '|0'
          end
        end
        return answers
        """;

    // KEYS: rows, refs. ARGV: owner, lease (ms), refId, recipients. All or none: 'lost' and the lost ones, or 'marked' and
    // the rows as written (the record that follows writes over them in one call when nothing changed them in between).
    private const string MarkSending = Rows + "\n" + """
        local time, owner, lease, refId = now(), ARGV[1], tonumber(ARGV[2]), ARGV[3]
        local lost, rows = {'lost'}, {}
        for i = 4, #ARGV do
          local raw = redis.call('HGET', KEYS[1], ARGV[i])
          local f = raw and decode(raw)
          if not f or f[1] ~= 'claimed' or f[2] ~= owner then lost[#lost + 1] = ARGV[i] else rows[#rows + 1] = f end
        end
        if #lost > 1 then return lost end
        local written = {'marked'}
        for i = 4, #ARGV do
          local f = rows[i - 3]
          f[1], f[3], f[4], f[5], f[8] = 'sending', tostring(time + lease), tostring(tonumber(f[4]) + 1), refId, tostring(time)
          written[i - 2] = encode(f)
          redis.call('HSET', KEYS[1], ARGV[i], written[i - 2])
        end
        redis.call('HSET', KEYS[2], refId, table.concat(ARGV, '\n', 4, #ARGV))
        return written
        """;

    // ARGV: owner, recipients: claimed by the owner, back to pending.
    private const string Release = Rows + "\n" + """
        local time, owner = now(), ARGV[1]
        for i = 2, #ARGV do
          local raw = redis.call('HGET', KEYS[1], ARGV[i])
          local f = raw and decode(raw)
          if f and f[1] == 'claimed' and f[2] == owner then
            f[1], f[2], f[8] = 'pending', '', tostring(time)
            redis.call('HSET', KEYS[1], ARGV[i], encode(f))
          end
        end
        return 0
        """;

    // ARGV: pairs of recipient, the row as read, then the row to write (its updated time filled here). Written only where
    // the row is still as read; answers the recipients that changed in between (read again and decided again).
    private const string WriteIfUnchanged = Rows + "\n" + """
        local time = now()
        local changed = {}
        for i = 1, #ARGV, 3 do
          local raw = redis.call('HGET', KEYS[1], ARGV[i])
          if (raw or '') == ARGV[i + 1] then
            redis.call('HSET', KEYS[1], ARGV[i], (string.gsub(ARGV[i + 2], '{now}', tostring(time), 1)))
          else
            changed[#changed + 1] = ARGV[i]
          end
        end
        return changed
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;

    /// <summary>A ledger on <paramref name="redis"/>, its keys under <paramref name="options"/>' prefix.</summary>
    public RedisCampaignLedger(IConnectionMultiplexer redis, WhatsAppRedisOptions? options = null)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _prefix = (options ?? new WhatsAppRedisOptions()).KeyPrefix;
    }

    private RedisKey RowsKey(string campaignId) => $"{_prefix}campaign:{{{campaignId}}}:rows";

    private RedisKey RefsKey(string campaignId) => $"{_prefix}campaign:{{{campaignId}}}:refs";

    /// <inheritdoc/>
    public ValueTask<ICampaignLedgerSession> OpenAsync(string campaignId, string worker, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        ArgumentException.ThrowIfNullOrEmpty(worker);
        if (worker.Contains('|', StringComparison.Ordinal)) throw new ArgumentException("A worker's name has no '|'.", nameof(worker));
        return ValueTask.FromResult<ICampaignLedgerSession>(new Session(this, campaignId, worker));
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RecordReportAsync(EventReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        // A campaign's refIds are its id, the worker's part and a number (CampaignRefIds): the id finds its refs.
        if (report.RefId is not { Length: > 0 } refId || CampaignRefIds.CampaignOf(refId) is not { } campaign) return false;
        IDatabase db = _redis.GetDatabase();
        RedisValue recipients = await db.HashGetAsync(RefsKey(campaign), refId).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (recipients.IsNullOrEmpty) return false;
        string[] each = recipients.ToString().Split('\n');
        await UpdateAsync(campaign, each, (row, raw) => raw is null || CampaignReports.Apply(row.State, row.MessageId, each.Length, report) is not { } next
            ? null
            : row with
            {
                State = next, ResultCode = report.ResultCode, Reason = report.ResultDescription,
                MessageId = row.MessageId ?? (each.Length == 1 ? report.MessageId : null),
            }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask<CampaignStatus> GetStatusAsync(string campaignId, TimeSpan unknownFor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        var rows = new List<CampaignRow>();
        RedisKey key = RowsKey(campaignId);
        IServer server = _redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica) ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No Redis server is connected.");
        await foreach (HashEntry entry in _redis.GetDatabase().HashScanAsync(key, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Decode(entry.Name!, entry.Value!));
        }
        DateTimeOffset now = await server.TimeAsync().ConfigureAwait(false) is var time ? new DateTimeOffset(time, TimeSpan.Zero) : DateTimeOffset.UtcNow;
        return CampaignStatus.Of(campaignId, rows, unknownFor, now);
    }

    /// <summary>
    /// Decides each row with <paramref name="next"/> (null: unchanged) and writes it where no one changed it in between.
    /// Rows whose raw value is <paramref name="known"/> (as this worker last wrote them) are decided without a read first;
    /// the rest, and those that changed, are read and decided again.
    /// </summary>
    private async Task UpdateAsync(string campaignId, IReadOnlyList<string> recipients, Func<CampaignRow, string?, CampaignRow?> next, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? known = null)
    {
        IDatabase db = _redis.GetDatabase();
        RedisKey key = RowsKey(campaignId);
        IReadOnlyList<string> left = recipients;
        for (int round = 0; left.Count > 0; round++)
        {
            if (round == 50) throw new InvalidOperationException($"Campaign {campaignId}: {left.Count} row(s) kept changing while being recorded.");
            string?[] raws = new string?[left.Count];
            var unread = new List<int>();
            for (int i = 0; i < left.Count; i++)
            {
                if (round == 0 && known is not null && known.TryGetValue(left[i], out string? raw)) raws[i] = raw;
                else unread.Add(i);
            }
            if (unread.Count > 0)
            {
                RedisValue[] read = await db.HashGetAsync(key, [.. unread.Select(i => (RedisValue)left[i])]).WaitAsync(cancellationToken).ConfigureAwait(false);
                for (int j = 0; j < unread.Count; j++) raws[unread[j]] = read[j].IsNull ? null : read[j].ToString();
            }
            var arguments = new List<RedisValue>();
            for (int i = 0; i < left.Count; i++)
            {
                string? raw = raws[i];
                CampaignRow row = raw is null ? new CampaignRow(left[i], CampaignState.Pending) : Decode(left[i], raw);
                if (next(row, raw) is not { } changed || changed == row) continue;
                arguments.Add(left[i]);
                arguments.Add(raw ?? "");
                arguments.Add(Encode(changed));
            }
            if (arguments.Count == 0) return;
            RedisResult result = await db.ScriptEvaluateAsync(WriteIfUnchanged, [key], [.. arguments]).WaitAsync(cancellationToken).ConfigureAwait(false);
            left = [.. ((RedisValue[]?)result ?? []).Select(v => v.ToString())];
        }
    }

    private static string Encode(CampaignRow row) => string.Join('|',
        row.State.ToWireString(), row.Owner ?? "", "0", row.Attempts.ToString(CultureInfo.InvariantCulture), row.RefId ?? "", row.MessageId ?? "",
        row.ResultCode?.ToString(CultureInfo.InvariantCulture) ?? "", "{now}", row.Reason?.ReplaceLineEndings(" ") ?? "");

    private static CampaignRow Decode(string recipient, string raw)
    {
        string[] f = raw.Split('|', 9);
        if (f.Length < 9 || !CampaignStates.TryParse(f[0], out CampaignState state)) throw new InvalidDataException($"Campaign row {recipient} is not a ledger row: {raw}");
        return new CampaignRow(recipient, state)
        {
            Owner = f[1].Length > 0 ? f[1] : null,
            Attempts = int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out int attempts) ? attempts : 0,
            RefId = f[4].Length > 0 ? f[4] : null,
            MessageId = f[5].Length > 0 ? f[5] : null,
            ResultCode = int.TryParse(f[6], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code) ? code : null,
            UpdatedAt = long.TryParse(f[7], NumberStyles.None, CultureInfo.InvariantCulture, out long ms) && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Reason = f[8].Length > 0 ? f[8] : null,
        };
    }

    private sealed class Session(RedisCampaignLedger ledger, string campaignId, string worker) : ICampaignLedgerSession
    {
        private readonly RedisKey _rows = ledger.RowsKey(campaignId);
        private readonly RedisKey _refs = ledger.RefsKey(campaignId);
        // Rows this worker marked sending and has not recorded, as written: their record needs no read first.
        private readonly ConcurrentDictionary<string, string> _marked = new(StringComparer.Ordinal);

        public string CampaignId => campaignId;

        public string Worker => worker;

        private IDatabase Db => ledger._redis.GetDatabase();

        public async ValueTask<IReadOnlyList<CampaignClaim>> ClaimAsync(IReadOnlyList<string> recipients, TimeSpan lease, CancellationToken cancellationToken)
        {
            RedisValue[] arguments = [worker, (long)lease.TotalMilliseconds, .. recipients.Select(r => (RedisValue)r)];
            RedisResult result = await Db.ScriptEvaluateAsync(Claim, [_rows], arguments).ConfigureAwait(false);
            var answers = (RedisValue[])result!;
            var claims = new CampaignClaim[recipients.Count];
            for (int i = 0; i < claims.Length; i++)
            {
                string answer = answers[i].ToString();
                if (answer == "c")
                {
                    claims[i] = new CampaignClaim(recipients[i], true, CampaignState.Claimed, true);
                    continue;
                }
                string[] parts = answer.Split('|');
                CampaignStates.TryParse(parts[1], out CampaignState state);
                claims[i] = new CampaignClaim(recipients[i], false, state, parts[2] == "1");
            }
            return claims;
        }

        public async ValueTask<IReadOnlyCollection<string>> MarkSendingAsync(string refId, IReadOnlyList<string> recipients, TimeSpan lease, CancellationToken cancellationToken)
        {
            // The refId's recipients go in the campaign's refs with the mark, before the request leaves: a report may come before the answer.
            RedisValue[] arguments = [worker, (long)lease.TotalMilliseconds, refId, .. recipients.Select(r => (RedisValue)r)];
            var answer = (RedisValue[])(await Db.ScriptEvaluateAsync(MarkSending, [_rows, _refs], arguments).ConfigureAwait(false))!;
            if (answer[0] == "lost") return [.. answer.Skip(1).Select(v => v.ToString())];
            for (int i = 0; i < recipients.Count; i++) _marked[recipients[i]] = answer[i + 1].ToString();
            return [];
        }

        public async ValueTask RecordAsync(IReadOnlyList<CampaignOutcome> outcomes, CancellationToken cancellationToken)
        {
            var byRecipient = new Dictionary<string, CampaignOutcome>(StringComparer.Ordinal);
            var known = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (CampaignOutcome outcome in outcomes)
            {
                byRecipient[outcome.Recipient] = outcome;
                if (_marked.TryRemove(outcome.Recipient, out string? raw)) known[outcome.Recipient] = raw;
            }
            await ledger.UpdateAsync(campaignId, [.. byRecipient.Keys], (row, _) =>
            {
                CampaignOutcome outcome = byRecipient[row.Recipient];
                return row with
                {
                    State = CampaignReports.Recorded(row.State, outcome.State),
                    Owner = worker,
                    RefId = outcome.RefId ?? row.RefId,
                    MessageId = outcome.MessageId ?? row.MessageId,
                    ResultCode = outcome.ResultCode ?? row.ResultCode,
                    Reason = outcome.Reason,
                };
            }, cancellationToken, known).ConfigureAwait(false);
        }

        public async ValueTask ReleaseAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            foreach (string[] chunk in recipients.Chunk(256))
            {
                await Db.ScriptEvaluateAsync(Release, [_rows], [worker, .. chunk.Select(r => (RedisValue)r)]).ConfigureAwait(false);
            }
        }

        public async ValueTask<IReadOnlyList<CampaignRow?>> ReadAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken)
        {
            RedisValue[] raws = await Db.HashGetAsync(_rows, [.. recipients.Select(r => (RedisValue)r)]).WaitAsync(cancellationToken).ConfigureAwait(false);
            return [.. recipients.Select((r, i) => raws[i].IsNull ? null : Decode(r, raws[i].ToString()))];
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
