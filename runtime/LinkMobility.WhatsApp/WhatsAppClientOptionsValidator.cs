using Microsoft.Extensions.Options;

namespace LinkMobility.WhatsApp;

/// <summary>Checks client options when the application starts (ValidateOnStart), each failure naming its setting. Trim-safe: no reflection.</summary>
internal sealed class WhatsAppClientOptionsValidator : IValidateOptions<WhatsAppClientOptions>
{
    public ValidateOptionsResult Validate(string? name, WhatsAppClientOptions options)
    {
        var failures = new List<string>();
        string what = string.IsNullOrEmpty(name) ? "WhatsAppClientOptions" : $"WhatsAppClientOptions '{name}'";
        try
        {
            options.ResolveBaseUrl();
        }
        catch (InvalidOperationException ex)
        {
            failures.Add($"{what}: Region/BaseUrl: {ex.Message}");
        }
        if (string.IsNullOrEmpty(options.Username)) failures.Add($"{what}: Username is required (the Basic credentials LINK gave you).");
        if (string.IsNullOrEmpty(options.Password)) failures.Add($"{what}: Password is required.");
        if (options.MaxRetries < 0) failures.Add($"{what}: MaxRetries is {options.MaxRetries}; it is 0 or more.");
        if (options.MaxRetryDelay < TimeSpan.Zero) failures.Add($"{what}: MaxRetryDelay is negative.");
        if (options.MaxResponseBytes < 1024) failures.Add($"{what}: MaxResponseBytes is {options.MaxResponseBytes}; it is at least 1024.");
        foreach (string problem in options.Limits?.Problems() ?? [$"Limits is null; leave it set (Enabled = false turns the limits off)."])
        {
            failures.Add($"{what}: {problem}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
