namespace LinkMobility.WhatsApp.Generator;

/// <summary>Names of the pipeline steps, so tests can see what ran and what was cached.</summary>
internal static class TrackingNames
{
    public const string SchemaFiles = nameof(SchemaFiles);
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Model = nameof(Model);
    public const string LanguageVersion = nameof(LanguageVersion);
    public const string Output = nameof(Output);
    public const string Sources = nameof(Sources);
    public const string TemplateFiles = nameof(TemplateFiles);
    public const string ReadTemplates = nameof(ReadTemplates);
    public const string RootNamespace = nameof(RootNamespace);
    public const string TemplateLayouts = nameof(TemplateLayouts);
    public const string TemplateBuilders = nameof(TemplateBuilders);
    public const string BuilderSources = nameof(BuilderSources);
    public const string TemplateSources = nameof(TemplateSources);
    public const string ReferencedTemplates = nameof(ReferencedTemplates);
}
