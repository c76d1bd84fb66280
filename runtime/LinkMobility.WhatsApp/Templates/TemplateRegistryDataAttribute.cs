namespace LinkMobility.WhatsApp.Templates;

/// <summary>
/// Carries a generated registry's compact definitions (<see cref="TemplateRegistry.Encode"/>) on the assembly, where the
/// analyzers read them to check hand-built template messages at compile time, in this assembly and in an app that
/// references it (templates in a project of their own). Written by the templates generator.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class TemplateRegistryDataAttribute(string definitions) : Attribute
{
    /// <summary>The compact definitions.</summary>
    public string Definitions { get; } = definitions;

    /// <summary>The generated class that holds the templates: an app that references the assembly runs its module initializer when the app starts.</summary>
    public Type? Templates { get; set; }
}
