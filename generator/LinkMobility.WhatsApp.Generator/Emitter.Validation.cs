using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Generator.Checks;
using LinkMobility.WhatsApp.Generator.Model;

using static LinkMobility.WhatsApp.Generator.CSharpText;

namespace LinkMobility.WhatsApp.Generator;

// Validators from the schema's rules: one pass over the object graph, every problem reported with its
// JSON path, nothing allocated unless a problem is found (paths and messages are made only then).
// The checks themselves are Checks/MemberChecks and Checks/RuleChecks, emitted into a ValidatorTarget.
internal static partial class Emitter
{
    private const string ValidationContextRef = "ref global::LinkMobility.WhatsApp.Validation.ValidationContext context";
    private const string Result = "global::LinkMobility.WhatsApp.ValidationResult";

    private static void EmitValidation(IndentedWriter writer, EmitContext context)
    {
        var target = new ValidatorTarget();
        var members = new MemberChecks(context.Checks, target);
        var rules = new RuleChecks(target);
        foreach (UnionModel union in context.Model.Unions)
        {
            using (writer.Block($"partial class {union.Name}"))
            {
                EmitValidateEntry(writer, union.Name, isVariant: false);
                Doc(writer, "Checks this value's rules, adding problems to the context.");
                writer.Line(GeneratedCode);
                writer.Line($"internal abstract void Validate({ValidationContextRef});");
            }
            writer.Line();
        }

        foreach (TypeModel type in context.Model.Types)
        {
            bool isVariant = type.Union is not null;
            using (writer.Block($"partial class {type.Name}"))
            {
                if (!isVariant) EmitValidateEntry(writer, type.Name, isVariant);
                else EmitValidateJson(writer, type.Name, isVariant);
                Doc(writer, "Checks this value's rules, adding problems to the context.");
                writer.Line(GeneratedCode);
                using (writer.Block($"internal {(isVariant ? "override " : "")}void Validate({ValidationContextRef})"))
                {
                    EmitChecks(writer, members, rules, type);
                }
            }
            writer.Line();
        }
    }

    /// <summary>A type's checks, each member and rule in a block of its own so pattern variables stay local to it.</summary>
    private static void EmitChecks(IndentedWriter writer, MemberChecks members, RuleChecks rules, TypeModel type)
    {
        foreach (MemberModel member in type.Members)
        {
            var checks = new IndentedWriter();
            members.Emit(checks, type, member);
            EmitScoped(writer, checks);
        }
        foreach (TypeRule rule in type.Rules)
        {
            var checks = new IndentedWriter();
            rules.Emit(checks, rule);
            EmitScoped(writer, checks);
        }
    }

    private static void EmitScoped(IndentedWriter writer, IndentedWriter body)
    {
        string text = body.ToString().TrimEnd('\n');
        if (text.Length == 0) return;
        using (writer.Block(""))
        {
            writer.Lines(text);
        }
    }

    private static void EmitValidateEntry(IndentedWriter writer, string typeName, bool isVariant)
    {
        Doc(writer, "Checks every rule of the document for this value and what it holds; reports every problem, never throws for bad data.",
            "Valid input allocates nothing.");
        writer.Line(GeneratedCode);
        using (writer.Block($"public {Result} Validate()"))
        {
            writer.Line("var context = new global::LinkMobility.WhatsApp.Validation.ValidationContext();");
            writer.Line("Validate(ref context);");
            writer.Line("return context.ToResult();");
        }
        writer.Line();
        EmitValidateJson(writer, typeName, isVariant);
    }

    private static void EmitValidateJson(IndentedWriter writer, string typeName, bool isVariant)
    {
        Doc(writer, $"Reads a JSON document as {EmitContext.Describe(typeName)} and validates it; a document that cannot be read gives its JSON problem in the same form.");
        writer.Line(GeneratedCode);
        using (writer.Block($"public static {(isVariant ? "new " : "")}{Result} ValidateJson(global::System.ReadOnlySpan<byte> utf8Json)"))
        {
            writer.Line($"{typeName} value;");
            using (writer.Block("try"))
            {
                writer.Line("value = Parse(utf8Json);");
            }
            using (writer.Block("catch (global::LinkMobility.WhatsApp.WhatsAppJsonException ex)"))
            {
                writer.Line($"return {Result}.FromJsonFault(ex, Problems.ForJsonFault(ex.Kind));");
            }
            writer.Line("return value.Validate();");
        }
        writer.Line();
    }
}
