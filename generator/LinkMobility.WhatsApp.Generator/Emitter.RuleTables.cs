using System.Linq;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator;

// The schema's rules as data for the analyzers (the project that sets LinkMobilityWhatsAppOutput=RuleTables):
// one DiagnosticDescriptor per problem, and tables of types, members, rules, unions, enums and languages
// that the analyzers' engine reads. The analyzers so check exactly the rules the runtime validators check.
internal static partial class Emitter
{
    private static void EmitRuleTables(IndentedWriter writer, EmitContext context)
    {
        ContractModel model = context.Model;
        Doc(writer, $"The rules of {model.Document.Title} {model.Document.Version}, from schema.yaml, for the analyzers.");
        writer.Line(GeneratedCode);
        using (writer.Block("internal static partial class RuleTables"))
        {
            writer.Line($"public const string ContractNamespace = {Literal(model.Document.Namespace)};");
            writer.Line($"public const string DocumentVersion = {Literal(model.Document.Version)};");
            writer.Line();

            // The descriptors themselves are hand-written in Descriptors.cs: release tracking (RS2002/RS2008)
            // does not see generated ones. The tables name them, so a problem without a descriptor does not compile,
            // and this list lets a test hold each descriptor to the schema.
            Doc(writer, "The schema's problems: name, code, severity, title; each has a descriptor of that name in Descriptors.");
            writer.Line("public static readonly (string Name, string Code, string Severity, string Title)[] Problems = new[]");
            writer.Line("{");
            foreach (ProblemModel problem in model.Problems)
            {
                writer.Line($"    ({Literal(problem.Name)}, {Literal(problem.Code)}, {Literal(problem.Severity)}, {Literal(problem.Title)}),");
            }
            writer.Line("};");
            writer.Line();
            writer.Line($"public static global::System.Collections.Immutable.ImmutableArray<global::Microsoft.CodeAnalysis.DiagnosticDescriptor> Descriptors {{ get; }} = global::System.Collections.Immutable.ImmutableArray.Create({string.Join(", ", model.Problems.Select(p => "Analyzers.Descriptors." + p.Name))});");
            writer.Line();

            writer.Line($"public static readonly string[] Languages = new[] {{ {string.Join(", ", model.Languages.Select(l => Literal(l.Code)))} }};");
            writer.Line();

            writer.Line("public static readonly EnumTable[] Enums = new[]");
            writer.Line("{");
            foreach (EnumModel enumModel in model.Enums)
            {
                writer.Line($"    new EnumTable({Literal(enumModel.Name)}, new[] {{ {string.Join(", ", enumModel.Values.Select(v => Literal(v.Name)))} }}),");
            }
            writer.Line("};");
            writer.Line();

            writer.Line("public static readonly UnionTable[] Unions = new[]");
            writer.Line("{");
            foreach (UnionModel union in model.Unions)
            {
                string variants = string.Join(", ", union.Variants.Select(v => $"new Variant({Literal(v.Type)}, {Literal(v.Value)})"));
                writer.Line($"    new UnionTable({Literal(union.Name)}, new[] {{ {variants} }}),");
            }
            writer.Line("};");
            writer.Line();

            writer.Line("public static readonly TypeTable[] Types = new[]");
            writer.Line("{");
            foreach (TypeModel type in model.Types.Where(t => !t.IsUnknownVariant))
            {
                writer.Line($"    new TypeTable({Literal(type.Name)}, {Literal(EmitContext.Describe(type.Name))}, {(type.Union is null ? "null" : Literal(type.Union))},");
                writer.Line("        new MemberTable[]");
                writer.Line("        {");
                foreach (MemberModel member in type.Members) writer.Line($"            {MemberTable(member)},");
                writer.Line("        },");
                writer.Line("        new RuleTable[]");
                writer.Line("        {");
                foreach (RuleModel rule in type.Rules) writer.Line($"            {RuleTable(rule)},");
                writer.Line("        }),");
            }
            writer.Line("};");
        }
    }

    private static string MemberTable(MemberModel member)
    {
        TypeRef type = member.Type;
        TypeRef element = type.Element ?? type;
        MemberRules rules = member.Rules;
        string Optional(long? value) => value is { } v ? Number(v) + "L" : "null";
        return $"new MemberTable({Literal(member.PropertyName)}, {Literal(member.WireName)}, ValueKind.{Kind(type)}, ValueKind.{Kind(element)}, {(element.Name is { } name ? Literal(name) : "null")}, " +
            $"Required.{member.Required}, Format.{rules.Format}, new string[] {{ {string.Join(", ", rules.Extensions.Select(Literal))} }}, " +
            $"{Optional(rules.Min)}, {Optional(rules.Max)}, {(rules.MinItems is { } n ? Number(n) : "null")}, {Conditions(rules.When)})";
    }

    private static string RuleTable(RuleModel rule)
    {
        string Strings(System.Collections.Generic.IEnumerable<string> items) => $"new string[] {{ {string.Join(", ", items.Select(Literal))} }}";
        return $"new RuleTable(RuleKind.{rule.Kind}, Analyzers.Descriptors.{rule.Problem}, {Literal(rule.Message)}, {Strings(rule.Members)}, {Strings(rule.Groups)}, " +
            $"{(rule.Items is { } items ? Literal(items) : "null")}, {Strings(rule.Values)}, {(rule.Key is { } key ? Literal(key) : "null")}, {Conditions(rule.When)})";
    }

    private static string Conditions(EquatableArray<ConditionModel> conditions) =>
        $"new Condition[] {{ {string.Join(", ", conditions.Select(c => $"new Condition({Literal(c.Property)}, {Literal(c.EnumMember)}, {Literal(c.PropertyWire)}, {Literal(c.Wire)})"))} }}";

    private static string Kind(TypeRef type) => type.Kind switch
    {
        ShapeKind.Int or ShapeKind.Long or ShapeKind.Double => "Number",
        ShapeKind.Duration => "Duration",
        _ => type.Kind.ToString(),
    };
}
