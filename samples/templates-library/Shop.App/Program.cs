// The app: its templates come from Shop.Templates, a project of their own.
using LinkMobility.WhatsApp;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;
using Shop.Templates;

// Registered when the app started (the generator's module initializer), before any builder is touched.
Console.WriteLine($"templates registered: {TemplateRegistry.Generated.Definitions.Count}");

await using LinkSandbox sandbox = await LinkSandbox.StartAsync(new LinkSandboxOptions { Templates = TemplateRegistry.Generated });
var client = new WhatsAppClient(new HttpClient(), new WhatsAppClientOptions
{
    BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
});

// With the library's builder: typed parameters, the template's name and language from the templates file.
TemplateMessage built = WhatsAppTemplates.OrderShipped.Create(WhatsAppTemplates.OrderShipped.Language.Swedish,
    customerName: "Ann", orderNumber: "42", trackPayload: "track-42");

MessageResponse response = await client.SendAsync(new MessageRequest
{
    PlatformId = "shop", PlatformPartnerId = "shop", RefId = "order-42", Priority = Priority.Normal,
    Source = "+46700000000", Destinations = ["+46700000001"],
    Messages = [built, HandBuilt()],
});
Console.WriteLine($"sent: message id {string.Join(", ", response.MessageIds ?? [])}");

// By hand: still checked at compile time against Shop.Templates' templates. Misspell the name, leave out the order
// number, or give the button a text, and the build fails at that line (LMWA1201, LMWA1204, LMWA1205).
static TemplateMessage HandBuilt() => new()
{
    Template = new()
    {
        Namespace = "shop_namespace", Name = "order_shipped", Language = new() { Code = "en_US" },
        Components =
        [
            new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Bo" }, new TextParameter { Text = "43" }] },
            new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "track-43" }] },
        ],
    },
};
