using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>A logger that keeps the text of every warning and error, for assertions.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning) lock (Messages) Messages.Add(formatter(state, exception));
    }
}
