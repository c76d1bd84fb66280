using System.Net;

namespace LinkMobility.WhatsApp;

/// <summary>What a result code means for the message or request it reports on.</summary>
public enum ResultCodeOutcome
{
    /// <summary>Accepted, sent, delivered or received.</summary>
    Success,

    /// <summary>The message was not delivered (a final failure of that message).</summary>
    Failure,

    /// <summary>The request or the account is at fault; see the explanation.</summary>
    Error,
}

/// <summary>One row of the document's response codes table.</summary>
/// <param name="Code">The code, such as 112003.</param>
/// <param name="Name">The C# name, such as Delivered.</param>
/// <param name="Description">The document's description, such as "Delivered.".</param>
/// <param name="Explanation">The document's explanation.</param>
/// <param name="Outcome">Success, a final failure of the message, or an error.</param>
/// <param name="IsFinal">Whether no further event report follows for the message.</param>
public sealed record ResultCodeInfo(int Code, string Name, string Description, string Explanation, ResultCodeOutcome Outcome, bool IsFinal);

/// <summary>One row of the document's supported template languages table.</summary>
public sealed record TemplateLanguage(string Code, string Name);

/// <summary>A host LINK's outgoing traffic (callbacks) comes from (Appendix 1).</summary>
public sealed record OutgoingHost(string HostName, IPAddress Address);

/// <summary>A place where the document contradicts itself, and how this contract resolves it.</summary>
public sealed record Erratum(string Id, string Where, string Problem, string Resolution);

/// <summary>One response of an operation: its HTTP status, the document's case, and the body type.</summary>
public sealed record ApiResponse(int Status, string Case, Type BodyType);

/// <summary>One operation of the API (the HTTP methods, statuses and actions table).</summary>
public sealed record ApiOperation(string Name, string Method, string Path, Type RequestType, IReadOnlyList<ApiResponse> Responses);

/// <summary>A top-level JSON document of the API and the member names that identify it.</summary>
public sealed record PayloadInfo(string Title, Type Type, IReadOnlyList<string> Detect);
