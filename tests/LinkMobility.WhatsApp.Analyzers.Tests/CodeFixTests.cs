using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>Each code fix, before and after.</summary>
public class CodeFixTests
{
    [Fact]
    public Task A_quickReply_text_parameter_becomes_a_payload() => Verify.Fix(
        """return new Component { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [{|LMWA1010:new TextParameter { Text = "Yes" }|}] };""",
        """return new Component { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "Yes" }] };""");

    [Fact]
    public Task A_url_payload_parameter_becomes_text() => Verify.Fix(
        """return new Component { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 1, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "track" }|}] };""",
        """return new Component { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 1, Parameters = [new TextParameter { Text = "track" }] };""");

    [Fact]
    public Task A_missing_subType_is_added_from_the_parameter() => Verify.Fix(
        """return {|LMWA1001:new Component { Type = ComponentType.Button, Index = 0, Parameters = [new PayloadParameter { Payload = "p" }] }|};""",
        """return new Component { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "p" }] };""");

    [Fact]
    public Task A_missing_url_subType_is_added_from_a_text_parameter() => Verify.Fix(
        """return {|LMWA1001:new Component { Type = ComponentType.Button, Index = 0, Parameters = [new TextParameter { Text = "t" }] }|};""",
        """return new Component { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 0, Parameters = [new TextParameter { Text = "t" }] };""");

    [Fact]
    public Task A_language_code_gets_its_case_and_separator() => Verify.Fix(
        """return new Language { Code = {|LMWA1009:"en-us"|} };""",
        """return new Language { Code = "en_US" };""");
}
