using Nudge.Core.Contacts;

namespace Nudge.Tests.Core.Contacts;

public class ContactCsvReaderTests
{
    [Fact]
    public async Task ReadAsync_ValidRows_BecomeContactsWithFields()
    {
        var result = await Read("email,first_name,company\nchloe@example.fr,Chloé,Société\nops@example.com,,Acme\n");

        result.Rejected.ShouldBeEmpty();
        result.Contacts.Count.ShouldBe(2);
        result.Contacts[0].Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Chloé", ["company"] = "Société" });
        result.Contacts[1].Fields.ContainsKey("first_name").ShouldBeFalse("blank values are not fields");
    }

    [Fact]
    public async Task ReadAsync_BadRows_AreRejectedWithTheirLineNumber()
    {
        var csv = "email,first_name\n" +
                  "good@example.com,A\n" +
                  "not-an-address,B\n" +
                  ",C\n" +
                  "\"multi\nline@example.com\",D,extra\n" +
                  "also.good@example.com,E\n";

        var result = await Read(csv);

        result.Contacts.Select(c => c.Email).ShouldBe(["good@example.com", "also.good@example.com"]);
        result.Rejected.ShouldBe([
            new RejectedRow(3, "email 'not-an-address' is not a valid address"),
            new RejectedRow(4, "email is empty"),
            new RejectedRow(5, "has 3 values, the header has 2"),
        ]);
    }

    [Fact]
    public async Task ReadAsync_SameEmailTwice_LaterRowWins()
    {
        var result = await Read("email,first_name\nA@example.com,First\na@example.com,Second\n");

        result.Contacts.Single().Fields["first_name"].ShouldBe("Second");
    }

    [Fact]
    public async Task ReadAsync_NoEmailColumn_NamesTheColumnsFound()
    {
        var ex = await Should.ThrowAsync<FormatException>(() => Read("mail,name\nx@example.com,X\n"));

        ex.Message.ShouldBe("leads.csv: line 1: no 'email' column (columns: mail, name)");
    }

    private static Task<ContactCsvResult> Read(string csv) =>
        ContactCsvReader.ReadAsync(new StringReader(csv), "leads.csv", TestContext.Current.CancellationToken);
}
