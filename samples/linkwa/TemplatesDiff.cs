using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Cli;

/// <summary>One difference between two templates files, for one template and language.</summary>
/// <param name="Kind">added, removed, status, shape or details.</param>
/// <param name="Breaking">Code built against the old file no longer fits: a builder is gone, a send is refused, or a message no longer matches.</param>
internal sealed record TemplateChange(string Template, string Language, string Kind, string Detail, bool Breaking);

/// <summary>
/// Compares two templates files as the build reads them: which templates and languages came or went, whose status
/// changed, and whose components a message sends changed shape (components, button sub types, parameter counts,
/// kinds and names).
/// </summary>
internal static class TemplatesDiff
{
    public static IReadOnlyList<TemplateChange> Compare(TemplateRegistry old, TemplateRegistry @new)
    {
        var changes = new List<TemplateChange>();
        var before = old.Definitions.ToDictionary(Key);
        var after = @new.Definitions.ToDictionary(Key);
        foreach (var key in before.Keys.Union(after.Keys).OrderBy(k => k.Name, StringComparer.Ordinal).ThenBy(k => k.Language, StringComparer.Ordinal))
        {
            bool wasThere = before.TryGetValue(key, out TemplateDefinition? was);
            bool isThere = after.TryGetValue(key, out TemplateDefinition? now);
            if (!wasThere)
            {
                changes.Add(new(key.Name, key.Language, "added", $"added ({now!.Status})", Breaking: false));
                continue;
            }
            if (!isThere)
            {
                // Its builder (or its Language member) is gone, and WhatsApp answers 132001 to a message for it.
                changes.Add(new(key.Name, key.Language, "removed", "removed", Breaking: true));
                continue;
            }
            CompareOne(was!, now!, changes);
        }
        return changes;
    }

    private static (string Name, string Language) Key(TemplateDefinition template) => (template.Name, template.Language);

    private static void CompareOne(TemplateDefinition was, TemplateDefinition now, List<TemplateChange> changes)
    {
        void Add(string kind, string detail, bool breaking) => changes.Add(new(was.Name, was.Language, kind, detail, breaking));

        if (was.Status != now.Status)
        {
            // A template that is no longer approved is refused; one that became approved can now be sent.
            Add("status", $"status {was.Status} -> {now.Status}", breaking: was.IsApproved && !now.IsApproved);
        }
        if (was.Category != now.Category) Add("details", $"category {was.Category ?? "none"} -> {now.Category ?? "none"}", breaking: false);
        if (was.Namespace != now.Namespace) Add("details", $"namespace {was.Namespace ?? "none"} -> {now.Namespace ?? "none"}", breaking: false);

        foreach (TemplateComponentDefinition component in was.Components)
        {
            TemplateComponentDefinition? counterpart = now.Components.FirstOrDefault(c => c.Type == component.Type && c.Index == component.Index);
            if (counterpart is null)
            {
                // A message built against the old file still sends it, and WhatsApp refuses the component (LMWA1206).
                Add("shape", $"{component} removed", breaking: true);
                continue;
            }
            CompareComponent(component, counterpart, Add);
        }
        foreach (TemplateComponentDefinition component in now.Components.Where(c => !was.Components.Any(o => o.Type == c.Type && o.Index == c.Index)))
        {
            // A message built against the old file leaves it out: its placeholders stay empty (LMWA1208, WhatsApp 132000).
            Add("shape", $"{component} added, with {Parameters(component)}", breaking: true);
        }
    }

    private static void CompareComponent(TemplateComponentDefinition was, TemplateComponentDefinition now, Action<string, string, bool> add)
    {
        if (was.SubType != now.SubType)
        {
            // Another kind of button at that index: its parameter changes with it.
            add("shape", $"{was}: a {was.SubType} button -> a {now.SubType} button, with {Parameters(now)}", true);
            return;
        }
        if (was.Parameters.Count != now.Parameters.Count)
        {
            add("shape", $"{was}: {Parameters(was)} -> {Parameters(now)}", true);
            return;
        }
        for (int i = 0; i < was.Parameters.Count; i++)
        {
            TemplateParameterDefinition before = was.Parameters[i], after = now.Parameters[i];
            bool renamed = before.Name != after.Name, retyped = !before.Kinds.SequenceEqual(after.Kinds);
            // Widening (text -> text|currency|dateTime) keeps every old message valid; a new name breaks a call that names it.
            bool widened = before.Kinds.All(after.Allows);
            if (renamed && retyped) add("shape", $"{was}: parameter {i + 1} {before.Name} ({before.DescribeKinds()}) -> {after.Name} ({after.DescribeKinds()})", true);
            else if (renamed) add("shape", $"{was}: parameter {i + 1} renamed {before.Name} -> {after.Name}", true);
            else if (retyped) add("shape", $"{was}: {after.Name} takes {after.DescribeKinds()}, not {before.DescribeKinds()}", !widened);
        }
    }

    private static string Parameters(TemplateComponentDefinition component) =>
        component.Parameters.Count == 0 ? "no parameters"
            : $"{component.Parameters.Count} parameter(s) ({string.Join(", ", component.Parameters.Select(p => p.Name))})";
}
