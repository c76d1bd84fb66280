namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>
/// A typed template builder (generated from whatsapp-templates.json) against the same message built by hand with
/// object initializers. Both get the same arguments; what is measured is building the message.
/// </summary>
internal sealed class TemplateBuilding
{
    private static readonly Uri DocumentLink = new("https://www.example.com/file.pdf");
    private static readonly Currency Amount = new() { FallbackValue = "$100.99", Code = "USD", Amount1000 = 100990 };
    private static readonly DateTimeValue Date = new() { FallbackValue = "February 25, 1977 03:33PM", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = 2, Hour = 15, Minute = 33 };

    /// <summary>The last message built, so neither contender's work can be skipped.</summary>
    public static TemplateMessage? Built { get; private set; }

    public TemplateBuilding()
    {
        // The same message, or the comparison means nothing.
        string builder = ByBuilder().ToJson(), byHand = ByHand().ToJson();
        if (builder != byHand) throw new InvalidOperationException($"the builder built\n{builder}\nby hand:\n{byHand}");
    }

    public Contender Builder { get; } = Contender.Of("template.builder", () => Built = ByBuilder());

    public Contender HandBuilt { get; } = Contender.Of("template.hand-built", () => Built = ByHand());

    private static TemplateMessage ByBuilder() => WhatsAppTemplates.YourTemplate.Create(
        WhatsAppTemplates.YourTemplate.Language.English, document: DocumentLink, text: "Your text", amount: Amount, date: Date, payload: "Your payload here", path: "Your text here");

    private static TemplateMessage ByHand() => new()
    {
        Template = new()
        {
            Namespace = "yourNamespace",
            Name = "yourTemplate",
            Language = new() { Code = "en" },
            Components =
            [
                new() { Type = ComponentType.Header, Parameters = [new DocumentParameter { Document = new() { Link = DocumentLink.OriginalString } }] },
                new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Your text" }, new CurrencyParameter { Currency = Amount }, new DateTimeParameter { DateTime = Date }] },
                new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "Your payload here" }] },
                new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 1, Parameters = [new TextParameter { Text = "Your text here" }] },
            ],
        },
    };
}
