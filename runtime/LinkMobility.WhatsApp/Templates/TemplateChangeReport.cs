using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// When a template message is refused against a run-time source of templates, tells whether its template changed
/// since the build (its status, its shape, or it is gone) against the registry compiled into the app; logs each change
/// once, with the template's name and language only, and counts every such refusal in the Meter.
/// </summary>
internal static partial class TemplateChangeReport
{
    private const string Removed = "removed";

    // Each change logged once in the process's life: the key holds the template's current definition, so a later
    // change of the same template is logged again. Bounded by the changes a file goes through.
    private static readonly ConcurrentDictionary<(string Name, string Language, string Now), byte> s_logged = new();

    public static void Refused(MessageRequest request, TemplateRegistry current, ILogger logger)
    {
        foreach (Message? message in request.Messages)
        {
            if (message is not TemplateMessage { Template: { Name: { } name, Language.Code: { } language } }) continue;
            if (TemplateRegistry.Generated.Find(name, language) is not { } built) continue;   // not one the app was built with
            TemplateDefinition? now = current.Find(name, language);
            string? change = now is null ? Removed
                : !string.Equals(now.Status, built.Status, StringComparison.Ordinal) ? "status"
                : !now.SameShape(built) ? "shape"
                : null;
            if (change is null) continue;
            if (WhatsAppTelemetry.TemplateChanges.Enabled)
            {
                WhatsAppTelemetry.TemplateChanges.Add(1, new TagList { { "template", name }, { "change", change } });
            }
            if (s_logged.TryAdd((name, language, now is null ? Removed : Encode(now)), 0))
            {
                LogChanged(logger, name, language, change, built.Status, now?.Status ?? Removed);
            }
        }
    }

    private static string Encode(TemplateDefinition definition) => new TemplateRegistry([definition]).Encode();

    [LoggerMessage(22, LogLevel.Warning, "Template {Template} ({Language}) changed since the build ({Change}: status {Built} then, {Now} now); its messages are refused before sending")]
    private static partial void LogChanged(ILogger logger, string template, string language, string change, string built, string now);
}
