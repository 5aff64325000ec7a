using Nudge.Core.Enrollments;

namespace Nudge.Tests.Core.Enrollments;

public sealed class SuppressionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("  Ann@Example.COM ", "ann@example.com")]
    [InlineData("ann.b+news@mail.example.co.uk", "ann.b+news@mail.example.co.uk")]
    public void Parse_Address_IsALowercasedAddressEntry(string text, string value)
    {
        Suppression.Parse(text, "unsubscribed", T0).ShouldBe(new Suppression(value, SuppressionKind.Address, "unsubscribed", T0));
    }

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("@example.com", "example.com")]
    [InlineData(" @Mail.Example.COM ", "mail.example.com")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("my-company.io", "my-company.io")]
    public void Parse_DomainWithOrWithoutAt_IsALowercasedDomainEntry(string text, string value)
    {
        Suppression.Parse(text, "competitor", T0).ShouldBe(new Suppression(value, SuppressionKind.Domain, "competitor", T0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("@")]
    [InlineData("localhost")]
    [InlineData("ann@")]
    [InlineData("ann@localhost")]
    [InlineData("@@example.com")]
    [InlineData("ann@@example.com")]
    [InlineData("ann@b@example.com")]
    [InlineData(".example.com")]
    [InlineData("example.com.")]
    [InlineData("exa mple.com")]
    [InlineData("ex_ample.com")]
    [InlineData("ann@exa mple.com")]
    [InlineData("ann@.example.com")]
    public void Parse_NeitherAddressNorDomain_ThrowsFormatExceptionNamingTheText(string text)
    {
        var error = Should.Throw<FormatException>(() => Suppression.Parse(text, "note", T0));

        error.Message.ShouldContain($"'{text}'");
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Should.Throw<ArgumentNullException>(() => Suppression.Parse(null!, "note", T0));
    }

    [Fact]
    public void Parse_DomainOfTheMaximumLength_IsAcceptedAndOneLongerIsNot()
    {
        var longest = new string('a', 249) + ".com";
        longest.Length.ShouldBe(253);

        Suppression.Parse(longest, "note", T0).Kind.ShouldBe(SuppressionKind.Domain);
        Should.Throw<FormatException>(() => Suppression.Parse("a" + longest, "note", T0));
    }

    [Fact]
    public void KeysFor_AddressInASubdomain_IsTheAddressThenEachDomainUpToTheLastTwoLabels()
    {
        Suppression.KeysFor("Ann@Mail.Example.COM").ShouldBe(["ann@mail.example.com", "mail.example.com", "example.com"]);
    }

    [Theory]
    [InlineData("ann@example.com", new[] { "ann@example.com", "example.com" })]
    [InlineData("  Ann@Example.com ", new[] { "ann@example.com", "example.com" })]
    [InlineData("ops@a.b.c.example.org", new[] { "ops@a.b.c.example.org", "a.b.c.example.org", "b.c.example.org", "c.example.org", "example.org" })]
    [InlineData("ann@localhost", new[] { "ann@localhost" })]
    [InlineData("not-an-address", new[] { "not-an-address" })]
    [InlineData("odd@name@example.com", new[] { "odd@name@example.com", "example.com" })]
    public void KeysFor_Email_IsTheLowercasedAddressAndItsDomains(string email, string[] keys)
    {
        Suppression.KeysFor(email).ShouldBe(keys);
    }

    [Fact]
    public void KeysFor_EveryParsedEntryThatBlocksTheAddress_IsAKey()
    {
        var keys = Suppression.KeysFor("Ops@Mail.Example.com");

        keys.ShouldContain(Suppression.Parse("ops@mail.example.com", "note", T0).Value);
        keys.ShouldContain(Suppression.Parse("@mail.example.com", "note", T0).Value);
        keys.ShouldContain(Suppression.Parse("EXAMPLE.com", "note", T0).Value);
        keys.ShouldNotContain(Suppression.Parse("other.example.com", "note", T0).Value);
        keys.ShouldNotContain(Suppression.Parse("ample.com", "note", T0).Value);
    }

    [Fact]
    public void KeysFor_Null_ThrowsArgumentNullException()
    {
        Should.Throw<ArgumentNullException>(() => Suppression.KeysFor(null!));
    }
}
