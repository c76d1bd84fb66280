using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LinkMobility.WhatsApp.Generator.Model;
using LinkMobility.WhatsApp.Validation;

namespace LinkMobility.WhatsApp.Generator.Checks;

/// <summary>What the checks look up in the model: enums, members as references, and the problems' messages.</summary>
internal sealed class CheckContext
{
    public const string ProblemText = "global::LinkMobility.WhatsApp.Validation.ProblemText";

    private readonly Dictionary<string, ProblemModel> _problems;

    public CheckContext(ContractModel model)
    {
        Enums = model.Enums.ToDictionary(e => e.Name, StringComparer.Ordinal);
        _problems = model.Problems.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public Dictionary<string, EnumModel> Enums { get; }

    /// <summary>A problem's message template for a form, with what is known when generating filled in.</summary>
    public string Message(string problem, string form, IReadOnlyDictionary<string, string> known) =>
        Validation.ProblemText.Format(ProblemMessage.Find(_problems[problem].Messages, form)!, known.ToList());

    /// <summary>Writes <c>if (condition)</c> and opens its block; nothing for an empty condition.</summary>
    public static IDisposable If(IndentedWriter writer, string condition) =>
        condition.Length == 0 ? EmptyScope.Instance : writer.Block($"if ({condition})");

    /// <summary>"a message request" style wording for messages.</summary>
    public static string Describe(string typeName)
    {
        var builder = new StringBuilder();
        foreach (char c in typeName)
        {
            if (char.IsUpper(c) && builder.Length > 0) builder.Append(' ');
            builder.Append(char.ToLowerInvariant(c));
        }
        string words = builder.ToString();
        return ("aeiou".IndexOf(words[0]) >= 0 ? "an " : "a ") + words;
    }
}
