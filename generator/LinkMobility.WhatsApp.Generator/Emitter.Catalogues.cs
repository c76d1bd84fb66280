using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;

using static LinkMobility.WhatsApp.Generator.CSharpText;

namespace LinkMobility.WhatsApp.Generator;

// The document's lookup tables: result codes, languages, base URLs, hosts, operations, errata.
internal static partial class Emitter
{
    private static void EmitCatalogues(IndentedWriter writer, EmitContext context)
    {
        ContractModel model = context.Model;
        EmitResultCodes(writer, model);
        EmitProblems(writer, model);
        EmitLanguages(writer, model);
        EmitBaseUrls(writer, model);
        EmitDocument(writer, model);
    }

    private static void EmitResultCodes(IndentedWriter writer, ContractModel model)
    {
        Doc(writer, "The document's response codes: each as a constant, and the whole table with what each code means.");
        writer.Line(GeneratedCode);
        using (writer.Block("public static partial class ResultCodes"))
        {
            foreach (ResultCodeModel code in model.ResultCodes)
            {
                Doc(writer, $"{Number(code.Code)}: {code.Description} {code.Explanation}", $"Outcome: {code.Outcome}{(code.Final ? ", final" : ", not final")}.");
                writer.Line($"public const int {code.Name} = {Number(code.Code)};");
                writer.Line();
            }

            Doc(writer, "Every result code of the document, in its order.");
            writer.Line("public static global::System.Collections.Generic.IReadOnlyList<global::LinkMobility.WhatsApp.ResultCodeInfo> All { get; } =");
            writer.Line("[");
            foreach (ResultCodeModel code in model.ResultCodes)
            {
                string outcome = "global::LinkMobility.WhatsApp.ResultCodeOutcome." + NameCase.PascalFromWire(code.Outcome);
                writer.Line($"    new({Number(code.Code)}, {Literal(code.Name)}, {Literal(code.Description)}, {Literal(code.Explanation)}, {outcome}, {(code.Final ? "true" : "false")}),");
            }
            writer.Line("];");
            writer.Line();

            Doc(writer, "The table row of a code, or null for a code the document does not list.");
            writer.SwitchExpression("public static global::LinkMobility.WhatsApp.ResultCodeInfo? Find(int code) => code",
                model.ResultCodes.Select((code, index) => $"{Number(code.Code)} => All[{Number(index)}]").Append("_ => null"));
        }
        writer.Line();
    }

    /// <summary>The arms of a (problem, form) switch to each message template of the problems table.</summary>
    internal static IEnumerable<string> ProblemMessageArms(ContractModel model) =>
        model.Problems.SelectMany(p => p.Messages.Select(m => $"({Literal(p.Name)}, {Literal(m.Form)}) => {Literal(m.Template)}")).Append("_ => null");

    private static void EmitProblems(IndentedWriter writer, ContractModel model)
    {
        Doc(writer, "Every problem validation reports, with its stable code (docs/diagnostics has a page per code).");
        writer.Line(GeneratedCode);
        using (writer.Block("public static partial class Problems"))
        {
            foreach (ProblemModel problem in model.Problems)
            {
                string severity = "global::LinkMobility.WhatsApp.ProblemSeverity." + NameCase.PascalFromWire(problem.Severity);
                Doc(writer, $"{problem.Code}: {problem.Title}.");
                writer.Line($"public static global::LinkMobility.WhatsApp.ProblemInfo {problem.Name} {{ get; }} = new({Literal(problem.Code)}, {Literal(problem.Name)}, {severity}, {Literal(problem.Title)});");
                writer.Line();
            }
            Doc(writer, "Every problem, in code order.");
            writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<global::LinkMobility.WhatsApp.ProblemInfo> All {{ get; }} = [{string.Join(", ", model.Problems.Select(p => p.Name))}];");
            writer.Line();
            Doc(writer, "The problem with this code, or null.");
            writer.SwitchExpression("public static global::LinkMobility.WhatsApp.ProblemInfo? Find(string? code) => code",
                model.Problems.Select(p => $"{Literal(p.Code)} => {p.Name}").Append("_ => null"));
            writer.Line();
            Doc(writer, "The problem the schema's problems table names so, or null.");
            writer.SwitchExpression("internal static global::LinkMobility.WhatsApp.ProblemInfo? Named(string name) => name",
                model.Problems.Select(p => $"{Literal(p.Name)} => {p.Name}").Append("_ => null"));
            writer.Line();
            Doc(writer, "A problem's message template in one of its forms (\"\" for its only message), from the problems table; null for one it does not word.");
            writer.SwitchExpression("internal static string? MessageOf(string problem, string form) => (problem, form)",
                ProblemMessageArms(model));
            writer.Line();
            Doc(writer, "The problem that a JSON fault of this kind is reported as.");
            writer.SwitchExpression("public static global::LinkMobility.WhatsApp.ProblemInfo ForJsonFault(global::LinkMobility.WhatsApp.JsonFaultKind kind) => kind",
            [
                "global::LinkMobility.WhatsApp.JsonFaultKind.Malformed => MalformedJson",
                "global::LinkMobility.WhatsApp.JsonFaultKind.UnknownValue => UnknownJsonValue",
                "global::LinkMobility.WhatsApp.JsonFaultKind.MissingDiscriminator => MissingDiscriminator",
                "_ => WrongJsonType",
            ]);
        }
        writer.Line();
    }

    private static void EmitLanguages(IndentedWriter writer, ContractModel model)
    {
        Doc(writer, "The languages templates support: each code as a constant (use it for Language.Code), and the whole table.");
        writer.Line(GeneratedCode);
        using (writer.Block("public static partial class TemplateLanguages"))
        {
            foreach (LanguageModel language in model.Languages)
            {
                Doc(writer, $"{language.Name}: {language.Code}.");
                writer.Line($"public const string {language.Identifier} = {Literal(language.Code)};");
                writer.Line();
            }

            Doc(writer, "Every supported language, in the document's order.");
            writer.Line("public static global::System.Collections.Generic.IReadOnlyList<global::LinkMobility.WhatsApp.TemplateLanguage> All { get; } =");
            writer.Line("[");
            foreach (LanguageModel language in model.Languages) writer.Line($"    new({Literal(language.Code)}, {Literal(language.Name)}),");
            writer.Line("];");
            writer.Line();

            Doc(writer, "The language with exactly this code (case-sensitive, as the API compares it), or null.");
            writer.SwitchExpression("public static global::LinkMobility.WhatsApp.TemplateLanguage? Find(string? code) => code",
                model.Languages.Select((language, index) => $"{Literal(language.Code)} => All[{Number(index)}]").Append("_ => null"));
            writer.Line();

            Doc(writer, "Whether templates support this language code.");
            writer.SwitchExpression("public static bool IsSupported(string? code) => code",
                [string.Join(" or ", model.Languages.Select(l => Literal(l.Code))) + " => true", "_ => false"]);
            writer.Line();

            Doc(writer, "The supported code that differs from this one only in case or separator (en-us: en_US), or null.");
            using (writer.Block("public static string? Suggest(string? code)"))
            {
                writer.Line("if (code is null) return null;");
                writer.Line("foreach (var language in All) if (global::LinkMobility.WhatsApp.Validation.Formats.SameLanguageCode(language.Code, code)) return language.Code;");
                writer.Line("return null;");
            }
        }
        writer.Line();
    }

    private static void EmitBaseUrls(IndentedWriter writer, ContractModel model)
    {
        Doc(writer, "The regions LINK assigns accounts to, one per documented base URL.");
        writer.Line(GeneratedCode);
        using (writer.Block("public enum LinkRegion"))
        {
            foreach (BaseUrlModel url in model.Api.BaseUrls)
            {
                Doc(writer, $"The base URL {url.Url}.");
                writer.Line($"{url.Id},");
                writer.Line();
            }
        }
        writer.Line();

        Doc(writer, "The documented base URLs; requests go to the base URL followed by the operation's path.");
        writer.Line(GeneratedCode);
        using (writer.Block("public static partial class BaseUrls"))
        {
            foreach (BaseUrlModel url in model.Api.BaseUrls)
            {
                Doc(writer, $"{url.Url}.");
                writer.Line($"public static global::System.Uri {url.Id} {{ get; }} = new({Literal(url.Url)});");
                writer.Line();
            }
            Doc(writer, "Every documented base URL.");
            writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<global::System.Uri> All {{ get; }} = [{string.Join(", ", model.Api.BaseUrls.Select(u => u.Id))}];");
            writer.Line();
            Doc(writer, "The base URL of a region.");
            writer.SwitchExpression("public static global::System.Uri For(LinkRegion region) => region",
                model.Api.BaseUrls.Select(url => $"LinkRegion.{url.Id} => {url.Id}")
                    .Append("_ => throw new global::System.ArgumentOutOfRangeException(nameof(region), region, \"Not a documented region.\")"));
        }
        writer.Line();

        Doc(writer, "The hosts and IP addresses LINK's outgoing traffic (callbacks) comes from (Appendix 1).");
        writer.Line(GeneratedCode);
        using (writer.Block("public static partial class OutgoingHosts"))
        {
            Doc(writer, "Every documented host and its address.");
            writer.Line("public static global::System.Collections.Generic.IReadOnlyList<global::LinkMobility.WhatsApp.OutgoingHost> All { get; } =");
            writer.Line("[");
            foreach (HostModel host in model.Api.Hosts)
            {
                writer.Line($"    new({Literal(host.Host)}, global::System.Net.IPAddress.Parse({Literal(host.Address)})),");
            }
            writer.Line("];");
            writer.Line();
            Doc(writer, "Whether an address is one of the documented ones (IPv4-mapped IPv6 addresses count as their IPv4 address).");
            using (writer.Block("public static bool Contains(global::System.Net.IPAddress address)"))
            {
                writer.Line("if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();");
                writer.Line("foreach (var host in All) if (host.Address.Equals(address)) return true;");
                writer.Line("return false;");
            }
        }
        writer.Line();
    }

    private static void EmitDocument(IndentedWriter writer, ContractModel model)
    {
        DocumentInfo document = model.Document;
        Doc(writer, $"The document this contract was generated from: {document.Title} {document.Version} ({document.Date}).");
        writer.Line(GeneratedCode);
        using (writer.Block("public static partial class ApiDocument"))
        {
            Doc(writer, "The document's title.");
            writer.Line($"public const string Title = {Literal(document.Title)};");
            writer.Line();
            Doc(writer, "The document's version.");
            writer.Line($"public const string Version = {Literal(document.Version)};");
            writer.Line();
            Doc(writer, "The date the document was last updated (yyyy-MM-dd).");
            writer.Line($"public const string Date = {Literal(document.Date)};");
            writer.Line();
            Doc(writer, "How requests authenticate: HTTP Basic with the provided username and password.");
            writer.Line($"public const string Authentication = {Literal(model.Api.Authentication)};");
            writer.Line();
            Doc(writer, model.Api.Tls.Description);
            writer.Line($"public static global::System.Version MinimumTlsVersion {{ get; }} = new({Literal(model.Api.Tls.Minimum)});");
            writer.Line();
            Doc(writer, "The date from which the minimum TLS version is required (yyyy-MM-dd).");
            writer.Line($"public const string MinimumTlsVersionRequiredFrom = {Literal(model.Api.Tls.RequiredFrom)};");
            writer.Line();

            foreach (OperationModel operation in model.Api.Operations)
            {
                Doc(writer, $"{operation.Method} {operation.Path}: takes {operation.Request}; answers {string.Join(", ", operation.Responses.Select(r => $"{r.Status} ({r.Case}) with {r.Body}"))}.");
                writer.Line($"public static global::LinkMobility.WhatsApp.ApiOperation {operation.Name} {{ get; }} = new({Literal(operation.Name)}, {Literal(operation.Method)}, {Literal(operation.Path)}, typeof({operation.Request}),");
                writer.Line("[");
                foreach (ResponseModel response in operation.Responses)
                {
                    writer.Line($"    new({Number(response.Status)}, {Literal(response.Case)}, typeof({response.Body})),");
                }
                writer.Line("]);");
                writer.Line();
            }
            Doc(writer, "Every operation of the API.");
            writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<global::LinkMobility.WhatsApp.ApiOperation> Operations {{ get; }} = [{string.Join(", ", model.Api.Operations.Select(o => o.Name))}];");
            writer.Line();

            Doc(writer, "Where the document contradicts itself, and how this contract resolves each case.");
            writer.Line("public static global::System.Collections.Generic.IReadOnlyList<global::LinkMobility.WhatsApp.Erratum> Errata { get; } =");
            writer.Rows("[", model.Errata.Select(e => $"new({Literal(e.Id)}, {Literal(e.Where)}, {Literal(e.Problem)}, {Literal(e.Resolution)})"), "];");
        }
    }
}
