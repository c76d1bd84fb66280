namespace LinkMobility.WhatsApp;

/// <summary>How bad a problem is: an error stops a send; a warning is worth a look.</summary>
public enum ProblemSeverity
{
    /// <summary>The API would reject the request (or the message could not be delivered as meant).</summary>
    Error,

    /// <summary>Suspect, but possibly fine (an unusual media format, validity times that override each other).</summary>
    Warning,
}

/// <summary>A kind of problem, with its stable code (docs/diagnostics has a page per code).</summary>
public sealed record ProblemInfo(string Code, string Name, ProblemSeverity Severity, string Title);

/// <summary>One problem found by validation.</summary>
/// <param name="Code">The stable code, such as LMWA1010.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Path">The JSON path of the member at fault, such as <c>messages[0].template.components[1].parameters[0]</c>; <c>$</c> for the whole payload.</param>
/// <param name="Message">What is wrong, for a person.</param>
public sealed record ValidationProblem(string Code, ProblemSeverity Severity, string Path, string Message)
{
    /// <summary>PATH: CODE: message.</summary>
    public override string ToString() => $"{Path}: {Code}: {Message}";
}

/// <summary>Every problem validation found, errors and warnings.</summary>
public sealed class ValidationResult
{
    /// <summary>The result with no problems (shared, so validating valid input allocates nothing).</summary>
    public static ValidationResult Valid { get; } = new([]);

    /// <summary>A result with these problems.</summary>
    public ValidationResult(IReadOnlyList<ValidationProblem> problems) => Problems = problems;

    /// <summary>Every problem, in the order of the payload.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>No errors (warnings allowed).</summary>
    public bool IsValid
    {
        get
        {
            foreach (ValidationProblem problem in Problems)
            {
                if (problem.Severity == ProblemSeverity.Error) return false;
            }
            return true;
        }
    }

    /// <summary>The problems that are errors.</summary>
    public IEnumerable<ValidationProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);

    /// <summary>The problems that are warnings.</summary>
    public IEnumerable<ValidationProblem> Warnings => Problems.Where(p => p.Severity == ProblemSeverity.Warning);

    /// <summary>The result of a payload that could not be read as JSON.</summary>
    public static ValidationResult FromJsonFault(WhatsAppJsonException fault, ProblemInfo problem)
    {
        string where = fault.Line is { } line ? $" (line {line}, position {fault.Position})" : "";
        return new([new ValidationProblem(problem.Code, problem.Severity, fault.JsonPath, fault.Reason + where)]);
    }

    /// <summary>"valid", or one problem per line.</summary>
    public override string ToString() => Problems.Count == 0 ? "valid" : string.Join(Environment.NewLine, Problems);
}
