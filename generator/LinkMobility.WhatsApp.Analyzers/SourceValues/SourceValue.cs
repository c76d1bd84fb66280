using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>A value the source code shows at compile time: a constant, an enum member, a contract object or a list.</summary>
internal abstract class SourceValue(IOperation operation)
{
    public IOperation Operation { get; } = operation;

    public Location Location => LocationOf(Operation);

    /// <summary>A list item's constant number, or null.</summary>
    public static double? NumberOf(SourceValue? item) => item is SourceConstant constant ? NumberOf(constant.Value) : null;

    /// <summary>A constant as a number (not a string, bool or null), or null.</summary>
    public static double? NumberOf(object? constant) => constant switch
    {
        int i => i,
        long l => l,
        double d => d,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        float f => f,
        _ => null,
    };

    /// <summary>The expression as written, including a null-forgiving '!' or parentheses around it.</summary>
    public static Location LocationOf(IOperation operation)
    {
        SyntaxNode syntax = operation.Syntax;
        while (syntax.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression })
        {
            syntax = syntax.Parent;
        }
        return syntax.GetLocation();
    }
}
