using LinkMobility.WhatsApp.Testing;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>
/// Your templates over real HTTP: the sandbox behaves as WhatsApp does with a registered template (a mismatch is
/// queued, then fails through its event report), and the client refuses a mismatch before anything is sent.
/// </summary>
public class TemplateSandboxTests
{
    private const string Templates = """
        [
          {"name": "order_update", "language": "en_US", "status": "APPROVED", "namespace": "shop_ns",
           "components": [{"type": "BODY", "text": "Order {{1}} ships today."},
                          {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Track"}]}]}
        ]
        """;

    private static readonly TemplateRegistry Registry = TemplateFile.Parse(Templates).Templates;

    private static MessageRequest Request(params Component[] components)
    {
        MessageRequest request = ClientTests.Request("+46700000001");
        request.EventReportGates = ["gate-1"];
        request.Messages.Clear();
        request.Messages.Add(new TemplateMessage
        {
            Template = new() { Namespace = "shop_ns", Name = "order_update", Language = new() { Code = "en_US" }, Components = [.. components] },
        });
        return request;
    }

    private static Component Body(int count) => new() { Type = ComponentType.Body, Parameters = [.. Enumerable.Range(0, count).Select(i => new TextParameter { Text = "p" + i })] };

    private static Component Track => new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "t" }] };

    private static async Task<(Receiver Receiver, LinkSandbox Sandbox)> StartAsync()
    {
        Receiver receiver = await Receiver.StartAsync();
        var options = new LinkSandboxOptions { Templates = Registry, DeliveryDelay = TimeSpan.FromMilliseconds(5) };
        options.Gates["gate-1"] = receiver.Url;
        return (receiver, await LinkSandbox.StartAsync(options));
    }

    private static WhatsAppClient Client(LinkSandbox sandbox, bool validateTemplates) => new(new HttpClient(), new WhatsAppClientOptions
    {
        BaseUrl = sandbox.BaseUrl, Username = "sandbox", Password = "sandbox", AllowInsecureHttp = true,
        Templates = Registry, ValidateTemplates = validateTemplates,
    });

    [Fact]
    public async Task A_template_message_that_fits_is_delivered()
    {
        var (receiver, sandbox) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;

        await Client(sandbox, validateTemplates: true).SendAsync(Request(Body(1), Track));
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([ResultCodes.Sent, ResultCodes.Delivered], receiver.Recorder.Seen.Cast<EventReport>().Select(r => r.ResultCode!.Value));
    }

    [Fact]
    public async Task A_mismatched_template_message_is_queued_then_fails_with_whatsapps_reason()
    {
        var (receiver, sandbox) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;

        // The client's own check is off, so the request reaches the sandbox as it would reach LINK.
        MessageResponse response = await Client(sandbox, validateTemplates: false).SendAsync(Request(Body(2), Track));
        Assert.Equal(ResultCodes.Queued, response.ResultCode);
        await sandbox.WaitForCallbacksAsync(TimeSpan.FromSeconds(20));

        EventReport report = Assert.Single(receiver.Recorder.Seen.Cast<EventReport>());
        Assert.Equal(ResultCodes.FailedWaRequest, report.ResultCode);
        Assert.Equal(response.MessageIds![0], report.MessageId);
        Assert.Equal("Failed WA request: the body of template 'order_update' needs 1 parameter(s) (body1); this one has 2 (WhatsApp error 132000)", report.ResultDescription);
    }

    [Fact]
    public async Task The_client_refuses_a_mismatch_before_sending_anything()
    {
        var (receiver, sandbox) = await StartAsync();
        await using var _ = receiver;
        await using var __ = sandbox;

        var refused = await Assert.ThrowsAsync<WhatsAppValidationException>(() => Client(sandbox, validateTemplates: true).SendAsync(Request(Body(1))));
        ValidationProblem problem = Assert.Single(refused.Result.Problems);
        Assert.Equal(("LMWA1208", "messages[0].template.components"), (problem.Code, problem.Path));
        Assert.Empty(sandbox.ReceivedRequests);
    }

    [Fact]
    public void A_templates_file_with_problems_lists_each_at_its_line_and_keeps_the_good_templates()
    {
        TemplateFileResult result = TemplateFile.Parse("""
            [
              {"name": "ok", "language": "en_US", "namespace": "n", "components": [{"type": "BODY", "text": "Hi"}]},
              {"name": "where", "language": "en_US", "namespace": "n", "components": [{"type": "HEADER", "format": "LOCATION"}]},
              {"name": "bad", "language": "en_US", "namespace": "n", "components": [{"type": "BODY", "text": "{{2}}"}]}
            ]
            """);
        Assert.False(result.IsValid);
        Assert.Equal([(3, true), (4, false)], result.Issues.Select(i => (i.Line, i.IsWarning)));
        Assert.Equal(["ok"], result.Templates.Definitions.Select(d => d.Name));
    }
}
