namespace LinkMobility.WhatsApp.Sandbox.Inbox;

/// <summary>
/// What the inbox shows: one chat per business number and customer, each with its latest messages (at most
/// <see cref="MessagesPerChat"/>, older ones dropped), their states as the event reports go out, and a version that
/// changes with every change, which the page's event stream waits on.
/// </summary>
internal sealed class InboxStore
{
    /// <summary>How many messages a chat keeps: the page pages back through them; older ones are dropped, so memory stays bounded.</summary>
    public const int MessagesPerChat = 500;

    /// <summary>How many chats the inbox keeps (the least recently active are dropped).</summary>
    public const int MaxChats = 10_000;

    private readonly object _lock = new();
    private readonly Dictionary<(string Business, string Customer), InboxChat> _chats = new();
    // The chats in the order of their last message, the least recent first: the list and the eviction are O(1) a chat.
    private readonly LinkedList<InboxChat> _byActivity = new();
    private readonly Dictionary<string, InboxMessage> _outbound = new(StringComparer.Ordinal);
    // Counted, not kept: a campaign of any size costs a few counters and the recipients past a limit.
    private readonly Dictionary<string, CampaignCounts> _campaigns = new(StringComparer.Ordinal);
    private long _version;
    private TaskCompletionSource<long> _changed = NewChange();

    /// <summary>The version: one more with every change.</summary>
    public long Version
    {
        get { lock (_lock) return _version; }
    }

    /// <summary>Completes with the new version once the version is past <paramref name="seen"/>.</summary>
    public Task<long> ChangedAfterAsync(long seen)
    {
        lock (_lock) return _version > seen ? Task.FromResult(_version) : _changed.Task;
    }

    public void AddOutbound(string business, string customer, string messageId, int index, string kind, byte[] content, IReadOnlyList<string> gates, string? refId, DateTimeOffset at)
    {
        lock (_lock)
        {
            InboxChat chat = ChatOf(business, customer, at);
            chat.Gates = gates;
            var message = new InboxMessage(messageId, index, Outbound: true, kind, content, at) { Customer = customer, Campaign = refId is null ? null : LinkMobility.WhatsApp.Campaigns.CampaignRefIds.CampaignOf(refId) };
            Add(chat, message);
            _outbound[Key(messageId, index)] = message;
            if (message.Campaign is { } campaign)
            {
                if (!_campaigns.TryGetValue(campaign, out CampaignCounts? counts)) _campaigns[campaign] = counts = new CampaignCounts();
                counts.ByState[(int)MessageState.Queued]++;
            }
            Changed();
        }
    }

    /// <summary>Each campaign's messages by state (a campaign run's refIds name it), and the recipients past a limit.</summary>
    public List<CampaignFunnel> Campaigns()
    {
        lock (_lock)
        {
            return [.. _campaigns.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
            {
                int Count(MessageState state) => c.Value.ByState[(int)state];
                return new CampaignFunnel(
                    c.Key,
                    c.Value.ByState.Sum(),
                    Count(MessageState.Queued),
                    Count(MessageState.Sent) + Count(MessageState.Delivered) + Count(MessageState.Read),
                    Count(MessageState.Delivered) + Count(MessageState.Read),
                    Count(MessageState.Read),
                    Count(MessageState.Failed),
                    [.. c.Value.PastLimit]);
            })];
        }
    }

    public void AddInbound(string business, string customer, string messageId, string kind, byte[] content, DateTimeOffset at)
    {
        lock (_lock)
        {
            InboxChat chat = ChatOf(business, customer, at);
            chat.LastInbound = at;
            Add(chat, new InboxMessage(messageId, 0, Outbound: false, kind, content, at) { State = MessageState.Received });
            Changed();
        }
    }

    /// <summary>A report went out for an outbound message: its state moves on (never back), with the failure's code and reason.</summary>
    public void Report(string messageId, int index, MessageState state, int? code = null, string? reason = null, bool pastLimit = false)
    {
        lock (_lock)
        {
            if (!_outbound.TryGetValue(Key(messageId, index), out InboxMessage? message) || message.State >= state) return;
            Moved(message, state);
            message.State = state;
            message.FailureCode = code;
            message.FailureReason = reason;
            message.PastLimit = pastLimit;
            if (pastLimit && message.Campaign is { } campaign && _campaigns[campaign].PastLimit.Count < CampaignCounts.MostListed) _campaigns[campaign].PastLimit.Add(message.Customer!);
            Changed();
        }
    }

    /// <summary>The customer opened the chat: the delivered messages are read.</summary>
    public void Read(string business, string customer)
    {
        lock (_lock)
        {
            if (!_chats.TryGetValue((business, customer), out InboxChat? chat)) return;
            bool any = false;
            foreach (InboxMessage message in chat.Messages)
            {
                if (message.Outbound && message.State == MessageState.Delivered)
                {
                    Moved(message, MessageState.Read);
                    message.State = MessageState.Read;
                    any = true;
                }
            }
            if (any) Changed();
        }
    }

    /// <summary>The chats, the most recently active first, whose numbers contain <paramref name="search"/>.</summary>
    public List<ChatSummary> Chats(string? search, int limit)
    {
        lock (_lock)
        {
            var chats = new List<ChatSummary>(Math.Min(limit, _chats.Count));
            for (LinkedListNode<InboxChat>? node = _byActivity.Last; node is not null && chats.Count < limit; node = node.Previous)
            {
                InboxChat c = node.Value;
                if (!string.IsNullOrEmpty(search) && !c.Customer.Contains(search, StringComparison.OrdinalIgnoreCase) && !c.Business.Contains(search, StringComparison.OrdinalIgnoreCase)) continue;
                chats.Add(new ChatSummary(c.Business, c.Customer, c.LastActivity, c.LastInbound, c.Messages.Count, c.Messages.LastOrDefault()?.Snapshot()));
            }
            return chats;
        }
    }

    /// <summary>A chat's messages, oldest first: the latest <paramref name="limit"/> before position <paramref name="before"/> (all when null).</summary>
    public ChatPage? Chat(string business, string customer, long? before, int limit)
    {
        lock (_lock)
        {
            if (!_chats.TryGetValue((business, customer), out InboxChat? chat)) return null;
            var older = chat.Messages.Where(m => before is null || m.Position < before).ToList();
            var page = older.Skip(Math.Max(0, older.Count - limit)).Select(m => m.Snapshot()).ToList();
            return new ChatPage(chat.Business, chat.Customer, chat.LastInbound, page, older.Count > page.Count, chat.Gates);
        }
    }

    /// <summary>The gates the chat's last request reported to: where the customer's messages go.</summary>
    public IReadOnlyList<string> GatesOf(string business, string customer)
    {
        lock (_lock) return _chats.TryGetValue((business, customer), out InboxChat? chat) ? chat.Gates : [];
    }

    /// <summary>A campaign's counts follow its message from one state to the next.</summary>
    private void Moved(InboxMessage message, MessageState to)
    {
        if (message.Campaign is not { } campaign || !_campaigns.TryGetValue(campaign, out CampaignCounts? counts)) return;
        counts.ByState[(int)message.State]--;
        counts.ByState[(int)to]++;
    }

    private InboxChat ChatOf(string business, string customer, DateTimeOffset at)
    {
        if (!_chats.TryGetValue((business, customer), out InboxChat? chat))
        {
            if (_chats.Count >= MaxChats)
            {
                InboxChat stalest = _byActivity.First!.Value;
                _byActivity.RemoveFirst();
                _chats.Remove((stalest.Business, stalest.Customer));
                foreach (InboxMessage gone in stalest.Messages) _outbound.Remove(Key(gone.MessageId, gone.Index));
            }
            _chats[(business, customer)] = chat = new InboxChat(business, customer);
            _byActivity.AddLast(chat.Node);
        }
        else if (chat.Node.Next is not null)
        {
            _byActivity.Remove(chat.Node);
            _byActivity.AddLast(chat.Node);
        }
        if (at > chat.LastActivity) chat.LastActivity = at;
        return chat;
    }

    private void Add(InboxChat chat, InboxMessage message)
    {
        message.Position = ++chat.Added;
        chat.Messages.Enqueue(message);
        while (chat.Messages.Count > MessagesPerChat)
        {
            InboxMessage gone = chat.Messages.Dequeue();
            if (gone.Outbound) _outbound.Remove(Key(gone.MessageId, gone.Index));
        }
    }

    private void Changed()
    {
        _version++;
        TaskCompletionSource<long> changed = _changed;
        _changed = NewChange();
        changed.TrySetResult(_version);
    }

    private static TaskCompletionSource<long> NewChange() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Key(string messageId, int index) => messageId + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class CampaignCounts
    {
        /// <summary>How many recipients past a limit are listed (the count of failed messages has them all).</summary>
        public const int MostListed = 1_000;

        public int[] ByState { get; } = new int[Enum.GetValues<MessageState>().Length];

        public SortedSet<string> PastLimit { get; } = new(StringComparer.Ordinal);
    }

    private sealed class InboxChat
    {
        public InboxChat(string business, string customer)
        {
            Business = business;
            Customer = customer;
            Node = new LinkedListNode<InboxChat>(this);
        }

        public string Business { get; }

        public LinkedListNode<InboxChat> Node { get; }

        public string Customer { get; }

        public Queue<InboxMessage> Messages { get; } = new();

        public long Added { get; set; }

        public DateTimeOffset LastActivity { get; set; }

        public DateTimeOffset? LastInbound { get; set; }

        public IReadOnlyList<string> Gates { get; set; } = [];
    }
}

/// <summary>Where a message is, in the order the ticks show it; a state never moves back.</summary>
internal enum MessageState
{
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
    Received,
}

internal sealed record InboxMessage(string MessageId, int Index, bool Outbound, string Kind, byte[] Content, DateTimeOffset At)
{
    public long Position { get; set; }

    public MessageState State { get; set; }

    public int? FailureCode { get; set; }

    public string? FailureReason { get; set; }

    public bool PastLimit { get; set; }

    public string? Customer { get; init; }

    /// <summary>The campaign its request's refId names (CampaignRefIds), if any.</summary>
    public string? Campaign { get; init; }

    public InboxMessage Snapshot() => this with { };
}

/// <summary>A campaign's messages: all, not yet reported, sent (and on), delivered (and read), read, failed; the recipients past a limit (the first 1,000).</summary>
internal sealed record CampaignFunnel(string Campaign, int Messages, int Queued, int Sent, int Delivered, int Read, int Failed, List<string> PastLimit);

internal sealed record ChatSummary(string Business, string Customer, DateTimeOffset LastActivity, DateTimeOffset? LastInbound, int Messages, InboxMessage? Last);

internal sealed record ChatPage(string Business, string Customer, DateTimeOffset? LastInbound, List<InboxMessage> Messages, bool More, IReadOnlyList<string> Gates);
