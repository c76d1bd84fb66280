using Microsoft.Extensions.Primitives;

namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// Where the client finds your templates at run time, when they may change after the build: WhatsApp pauses one,
/// a person edits or deletes one, a language is approved. Give one to <see cref="WhatsAppClientOptions.TemplateSource"/>;
/// without one, the client checks against the registry compiled from your templates file.
/// </summary>
/// <remarks>
/// Ready-made: <see cref="TemplateFileSource"/> (a file, reloaded when it changes) and <see cref="TemplateSource"/> (a
/// registry you replace, from a stream, your own store or LINK's template listing). Implement it yourself for anything else.
/// </remarks>
public interface ITemplateSource
{
    /// <summary>The templates now. Read before every template message: return what you hold, never wait for I/O here.</summary>
    TemplateRegistry Current { get; }

    /// <summary>A token that fires when <see cref="Current"/> changes (as configuration's reload token does).</summary>
    IChangeToken GetReloadToken();
}
