using Nudge.Core.Contacts;

namespace Nudge.Tests.Core.Contacts;

public sealed class ContactAddressesTests
{
    [Fact]
    public void Of_NoOtherEmails_IsTheLowercasedEmailAlone()
    {
        ContactAddresses.Of(Contact(" Ann@Example.COM ", ("first_name", "Ann"))).ShouldBe(["ann@example.com"]);
    }

    [Fact]
    public void Of_OtherEmailsWithEverySeparator_AreAllListedLowercasedInOrderAfterTheEmail()
    {
        var contact = Contact("ann@example.com", (ContactAddresses.OtherEmailsField, "B@Example.org, c@example.net;d@example.io  e@example.dev\tf@example.fr"));

        ContactAddresses.Of(contact).ShouldBe(
            ["ann@example.com", "b@example.org", "c@example.net", "d@example.io", "e@example.dev", "f@example.fr"]);
    }

    [Fact]
    public void Of_DuplicatesAndTheEmailItself_AreListedOnce()
    {
        var contact = Contact("Ann@Example.com", (ContactAddresses.OtherEmailsField, "ANN@example.com; b@example.org, B@EXAMPLE.ORG; b@example.org"));

        ContactAddresses.Of(contact).ShouldBe(["ann@example.com", "b@example.org"]);
    }

    [Fact]
    public void Of_EntriesWithoutAnAt_AreIgnored()
    {
        var contact = Contact("ann@example.com", (ContactAddresses.OtherEmailsField, "n/a, ; ,, example.org  b@example.org"));

        ContactAddresses.Of(contact).ShouldBe(["ann@example.com", "b@example.org"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" , ; ")]
    public void Of_BlankOtherEmails_IsTheEmailAlone(string others)
    {
        ContactAddresses.Of(Contact("ann@example.com", (ContactAddresses.OtherEmailsField, others))).ShouldBe(["ann@example.com"]);
    }

    [Fact]
    public void Of_Null_ThrowsArgumentNullException()
    {
        Should.Throw<ArgumentNullException>(() => ContactAddresses.Of(null!));
    }

    [Fact]
    public void OtherEmailsField_IsTheMergeFieldName()
    {
        ContactAddresses.OtherEmailsField.ShouldBe("other_emails");
    }

    private static Contact Contact(string email, params (string Name, string Value)[] fields) =>
        new(0, email, fields.ToDictionary(f => f.Name, f => f.Value));
}
