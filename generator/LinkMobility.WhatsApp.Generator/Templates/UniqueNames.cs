using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace LinkMobility.WhatsApp.Generator.Templates;

/// <summary>Names made unique (and never a C# keyword) by a number at the end.</summary>
internal sealed class UniqueNames(IEnumerable<string> taken)
{
    private readonly HashSet<string> _taken = new(taken, StringComparer.Ordinal);

    public string Take(string name)
    {
        string candidate = name;
        for (int n = 2; !_taken.Add(candidate.TrimStart('@')); n++) candidate = name.TrimStart('@') + n;
        return SyntaxFacts.GetKeywordKind(candidate) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(candidate) != SyntaxKind.None ? "@" + candidate : candidate;
    }
}
