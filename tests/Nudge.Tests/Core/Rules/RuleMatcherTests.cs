using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Nudge.Core.Rules;

namespace Nudge.Tests.Core.Rules;

public class RuleMatcherTests
{
    [Fact]
    public void Match_SpecExample_ExplainsEveryCondition()
    {
        var rule = RuleTemplates.WithMatch("""
              query: "-category:promotions"
              from: ["*@customer.example", "vip@*"]
              to: ["support@acme.example", "help@*"]
              subject: "(?i)refund|invoice"
              headers: { X-Priority: "1*" }
            """);
        var message = Headers("From: Nora <nora@customer.example>", "To: Support <support@acme.example>", "Subject: Re: Refund request",
            "X-Priority: 1 (Highest)");

        var result = RuleMatcher.Match(rule, message);

        result.IsMatch.ShouldBeTrue();
        result.Reason.ShouldBe("from nora@customer.example matched *@customer.example; to support@acme.example matched support@acme.example; " +
                               "subject \"Re: Refund request\" matched (?i)refund|invoice; X-Priority: 1 (Highest) matched 1*; " +
                               "query \"-category:promotions\" left to Gmail");
    }

    [Theory]
    [InlineData("*@customer.example", "Nora@Customer.EXAMPLE", true)]
    [InlineData("vip@*", "VIP@anywhere.example", true)]
    [InlineData("jo?@x.example", "jo1@x.example", true)]
    [InlineData("jo?@x.example", "jo@x.example", false)]
    [InlineData("*@customer.example", "nora@customer.example.evil.example", false)]
    [InlineData("*@customer.example", "nora@sub.customer.example", false)]
    [InlineData("*@*.customer.example", "nora@eu.customer.example", true)]
    [InlineData("*", "anyone@anywhere.example", true)]
    [InlineData("nora@customer.example", "nora@customer.example", true)]
    [InlineData("chloé@exemple.fr", "CHLOÉ@exemple.fr", true)]
    public void Match_FromGlob_MatchesWholeAddressCaseInsensitively(string pattern, string address, bool expected)
    {
        var rule = RuleTemplates.WithMatch($"  from: \"{pattern}\"");

        var result = RuleMatcher.Match(rule, Headers($"From: Someone <{address}>"));

        result.IsMatch.ShouldBe(expected);
        result.Reason.ShouldBe(expected ? $"from {address} matched {pattern}" : $"from {address} matched none of {pattern}");
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("**@x", "a@x", true)]
    [InlineData("*a", "aaa", true)]
    [InlineData("a*", "b", false)]
    public void IsMatch_Glob_StarIsAnyRunQuestionMarkOneCharacter(string pattern, string value, bool expected)
    {
        Glob.IsMatch(pattern, value).ShouldBe(expected);
    }

    [Fact]
    public void IsMatch_PathologicalGlob_StaysFast()
    {
        // A backtracking matcher needs exponential time here; this one needs pattern × value steps.
        var pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "b";
        var value = new string('a', 5000);
        var clock = Stopwatch.StartNew();

        Glob.IsMatch(pattern, value).ShouldBeFalse();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Match_SeveralFromPatterns_ReasonListsThemWhenNoneMatches()
    {
        var rule = RuleTemplates.WithMatch("  from: [\"*@customer.example\", \"vip@*\"]");

        var result = RuleMatcher.Match(rule, Headers("From: jo@other.example"));

        result.ShouldBe(new RuleMatchResult(false, "from jo@other.example matched none of *@customer.example, vip@*"));
    }

    [Fact]
    public void Match_NoFromAddress_IsNoMatch()
    {
        var rule = RuleTemplates.WithMatch("  from: \"*\"");

        var result = RuleMatcher.Match(rule, Headers("To: support@acme.example"));

        result.ShouldBe(new RuleMatchResult(false, "no From address"));
    }

    [Theory]
    [InlineData("To: Support <support@acme.example>")]
    [InlineData("Cc: jo@x.example, support@acme.example")]
    [InlineData("Delivered-To: support@acme.example")]
    [InlineData("Delivered-To: <support@acme.example>")]
    [InlineData("X-Original-To: support@acme.example")]
    public void Match_ToPattern_ChecksToCcDeliveredToAndOriginalTo(string header)
    {
        var rule = RuleTemplates.WithMatch("  to: \"support@acme.example\"");

        var result = RuleMatcher.Match(rule, Headers("From: nora@customer.example", "To: team@acme.example", header));

        result.ShouldBe(new RuleMatchResult(true, "to support@acme.example matched support@acme.example"));
    }

    [Fact]
    public void Match_ToPatternWithOtherRecipients_ListsWhatWasChecked()
    {
        var rule = RuleTemplates.WithMatch("  to: [\"support@acme.example\", \"help@*\"]");

        var result = RuleMatcher.Match(rule, Headers("From: nora@customer.example", "To: sales@acme.example", "Cc: Sales@acme.example",
            "Delivered-To: kim@acme.example"));

        result.ShouldBe(new RuleMatchResult(false, "to sales@acme.example, kim@acme.example matched none of support@acme.example, help@*"));
    }

    [Fact]
    public void Match_NoRecipientAtAll_IsNoMatch()
    {
        var rule = RuleTemplates.WithMatch("  to: \"*\"");

        RuleMatcher.Match(rule, Headers("From: nora@customer.example")).Reason.ShouldBe("no To, Cc, Delivered-To or X-Original-To address");
    }

    [Theory]
    [InlineData("(?i)refund|invoice", "Your INVOICE 42", true)]
    [InlineData("refund|invoice", "Your INVOICE 42", false)]
    [InlineData("^Re:", "Re: hello", true)]
    [InlineData("=?UTF-8?Q?", "Facture reçue", false)]
    [InlineData("reçue$", "Facture reçue", true)]
    public void Match_SubjectPattern_IsARegexSearchInTheDecodedSubject(string pattern, string subject, bool expected)
    {
        var rule = RuleTemplates.WithMatch($"  subject: '{pattern}'");
        var message = Headers("From: nora@customer.example");
        message.Subject = subject;

        var result = RuleMatcher.Match(rule, message);

        result.IsMatch.ShouldBe(expected);
        result.Reason.ShouldBe(expected ? $"subject \"{subject}\" matched {pattern}" : $"subject \"{subject}\" did not match {pattern}");
    }

    [Fact]
    public void Match_NoSubjectHeader_MatchesAgainstEmptySubject()
    {
        var rule = RuleTemplates.WithMatch("  subject: '^$'");

        RuleMatcher.Match(rule, Headers("From: nora@customer.example")).IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void Match_SubjectPatternTimesOut_IsNoMatchWithReason()
    {
        // Nested quantifiers on a near-miss backtrack exponentially: far more than the 100 ms the pattern is given.
        var rule = RuleTemplates.WithMatch("  subject: '^(a+)+$'");
        var message = Headers("From: nora@customer.example");
        message.Subject = new string('a', 40) + "!";
        var clock = Stopwatch.StartNew();

        var result = RuleMatcher.Match(rule, message);

        result.IsMatch.ShouldBeFalse();
        result.Reason.ShouldBe($"subject pattern ^(a+)+$ timed out after 100 ms on \"{message.Subject}\", counted as no match");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Match_HandBuiltRuleWithTimeout_UsesTheRegexOwnTimeout()
    {
        var rule = RuleTemplates.WithMatch("  subject: x") with
        {
            Match = new RuleMatch { Subject = new Regex("^(a|aa)+$", RegexOptions.None, TimeSpan.FromMilliseconds(5)) },
        };
        var message = Headers("From: nora@customer.example");
        message.Subject = new string('a', 60) + "b";

        RuleMatcher.Match(rule, message).Reason.ShouldContain("timed out after 5 ms");
    }

    [Theory]
    [InlineData("X-Priority: 1 (Highest)", true, "X-Priority: 1 (Highest) matched 1*")]
    [InlineData("x-priority: 1", true, "X-Priority: 1 matched 1*")]
    [InlineData("X-Priority: 3 (Normal)", false, "X-Priority: 3 (Normal) matched none of 1*")]
    [InlineData("Importance: high", false, "no X-Priority header")]
    public void Match_HeaderPattern_GlobOnTheHeaderValue(string header, bool expected, string reason)
    {
        var rule = RuleTemplates.WithMatch("  headers: { X-Priority: \"1*\" }");

        var result = RuleMatcher.Match(rule, Headers("From: nora@customer.example", header));

        result.ShouldBe(new RuleMatchResult(expected, reason));
    }

    [Fact]
    public void Match_HeaderRepeated_AnyValueMayMatch()
    {
        var rule = RuleTemplates.WithMatch("  headers: { X-Tag: [\"urgent\", \"vip-*\"] }");

        var result = RuleMatcher.Match(rule, Headers("From: nora@customer.example", "X-Tag: low", "X-Tag: VIP-gold"));

        result.ShouldBe(new RuleMatchResult(true, "X-Tag: VIP-gold matched vip-*"));
    }

    [Fact]
    public void Match_OneConditionFails_ReasonNamesOnlyTheFailures()
    {
        var rule = RuleTemplates.WithMatch("  from: \"*@customer.example\"\n  subject: refund\n  to: \"support@*\"");

        var result = RuleMatcher.Match(rule, Headers("From: nora@customer.example", "To: sales@acme.example", "Subject: refund"));

        result.ShouldBe(new RuleMatchResult(false, "to sales@acme.example matched none of support@*"));
    }

    [Fact]
    public void Match_QueryOnly_MatchesAndLeavesQueryToGmail()
    {
        var rule = RuleTemplates.WithMatch("  query: \"has:nouserlabels\"");

        RuleMatcher.Match(rule, Headers("From: nora@customer.example"))
            .ShouldBe(new RuleMatchResult(true, "query \"has:nouserlabels\" left to Gmail"));
    }

    [Fact]
    public void Match_HeadersOnlyMessageWithEncodedWords_ReadsDecodedValues()
    {
        var rule = RuleTemplates.WithMatch("  from: \"chloé@*\"\n  subject: \"^Réclamation\"");
        var message = Headers("From: =?UTF-8?Q?Chlo=C3=A9?= <chloé@exemple.fr>", "To: support@acme.example",
            "Subject: =?UTF-8?Q?R=C3=A9clamation_urgente?=");

        var result = RuleMatcher.Match(rule, message);

        result.IsMatch.ShouldBeTrue(result.Reason);
    }

    /// <summary>A message with these header lines and no body, as the worker reads metadata before the whole message.</summary>
    internal static MimeMessage Headers(params string[] lines)
    {
        var raw = string.Join("\n", [.. lines, "Message-ID: <in-1@customer.example>", "", ""]);
        return MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)), TestContext.Current.CancellationToken);
    }
}
