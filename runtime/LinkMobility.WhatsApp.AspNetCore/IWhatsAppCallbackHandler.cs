namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>Handles callbacks; implement the ones you need (the others do nothing).</summary>
public interface IWhatsAppCallbackHandler
{
    /// <summary>A message's fate: sent, delivered, failed.</summary>
    Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A message from a WhatsApp user.</summary>
    Task OnReceiveMessageAsync(ReceiveMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A message from a WhatsApp user, in the alternative format.</summary>
    Task OnAlternativeReceiveMessageAsync(AlternativeReceiveMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
