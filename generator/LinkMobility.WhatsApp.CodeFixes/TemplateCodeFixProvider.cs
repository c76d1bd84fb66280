using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LinkMobility.WhatsApp.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace LinkMobility.WhatsApp.CodeFixes;

/// <summary>
/// Fixes where the fix is clear; the analyzer says which through the diagnostic's properties:
/// swap a parameter for the one its button takes (text to payload), add a button's missing subType,
/// and correct a language code's case or separator.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TemplateCodeFixProvider)), Shared]
public sealed class TemplateCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.ParameterNotAllowed.Id, Descriptors.MissingMember.Id, Descriptors.UnsupportedLanguage.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            ImmutableDictionary<string, string?> properties = diagnostic.Properties;

            if (properties.TryGetValue(Fixes.ReplaceType, out string? type) && type is not null
                && node.FirstAncestorOrSelf<ObjectCreationExpressionSyntax>() is { } creation)
            {
                string from = properties[Fixes.FromMember]!, to = properties[Fixes.ToMember]!;
                Register(context, diagnostic, $"Use {type}", root, creation, ReplaceVariant(creation, type, from, to));
            }
            else if (properties.TryGetValue(Fixes.AddMember, out string? member) && member is not null
                && node.FirstAncestorOrSelf<ObjectCreationExpressionSyntax>() is { Initializer: not null } target)
            {
                string value = properties[Fixes.AddValue]!;
                Register(context, diagnostic, $"Add {member} = {value.Split('.').Last()}", root, target, AddAssignment(target, member, value));
            }
            else if (properties.TryGetValue(Fixes.Replacement, out string? replacement) && replacement is not null
                && node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                var fixedLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement)).WithTriviaFrom(literal);
                Register(context, diagnostic, $"Use \"{replacement}\"", root, literal, fixedLiteral);
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, SyntaxNode root, SyntaxNode old, SyntaxNode replacement) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(old, replacement))), equivalenceKey: title),
            diagnostic);

    /// <summary>new TextParameter { Text = x } to new PayloadParameter { Payload = x }.</summary>
    private static ObjectCreationExpressionSyntax ReplaceVariant(ObjectCreationExpressionSyntax creation, string type, string from, string to)
    {
        TypeSyntax name = SyntaxFactory.ParseTypeName($"global::{RuleChecks.ContractNamespace}.{type}")
            .WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(creation.Type);
        ObjectCreationExpressionSyntax result = creation.WithType(name);
        if (result.Initializer is { } initializer)
        {
            var expressions = initializer.Expressions.Select(e =>
                e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: var left } } assignment && left == from
                    ? assignment.WithLeft(SyntaxFactory.IdentifierName(to).WithTriviaFrom(assignment.Left))
                    : e);
            result = result.WithInitializer(initializer.WithExpressions(SyntaxFactory.SeparatedList(expressions, initializer.Expressions.GetSeparators())));
        }
        return result;
    }

    /// <summary>Adds "Member = Value" to the initializer, after the assignment it depends on (Type = ...) when there is one.</summary>
    private static ObjectCreationExpressionSyntax AddAssignment(ObjectCreationExpressionSyntax creation, string member, string value)
    {
        InitializerExpressionSyntax initializer = creation.Initializer!;
        ExpressionSyntax assignment = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(member),
            SyntaxFactory.ParseExpression(value).WithAdditionalAnnotations(Simplifier.Annotation));
        int at = initializer.Expressions.TakeWhile(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "Type" } }).Count();
        return creation.WithInitializer(initializer.WithExpressions(initializer.Expressions.Insert(at, assignment)));
    }
}
