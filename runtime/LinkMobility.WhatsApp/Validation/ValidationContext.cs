using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;

namespace LinkMobility.WhatsApp.Validation;

/// <summary>
/// The walk of the generated validators: the JSON path so far (kept as literals and indexes, made into
/// text only when a problem is found) and the problems. A ref struct on the caller's stack, so
/// validating valid input allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct ValidationContext
{
    // Deeper than any path of the contract (messages[0].template.components[0].parameters[0].dateTime.month is 9);
    // kept small because the context is zeroed on every validation.
    private const int MaxDepth = 16;

    private Segments _segments;
    private int _depth;
    private List<ValidationProblem>? _problems;

    /// <summary>Steps into a member of the current object.</summary>
    public void Enter(string member)
    {
        // Unsigned, so the JIT drops the inline array's own bounds check.
        if ((uint)_depth < MaxDepth) _segments[_depth] = new Segment(member, -1);
        _depth++;
    }

    /// <summary>Steps into an item of the current list.</summary>
    public void Enter(int index)
    {
        if ((uint)_depth < MaxDepth) _segments[_depth] = new Segment(null, index);
        _depth++;
    }

    /// <summary>Steps back out.</summary>
    public void Leave() => _depth--;

    /// <summary>Reports a problem at the current path.</summary>
    public void Report(ProblemInfo problem, string message) =>
        (_problems ??= []).Add(new ValidationProblem(problem.Code, problem.Severity, Path(), message));

    /// <summary>Reports a problem at a member of the current object.</summary>
    public void ReportAt(string member, ProblemInfo problem, string message)
    {
        Enter(member);
        Report(problem, message);
        Leave();
    }

    /// <summary>Reports a problem at an item of a list member of the current object.</summary>
    public void ReportAt(string member, int index, ProblemInfo problem, string message)
    {
        Enter(member);
        Enter(index);
        Report(problem, message);
        Leave();
        Leave();
    }

    /// <summary>The problems found; the shared valid result when there are none.</summary>
    public readonly ValidationResult ToResult() => _problems is null ? ValidationResult.Valid : new ValidationResult(_problems);

    private readonly string Path()
    {
        if (_depth == 0) return "$";
        var builder = new StringBuilder();
        for (int i = 0; i < Math.Min(_depth, MaxDepth); i++)
        {
            Segment segment = _segments[i];
            if (segment.Member is { } member) JsonPathText.AppendMember(builder, member);
            else JsonPathText.AppendIndex(builder, segment.Index);
        }
        if (_depth > MaxDepth) builder.Append("…");
        return builder.ToString();
    }

    private readonly record struct Segment(string? Member, int Index);

    [InlineArray(MaxDepth)]
    private struct Segments
    {
        private Segment _first;
    }
}

/// <summary>How paths are written, the same for validation and for JSON faults: a.b[0]['odd.key'].</summary>
internal static class JsonPathText
{
    public static void AppendMember(StringBuilder builder, string member)
    {
        bool plain = member.Length > 0 && member.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (plain)
        {
            if (builder.Length > 0) builder.Append('.');
            builder.Append(member);
        }
        else
        {
            builder.Append("['").Append(member.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
        }
    }

    public static void AppendIndex(StringBuilder builder, int index) =>
        builder.Append('[').Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
}
