namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// Carries a generated registry's compact definitions (<see cref="TemplateRegistry.Encode"/>) on the assembly, where the
/// analyzers read them to check hand-built template messages at compile time. Written by the templates generator.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class TemplateRegistryDataAttribute(string definitions) : Attribute
{
    /// <summary>The compact definitions.</summary>
    public string Definitions { get; } = definitions;
}
