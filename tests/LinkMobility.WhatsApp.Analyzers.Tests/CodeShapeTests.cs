using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>
/// The analyzers over the many ways code builds a value: an error only where the value is certain to be
/// invalid at run time, and every value the README calls known is checked.
/// </summary>
public class CodeShapeTests
{
    private const string Request = """PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000" """;

    [Fact]
    public Task A_required_list_started_empty_in_a_variable_may_be_filled_later() => Task.WhenAll(
        Verify.Diagnostics($$"""
            string[] phones = ["+46700000001"];
            var request = new MessageRequest { {{Request}}, Destinations = [], Messages = new() };
            request.Destinations.AddRange(phones);
            request.Messages.Add(new TextMessage { Text = new() { Body = "hi" } });
            return request;
            """),
        Verify.Diagnostics("""
            var message = new ContactsMessage { Contacts = new List<Contact>() };
            message.Contacts.Add(new Contact { Name = new() { FormattedName = "A B", FirstName = "A" } });
            return message;
            """),
        // Held by an object in a variable: open as well.
        Verify.Diagnostics($$"""
            var request = new MessageRequest { {{Request}}, Destinations = ["+46700000001"], Messages = [new ContactsMessage { Contacts = [] }] };
            ((ContactsMessage)request.Messages[0]).Contacts.Add(new Contact());
            return request;
            """),
        // Not kept anywhere code can reach it again: certain to be empty.
        Verify.Diagnostics($$"""return new MessageRequest { {{Request}}, Destinations = {|LMWA1002:[]|}, Messages = [new ContactsMessage { Contacts = {|LMWA1002:[]|} }] };"""));

    [Fact]
    public Task Const_fields_and_locals_of_an_enum_type_are_constants() =>
        Verify.Analyzer("""
            using LinkMobility.WhatsApp;
            static class Sample
            {
                const ComponentType Top = ComponentType.Header;
                const ButtonSubType Reply = ButtonSubType.QuickReply;

                static object[] Make()
                {
                    const ComponentType body = ComponentType.Body;
                    return
                    [
                        new Component { Type = Top, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] },
                        new Component { Type = body, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] },
                        new Component { Type = ComponentType.Button, SubType = Reply, Index = 0, Parameters = [{|LMWA1010:new TextParameter { Text = "t" }|}] },
                        new Component { Type = ComponentType.Button, SubType = Reply, Index = 0, Parameters = [new PayloadParameter { Payload = "p" }] },
                    ];
                }
            }
            """);

    [Fact]
    public Task Inline_items_beside_a_spread_are_checked_one_by_one() =>
        Verify.Diagnostics("""
            Parameter[] shared = [new TextParameter { Text = "a" }];
            return new object[]
            {
                new Component { Type = ComponentType.Body, Parameters = [.. shared, {|LMWA1010:new PayloadParameter { Payload = "p" }|}] },
                new Component { Type = ComponentType.Body, Parameters = [.. shared, new TextParameter { Text = "b" }] },
                new Component { Type = ComponentType.Header, Parameters = [new ImageParameter { Image = new() { Link = "https://example.com/a.png" } }, .. shared, {|LMWA1011:new VideoParameter { Video = new() { Link = "https://example.com/a.mp4" } }|}] },
                // The count rule needs the whole list: a spread may hold anything.
                new MessageRequest { PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000", Destinations = [.. System.Array.Empty<string>()], Messages = [.. System.Array.Empty<Message>()] },
            };
            """);

    [Fact]
    public Task Target_typed_new_using_static_and_aliases() =>
        Verify.Analyzer("""
            using LinkMobility.WhatsApp;
            using static LinkMobility.WhatsApp.ComponentType;
            using Part = LinkMobility.WhatsApp.Component;
            static class Sample
            {
                static Part MakeHeader() => new() { Type = ComponentType.Header, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };
                static Part MakeBody() => new Part { Type = Body, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };
                static Part MakeFine() => new Part { Type = Body, Parameters = [new TextParameter { Text = "t" }] };
            }
            """);

    [Fact]
    public Task Constant_expressions_concatenation_and_ternaries_with_constant_conditions() =>
        Verify.Analyzer("""
            using LinkMobility.WhatsApp;
            static class Sample
            {
                const string Region = "us";
                const bool Media = true;
                static object[] Make() =>
                [
                    new Language { Code = {|LMWA1009:"en-" + Region|} },
                    new Language { Code = "en_" + "US" },
                    new Component { Type = Media ? ComponentType.Header : ComponentType.Body, Parameters = [{|LMWA1010:new CurrencyParameter { Currency = new() { FallbackValue = "$1", Code = "USD", Amount1000 = 1000 } }|}] },
                    new DateTimeValue { FallbackValue = "x", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = {|LMWA1005:Media ? 13 : 1|}, Hour = 15, Minute = 33 },
                ];
            }
            """);

    [Fact]
    public Task A_switch_expression_or_a_method_call_is_not_known() =>
        Verify.Diagnostics("""
            int hour = System.DateTime.Now.Hour;
            ComponentType kind = hour switch { < 12 => ComponentType.Header, _ => ComponentType.Body };
            return new object[]
            {
                new Component { Type = kind, Parameters = [new PayloadParameter { Payload = "p" }] },
                new Component { Type = hour switch { < 12 => ComponentType.Header, _ => ComponentType.Body }, Parameters = [new PayloadParameter { Payload = "p" }] },
                new Language { Code = hour.ToString() },
            };
            """);

    [Fact]
    public Task Yield_return_lambdas_and_local_functions_are_checked() =>
        Verify.Analyzer("""
            using System;
            using System.Collections.Generic;
            using LinkMobility.WhatsApp;
            static class Sample
            {
                static IEnumerable<Component> Components()
                {
                    yield return new Component { Type = ComponentType.Header, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };
                    Func<Component> lambda = () => new Component { Type = ComponentType.Body, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };
                    yield return lambda();
                    yield return Local();
                    Component Local() => new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 0, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };
                }
            }
            """);

    [Fact]
    public Task Members_added_after_creation_are_not_taken_as_missing() =>
        Verify.Diagnostics("""
            var button = new Component { Type = ComponentType.Button, Index = 0, Parameters = [new PayloadParameter { Payload = "p" }] };
            button.SubType = ButtonSubType.QuickReply;
            var name = new Name { FormattedName = "A B" };
            name.FirstName = "A";
            return new object[] { button, name };
            """);

    [Fact]
    public Task Collection_initializers_and_arrays_hold_known_items() => Task.WhenAll(
        Verify.Diagnostics("""return new Component { Type = ComponentType.Body, Parameters = new List<Parameter> { new TextParameter { Text = "a" }, {|LMWA1010:new PayloadParameter { Payload = "p" }|} } };"""),
        Verify.Diagnostics("""return new List<Component> { new() { Type = ComponentType.Body, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] } };"""),
        Verify.Diagnostics("""return new Component[] { new() { Type = ComponentType.Body, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] } };"""));
}
