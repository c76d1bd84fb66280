namespace LinkMobility.WhatsApp;

/// <summary>
/// The base of the exceptions this SDK throws about a send, a campaign or its setup: catch it to catch them all. Each says
/// whether the message may have gone out (<see cref="MayHaveBeenSent"/>). Two keep the base .NET gives their kind instead:
/// <see cref="WhatsAppJsonException"/> is a JsonException and <see cref="Templates.TemplateValueException"/> an
/// ArgumentException; a connection that never opened is HttpClient's HttpRequestException (nothing was sent).
/// </summary>
public abstract class WhatsAppException : Exception
{
    /// <summary>An exception with its message, and the exception that caused it.</summary>
    protected WhatsAppException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether the message may have gone out: true only when its outcome is unknown (reconcile it with the event reports
    /// by refId; never send it again blindly). False: it was not sent, and sending it again sends it once.
    /// </summary>
    public virtual bool MayHaveBeenSent => false;
}
