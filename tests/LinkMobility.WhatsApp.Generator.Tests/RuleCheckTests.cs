using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Checks;
using LinkMobility.WhatsApp.Generator.Model;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>
/// The checks emitted from rule records built by hand, not from YAML: one check, two targets. The validator
/// reads the object's own members and reports at JSON paths; the analyzer reads known values by position
/// and reports only what is certain.
/// </summary>
public class RuleCheckTests
{
    private static MemberRef Member(string property, int index, ShapeKind kind = ShapeKind.String, bool backed = false) => new()
    {
        Property = property,
        Wire = char.ToLowerInvariant(property[0]) + property[1..],
        Index = index,
        Type = new TypeRef(kind),
        HasBackingField = backed,
        Format = MemberFormat.None,
    };

    private static EquatableArray<ProblemMessage> Message(string text) => new[] { new ProblemMessage("", text) }.ToEquatableArray();

    private static string Emit(CheckTarget target, TypeRule rule)
    {
        var writer = new IndentedWriter();
        new RuleChecks(target).Emit(writer, rule);
        return writer.ToString().Trim();
    }

    [Fact]
    public void NotBoth_reads_presence_in_the_validator_and_certain_presence_in_the_analyzer()
    {
        var rule = new NotBothRule
        {
            First = Member("Absolute", 7),
            Second = Member("Relative", 6, ShapeKind.Duration),
            Problem = "BothValidityTimes",
            Messages = Message("both are set"),
        };

        Assert.Equal("""if (Absolute is not null && Relative is not null) context.Report(Problems.BothValidityTimes, "both are set");""",
            Emit(new ValidatorTarget(), rule));
        Assert.Equal("""if (o.IsSet(7) == true && o.IsSet(6) == true) report.At(Descriptors.BothValidityTimes, o.Location, "both are set");""",
            Emit(new AnalyzerTarget("Contract"), rule));
    }

    [Fact]
    public void AtLeastOne_uses_the_backing_field_of_a_required_value()
    {
        var rule = new AtLeastOneRule
        {
            Members = new[] { Member("First", 0), Member("Count", 1, ShapeKind.Int, backed: true) }.ToEquatableArray(),
            Problem = "Empty",
            Messages = Message("give one"),
        };

        Assert.Equal("""if (First is null && _count is null) context.Report(Problems.Empty, "give one");""", Emit(new ValidatorTarget(), rule));
        Assert.Equal("""if (o.IsSet(0) == false && o.IsSet(1) == false) report.At(Descriptors.Empty, o.Location, "give one");""", Emit(new AnalyzerTarget("Contract"), rule));
    }

    [Fact]
    public void Groups_are_counted_only_when_every_member_is_known_in_the_analyzer()
    {
        var rule = new GroupsRule
        {
            Groups = new[]
            {
                new MemberGroup { Members = new[] { Member("Year", 0, ShapeKind.Int), Member("Month", 1, ShapeKind.Int) }.ToEquatableArray() },
                new MemberGroup { Members = new[] { Member("Timestamp", 2, ShapeKind.Long) }.ToEquatableArray() },
            }.ToEquatableArray(),
            Problem = "Incomplete",
            Messages = new[] { new ProblemMessage("none", "none"), new ProblemMessage("several", "several"), new ProblemMessage("partial", "missing {value}") }.ToEquatableArray(),
        };

        string validator = Emit(new ValidatorTarget(), rule);
        string analyzer = Emit(new AnalyzerTarget("Contract"), rule);

        Assert.StartsWith("int set0 = (Year is not null ? 1 : 0) + (Month is not null ? 1 : 0);", validator);
        Assert.StartsWith("if (o.IsSet(0) is not null && o.IsSet(1) is not null && o.IsSet(2) is not null)", analyzer);
        Assert.Contains("""ProblemText.Format("missing {value}", "value", missing)""", validator);
        Assert.Contains("""ProblemText.Format("missing {value}", "value", missing)""", analyzer);
    }

    [Fact]
    public void An_emitter_that_leaves_a_block_open_is_caught()
    {
        var writer = new IndentedWriter();
        writer.Block("if (true)");
        Assert.Throws<InvalidOperationException>(() => writer.ToString());
    }
}
