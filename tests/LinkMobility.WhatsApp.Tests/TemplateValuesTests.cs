using LinkMobility.WhatsApp.Templates;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>TemplateValues: a template's messages from named text values, as a CSV row gives them.</summary>
public class TemplateValuesTests
{
    private static readonly TemplateRegistry Templates = TemplateFile.Load(
        Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "samples", "linkwa", "whatsapp-templates.json"), "demo_namespace").Templates;

    [Fact]
    public void Each_parameter_takes_the_value_of_its_name_text_as_text_and_a_document_as_a_link()
    {
        TemplateValues values = TemplateValues.For(Templates, "invoice_ready", "en_US");
        Assert.Equal([("invoice", TemplateTextForm.Link), ("orderNumber", TemplateTextForm.Text), ("amount", TemplateTextForm.Text), ("dueDate", TemplateTextForm.Text)],
            values.Parameters.Select(p => (p.Name, p.Form)));
        var row = new Dictionary<string, string>
        {
            ["invoice"] = "https://example.com/invoice-42.pdf", ["order_number"] = "42", ["Amount"] = "$100.99", ["due date"] = "March 1",
        };

        TemplateMessage message = values.Create(name => row.First(c => TemplateValues.SameName(c.Key, name)).Value);

        Assert.True(new MessageRequest
        {
            PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+4670000000", Destinations = ["+46700000001"], Messages = [message],
        }.Validate(Templates).IsValid);
        string json = System.Text.Encoding.UTF8.GetString(message.ToUtf8Json());
        Assert.Contains("https://example.com/invoice-42.pdf", json);
        Assert.Contains("$100.99", json);
        Assert.Empty(values.Missing(row.Keys));
        Assert.Equal(["invoice"], values.Missing(["order number", "AMOUNT", "due_date"]));
    }

    [Fact]
    public void A_value_that_cannot_give_its_parameter_is_named_and_an_unknown_template_suggests_the_nearest()
    {
        TemplateValues values = TemplateValues.For(Templates, "invoice_ready", "en_US");
        var bad = Assert.Throws<TemplateValueException>(() => values.Create(name => name == "invoice" ? "invoice-42.pdf" : "x"));
        Assert.Equal("invoice", bad.Parameter);
        Assert.Contains("not an absolute http(s) URL", bad.Message);
        Assert.Equal("amount", Assert.Throws<TemplateValueException>(() => values.Create(name => name == "amount" ? "" : "https://example.com/a.pdf")).Parameter);

        Assert.Contains("did you mean 'order_shipped'", Assert.Throws<ArgumentException>(() => TemplateValues.For(Templates, "order_shiped", "en_US")).Message);
        Assert.Contains("it has en_US, sv", Assert.Throws<ArgumentException>(() => TemplateValues.For(Templates, "order_shipped", "fr")).Message);
    }
}
