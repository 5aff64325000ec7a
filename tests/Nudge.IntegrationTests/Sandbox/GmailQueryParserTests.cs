using MimeKit;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Search;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>Unit tests of the search parser against in-memory messages (no HTTP).</summary>
public sealed class GmailQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("", true)]
    [InlineData("hello", true)]
    [InlineData("hel", false)]
    [InlineData("-hello", false)]
    [InlineData("--hello", true)]
    [InlineData("hello OR nothing", true)]
    [InlineData("nothing OR nada", false)]
    [InlineData("hello nothing", false)]
    [InlineData("{nothing hello}", true)]
    [InlineData("(hello", true)]
    [InlineData("hello)", true)]
    [InlineData("((hello world))", true)]
    [InlineData("\"hello world\"", true)]
    [InlineData("\"world hello\"", false)]
    [InlineData("subject:(status report)", true)]
    [InlineData("subject:(status OR nothing)", true)]
    [InlineData("subject:(status nothing)", false)]
    [InlineData("OR", false)]
    [InlineData("from:pat", true)]
    [InlineData("from:me", false)]
    [InlineData("to:me", true)]
    [InlineData("unknownop:value", false)]
    [InlineData("is:unread", true)]
    [InlineData("-is:unread", false)]
    [InlineData("label:user-label", true)]
    [InlineData("label:\"User Label\"", true)]
    [InlineData("label:other", false)]
    [InlineData("category:primary", false)]
    [InlineData("newer_than:2d", true)]
    [InlineData("older_than:2d", false)]
    [InlineData("newer_than:x", false)]
    [InlineData("after:2026/03/09 before:2026/03/11", true)]
    [InlineData("after:2026-03-10", false)]
    public void Matches_Query_MatchesAsGmailRoughlyDoes(string query, bool expected)
    {
        var parsed = GmailQuery.Parse(query, Now, "me@example.com", FindLabel);

        parsed.Matches(Message()).ShouldBe(expected, $"q={query}");
    }

    [Theory]
    [InlineData("in:trash", true)]
    [InlineData("in:spam", true)]
    [InlineData("in:anywhere", true)]
    [InlineData("label:trash", true)]
    [InlineData("in:inbox", false)]
    public void Parse_SpamOrTrashOperators_SetMentionsSpamOrTrash(string query, bool expected) =>
        GmailQuery.Parse(query, Now, "me@example.com").MentionsSpamOrTrash.ShouldBe(expected);

    [Theory]
    [InlineData("a b", 2)]
    [InlineData("a OR b", 3)]
    [InlineData("-a (b) {c}", 8)]
    [InlineData("subject:\"a b\" c", 2)]
    [InlineData("from:(a OR b) c", 2)]
    [InlineData("a AND b", 2)]
    public void Tokenize_Query_SplitsIntoTokens(string query, int count) =>
        QueryLexer.Tokenize(query).Count.ShouldBe(count);

    private static UserLabel? FindLabel(string name) =>
        string.Equals(name.Replace(' ', '-'), "user-label", StringComparison.OrdinalIgnoreCase)
            ? new UserLabel("Label_1", "User Label", null, null)
            : null;

    private static StoredMessage Message()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Pat", "pat@example.org"));
        message.To.Add(MailboxAddress.Parse("me@example.com"));
        message.Subject = "Status report";
        message.Body = new TextPart("plain") { Text = "Hello world, all is well." };
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        var raw = buffer.ToArray();
        return new StoredMessage(
            "0000000000000001",
            "0000000000000001",
            ["INBOX", "UNREAD", "Label_1"],
            Now.AddDays(-1).ToUnixTimeMilliseconds(),
            1,
            raw,
            MimeInspector.Inspect(message));
    }
}
