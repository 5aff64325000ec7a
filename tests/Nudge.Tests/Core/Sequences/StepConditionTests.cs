using Nudge.Core.Sequences;

namespace Nudge.Tests.Core.Sequences;

public sealed class StepConditionTests
{
    [Theory]
    [InlineData("pro", "DE", true)]
    [InlineData("pro", "FR", false)]
    [InlineData("free", "DE", false)]
    public void Evaluate_AndOfComparisons_FollowsFields(string plan, string country, bool expected)
    {
        var condition = StepCondition.Parse("plan == 'pro' and country != 'FR'");

        condition.Evaluate(new Dictionary<string, string> { ["plan"] = plan, ["country"] = country }).ShouldBe(expected);
    }

    [Fact]
    public void Evaluate_MissingField_IsNil()
    {
        StepCondition.Parse("plan == 'pro'").Evaluate(new Dictionary<string, string>()).ShouldBeFalse();
        StepCondition.Parse("plan != 'pro'").Evaluate(new Dictionary<string, string>()).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_BlankField_CountsAsMissing()
    {
        StepCondition.Parse("plan").Evaluate(new Dictionary<string, string> { ["plan"] = "  " }).ShouldBeFalse();
        StepCondition.Parse("plan").Evaluate(new Dictionary<string, string> { ["plan"] = "pro" }).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_ContainsAndOr_WorkAsInLiquid()
    {
        var condition = StepCondition.Parse("email contains '@acme' or vip == 'yes'");

        condition.Evaluate(new Dictionary<string, string> { ["email"] = "ana@acme.example" }).ShouldBeTrue();
        condition.Evaluate(new Dictionary<string, string> { ["email"] = "ana@other.example", ["vip"] = "yes" }).ShouldBeTrue();
        condition.Evaluate(new Dictionary<string, string> { ["email"] = "ana@other.example" }).ShouldBeFalse();
    }

    [Fact]
    public void Fields_Expression_ListsContactFieldsButNotKeywords()
    {
        StepCondition.Parse("plan == 'pro' and notes != empty and trial == true").Fields.ShouldBe(["notes", "plan", "trial"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plan ==")]
    [InlineData("plan == 'pro' %}{{ secret }}{% if true")]
    [InlineData("seats > 10")]
    public void TryParse_Invalid_ReturnsError(string expression)
    {
        StepCondition.TryParse(expression, out var condition, out var error).ShouldBeFalse();

        condition.ShouldBeNull();
        error.ShouldNotBeNullOrWhiteSpace();
    }
}
