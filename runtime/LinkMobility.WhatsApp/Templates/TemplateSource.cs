using Microsoft.Extensions.Primitives;

namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// A registry you replace while the application runs, from your own store, LINK's template listing, or a templates
/// file in a stream. Thread-safe: <see cref="Current"/> is one volatile read, <see cref="Update"/> swaps it.
/// </summary>
public class TemplateSource : ITemplateSource
{
    private TemplateRegistry _current;
    private CancellationTokenSource _reload = new();

    /// <summary>A source that starts with <paramref name="templates"/>.</summary>
    /// <exception cref="ArgumentNullException">The registry is null.</exception>
    public TemplateSource(TemplateRegistry templates) => _current = templates ?? throw new ArgumentNullException(nameof(templates));

    /// <summary>A source of the templates file in <paramref name="stream"/> (WhatsApp's template list, JSON or YAML), read to its end.</summary>
    /// <param name="stream">The file's content.</param>
    /// <param name="linkNamespace">LINK's namespace for templates that do not name their own.</param>
    /// <exception cref="TemplateFileException">The file has errors; each is listed, at its line.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static TemplateSource FromStream(Stream stream, string? linkNamespace = null) =>
        new(TemplateFileException.ThrowIfInvalid(TemplateFile.Read(stream, linkNamespace), "the stream").Templates);

    /// <inheritdoc/>
    public TemplateRegistry Current => Volatile.Read(ref _current);

    /// <inheritdoc/>
    public IChangeToken GetReloadToken() => new CancellationChangeToken(Volatile.Read(ref _reload).Token);

    /// <summary>Replaces the templates; the next template message is checked against them, and the reload token fires.</summary>
    /// <exception cref="ArgumentNullException">The registry is null.</exception>
    public void Update(TemplateRegistry templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        Volatile.Write(ref _current, templates);
        // A new token first, then the old one fires: a listener that asks again at once waits for the next change.
        // Not disposed: a reader may still be taking its token (it holds no timer, so nothing leaks).
        Interlocked.Exchange(ref _reload, new CancellationTokenSource()).Cancel();
    }
}
