using System.Globalization;
using System.Text;
using LinkMobility.WhatsApp.Validation;

namespace LinkMobility.WhatsApp.Templates;

/// <summary>Validation of a request against your templates as well as the document's rules.</summary>
public static class TemplateValidation
{
    /// <summary>
    /// Every problem of the request: the document's rules (<see cref="MessageRequest.Validate()"/>) and, for each
    /// template message, your templates: the name, the language, the components and their parameters. Never throws;
    /// allocates nothing on valid input.
    /// </summary>
    public static ValidationResult Validate(this MessageRequest request, TemplateRegistry templates) => Validate(request, templates, current: false);

    /// <summary>
    /// As <see cref="Validate(MessageRequest, TemplateRegistry)"/>, against your templates as WhatsApp has them now (a
    /// run-time <see cref="ITemplateSource"/>'s, or the sandbox's): a template that is not approved is then an error, since
    /// WhatsApp rejects its messages, where against a registry compiled at some build it is only worth a look.
    /// </summary>
    public static ValidationResult ValidateCurrent(this MessageRequest request, TemplateRegistry current) => Validate(request, current, current: true);

    private static ValidationResult Validate(MessageRequest request, TemplateRegistry templates, bool current)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(templates);
        ValidationResult rules = request.Validate();
        if (templates.IsEmpty || request.Messages is not { } messages) return rules;
        var problems = new TemplateProblemList { Current = current };
        for (int m = 0; m < messages.Count; m++)
        {
            if (messages[m] is TemplateMessage { Template: { } template })
            {
                problems.Message = m;
                var use = new TemplateMessageUse(template);
                TemplateChecks.Check(templates, use, ref problems);
            }
        }
        if (problems.Found is null) return rules;
        return new ValidationResult([.. rules.Problems, .. problems.Found]);
    }

    /// <summary>A template of a request as the checks see it.</summary>
    private readonly struct TemplateMessageUse(Template template) : ITemplateUse
    {
        public string? Name => template.Name;

        public string? Language => template.Language?.Code;

        public int ComponentCount => template.Components?.Count ?? 0;

        public bool ComponentsComplete => template.Components is not null;

        public TemplateComponentUse Component(int index)
        {
            if (template.Components![index] is not { } component) return default;
            string? type = ComponentTypeWire.IsDefined(component.Type) ? component.Type.ToWireString() : null;
            string? subType = component.SubType is { } sub && ButtonSubTypeWire.IsDefined(sub) ? sub.ToWireString() : null;
            return new TemplateComponentUse(type, subType, component.Index, component.Parameters?.Count ?? 0, component.Parameters is not null);
        }

        public string? ParameterKind(int component, int parameter) =>
            template.Components![component]?.Parameters?[parameter] is { } value && ParameterTypeWire.IsDefined(value.Type) ? value.Type.ToWireString() : null;
    }

    /// <summary>The problems found, at their JSON paths; nothing is allocated until there is one.</summary>
    private struct TemplateProblemList : ITemplateProblems
    {
        public int Message;
        public bool Current;
        public List<ValidationProblem>? Found;

        public void Report(string problem, string form, TemplateSpot spot, int component, int parameter, KeyValuePair<string, string>[] values)
        {
            // The generator holds the schema's problems table to TemplateChecks.Forms, so each is there.
            ProblemInfo info = Problems.Named(problem)!;
            string message = ProblemText.Format(Problems.MessageOf(problem, form)!, values);
            var path = new StringBuilder("messages[").Append(Message.ToString(CultureInfo.InvariantCulture)).Append("].template");
            switch (spot)
            {
                case TemplateSpot.Name: path.Append(".name"); break;
                case TemplateSpot.Language: path.Append(".language.code"); break;
                case TemplateSpot.Components: path.Append(".components"); break;
                case TemplateSpot.Component: path.Append(".components[").Append(component.ToString(CultureInfo.InvariantCulture)).Append(']'); break;
                case TemplateSpot.Parameter:
                    path.Append(".components[").Append(component.ToString(CultureInfo.InvariantCulture)).Append("].parameters[")
                        .Append(parameter.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
            }
            ProblemSeverity severity = Current && info.Code == Problems.TemplateNotApproved.Code ? ProblemSeverity.Error : info.Severity;
            (Found ??= []).Add(new ValidationProblem(info.Code, severity, path.ToString(), message));
        }
    }
}
