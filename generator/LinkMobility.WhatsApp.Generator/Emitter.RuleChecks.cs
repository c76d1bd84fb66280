using System.Linq;
using LinkMobility.WhatsApp.Generator.Checks;
using LinkMobility.WhatsApp.Generator.Model;

using static LinkMobility.WhatsApp.Generator.CSharpText;

namespace LinkMobility.WhatsApp.Generator;

// The analyzers' checks (the project that sets LinkMobilityWhatsAppOutput=RuleChecks): the same checks as the
// runtime validators (Checks/), emitted into an AnalyzerTarget, over what code shows at compile time. Beside
// them, the shapes of the contract's types, which the analyzers need to read code that builds them.
internal static partial class Emitter
{
    private static string VariantWire(EmitContext context, TypeModel type) =>
        type.Union is { } union && context.Unions[union].Variants.FirstOrDefault(v => v.Type == type.Name) is { } variant ? Literal(variant.Value) : "null";

    /// <summary>What the checks against your templates read of code: the types' names, their members' positions, the enums' wire names.</summary>
    private static void EmitTemplateShapes(IndentedWriter writer, Templates.TemplateContract contract)
    {
        Doc(writer, "The contract's template types as the checks against your templates read them.");
        using (writer.Block("public static class TemplateShapes"))
        {
            foreach (Templates.TemplateContract.TypeShapeNames shape in contract.Shapes)
            {
                using (writer.Block($"public static class {shape.Type}"))
                {
                    writer.Line($"public const string TypeName = {Literal(shape.Type)};");
                    foreach ((string role, int index) in shape.Members) writer.Line($"public const int {role} = {Number(index)};");
                }
            }
            writer.Line();
            Doc(writer, "The wire name of a component type's or button sub type's enum member, or null.");
            writer.SwitchExpression("public static string? Wire(string? member) => member",
                contract.EnumWires.GroupBy(e => e.Name).Select(g => $"{Literal(g.Key)} => {Literal(g.First().Wire)}").Append("_ => null"));
        }
        writer.Line();
    }

    private static void EmitRuleChecks(IndentedWriter writer, EmitContext context)
    {
        ContractModel model = context.Model;
        var target = new AnalyzerTarget(model.Document.Namespace);
        var members = new MemberChecks(context.Checks, target);
        var rules = new RuleChecks(target);
        var types = model.Types.Where(t => !t.IsUnknownVariant).ToList();

        Doc(writer, $"The checks of {model.Document.Title} {model.Document.Version}, from schema.yaml, over values known at compile time.");
        writer.Line(GeneratedCode);
        using (writer.Block("internal static partial class RuleChecks"))
        {
            writer.Line($"public const string ContractNamespace = {Literal(model.Document.Namespace)};");
            writer.Line($"public const string DocumentVersion = {Literal(model.Document.Version)};");
            writer.Line();

            // The descriptors themselves are hand-written in Descriptors.cs: release tracking (RS2002/RS2008)
            // does not see generated ones. The checks name them, so a problem without a descriptor does not compile,
            // and this list lets a test hold each descriptor to the schema.
            Doc(writer, "The schema's problems: name, code, severity, title; each has a descriptor of that name in Descriptors.");
            writer.Line("public static readonly (string Name, string Code, string Severity, string Title)[] Problems = new[]");
            writer.Rows("{", model.Problems.Select(p => $"({Literal(p.Name)}, {Literal(p.Code)}, {Literal(p.Severity)}, {Literal(p.Title)})"), "};");
            writer.Line();
            writer.Line($"public static global::System.Collections.Immutable.ImmutableArray<global::Microsoft.CodeAnalysis.DiagnosticDescriptor> SupportedDiagnostics {{ get; }} = global::System.Collections.Immutable.ImmutableArray.Create({string.Join(", ", model.Problems.Select(p => "Descriptors." + p.Name))});");
            writer.Line();

            Doc(writer, "The contract's types as code builds them: C# member names, which members hold objects or lists, the variant's wire name.");
            writer.Line("public static readonly TypeShape[] Types = new[]");
            writer.Rows("{", types.Select((type, id) => $"new TypeShape({id}, {Literal(type.Name)}, {VariantWire(context, type)}, new string[] {{ {string.Join(", ", type.Members.Select(m => Literal(m.PropertyName)))} }}, " +
                $"new bool[] {{ {string.Join(", ", type.Members.Select(m => m.Type.Kind is ShapeKind.Object or ShapeKind.Union or ShapeKind.List ? "true" : "false"))} }}, " +
                $"{(type.Members.Count == 1 && type.Members[0].Type.Kind == ShapeKind.String ? Literal(type.Members[0].PropertyName) : "null")})"), "};");
            writer.Line();

            Doc(writer, "Checks an object and, through it, everything it holds that the code shows.");
            using (writer.Block("public static void Check(SourceObject? o, RuleReport report)"))
            {
                writer.Line("if (o is null) return;");
                using (writer.Block("switch (o.Type.Id)"))
                {
                    for (int id = 0; id < types.Count; id++) writer.Line($"case {id}: Check{types[id].Name}(o, report); break;");
                }
            }

            foreach (TypeModel type in types)
            {
                writer.Line();
                using (writer.Block($"private static void Check{type.Name}(SourceObject o, RuleReport report)"))
                {
                    EmitChecks(writer, members, rules, type);
                }
            }
            writer.Line();

            Doc(writer, "The descriptor of a problem of the schema's problems table, by its name.");
            writer.SwitchExpression("public static global::Microsoft.CodeAnalysis.DiagnosticDescriptor? Descriptor(string name) => name",
                model.Problems.Select(p => $"{Literal(p.Name)} => Descriptors.{p.Name}").Append("_ => null"));
            writer.Line();
            Doc(writer, "A problem's message template in one of its forms (\"\" for its only message), from the problems table.");
            writer.SwitchExpression("public static string? MessageOf(string problem, string form) => (problem, form)", ProblemMessageArms(model));
            writer.Line();
            if (model.Templates is not null) EmitTemplateShapes(writer, new Templates.TemplateContract(model));

            Doc(writer, "The supported template languages (TemplateLanguages in the contract).");
            using (writer.Block("private static class Languages"))
            {
                writer.Line($"private static readonly string[] Codes = new[] {{ {string.Join(", ", model.Languages.Select(l => Literal(l.Code)))} }};");
                writer.Line("private static readonly global::System.Collections.Generic.HashSet<string> Set = new(Codes, global::System.StringComparer.Ordinal);");
                writer.Line();
                writer.Line("public static bool IsSupported(string code) => Set.Contains(code);");
                writer.Line();
                writer.Line("public static string? Suggest(string code) => global::System.Linq.Enumerable.FirstOrDefault(Codes, known => global::LinkMobility.WhatsApp.Validation.Formats.SameLanguageCode(known, code));");
            }
        }
    }
}
