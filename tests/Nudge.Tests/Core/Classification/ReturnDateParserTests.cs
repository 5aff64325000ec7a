using System.Globalization;
using Nudge.Core.Classification;

namespace Nudge.Tests.Core.Classification;

public class ReturnDateParserTests
{
    [Theory]
    [InlineData("I will be back on 12 January.", "2026-01-05", "2026-01-12")]
    [InlineData("I will be back on 12 January.", "2026-12-20", "2027-01-12")]
    [InlineData("Back in the office on January 12th, 2027.", "2026-12-20", "2027-01-12")]
    [InlineData("returning Monday, March 3rd", "2025-02-25", "2025-03-03")]
    [InlineData("I am out of the office until Friday.", "2026-03-02", "2026-03-06")]
    [InlineData("Je serai de retour le lundi 5 janvier 2026.", "2025-12-22", "2026-01-05")]
    [InlineData("Je suis absente jusqu'au 5 janvier.", "2025-12-22", "2026-01-05")]
    [InlineData("Ab Montag, dem 12. Januar bin ich wieder erreichbar.", "2026-01-02", "2026-01-12")]
    [InlineData("Ich bin bis zum 11.01.2026 nicht im Büro.", "2026-01-02", "2026-01-11")]
    [InlineData("Estaré fuera de la oficina hasta el 3 de marzo.", "2026-02-20", "2026-03-03")]
    [InlineData("Volveré el 3 de marzo de 2026.", "2026-02-20", "2026-03-03")]
    [InlineData("I'll be back on 04/05/2026.", "2026-04-01", "2026-04-05")]
    [InlineData("I'll be back on 20/05/2026.", "2026-04-01", "2026-05-20")]
    public void Parse_ReturnPhraseWithDate_GivesTheDay(string text, string sent, string expected)
    {
        ReturnDateParser.Parse(text, Day(sent)).ShouldBe(Day(expected));
    }

    [Theory]
    [InlineData("I am away with limited access to email.")]
    [InlineData("I was at the conference on 3 March and will answer soon.")]
    [InlineData("Call me on +44 20 7946 0018 if urgent.")]
    public void Parse_NoReturnDate_IsNull(string text)
    {
        ReturnDateParser.Parse(text, Day("2026-03-01")).ShouldBeNull();
    }

    [Fact]
    public void Parse_DayAndMonthWithoutSentDate_IsNull()
    {
        ReturnDateParser.Parse("Back on 12 January.", sent: null).ShouldBeNull();
    }

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);
}
