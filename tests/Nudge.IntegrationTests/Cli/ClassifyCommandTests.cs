using System.Text.Json;

namespace Nudge.IntegrationTests.Cli;

/// <summary>
/// <c>nudge classify</c> run as the real program on messages of the shared labelled corpus (/work/shared/corpus, see its
/// README), which is read in place and never copied into the repository.
/// </summary>
public sealed class ClassifyCommandTests : IDisposable
{
    /// <summary>A Gmail "Address not found" DSN (chatwoot's bounced_gmail.eml).</summary>
    private const string GmailBounce = "m9838";

    /// <summary>An RFC 3834 vacation notice, "Away until May 5" (sisimai's rfc3834-01.eml).</summary>
    private const string OutOfOffice = "m1865";

    /// <summary>A reply from Apple Mail that says "Hello" (talon's apple_mail_2.eml).</summary>
    private const string HumanReply = "m1514";

    private static readonly string[] JsonProperties = ["file", "category", "recipient", "status", "reason", "returnDate", "evidence"];

    private readonly string _dir = Directory.CreateTempSubdirectory("nudge-cli-classify-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Classify_GmailBounceFromCorpus_JsonGivesHardBounceWithRecipientStatusAndReason()
    {
        var file = Corpus(GmailBounce);

        var result = await NudgeAsync("classify", file, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var verdict = Single(result);
        verdict.EnumerateObject().Select(p => p.Name).ShouldBe(JsonProperties);
        verdict.GetProperty("file").GetString().ShouldBe(file);
        verdict.GetProperty("category").GetString().ShouldBe("bounce_hard");
        verdict.GetProperty("recipient").GetString().ShouldBe("alex.jones@fictionalcorp.com");
        verdict.GetProperty("status").GetString().ShouldBe("5.1.1");
        verdict.GetProperty("reason").GetString().ShouldNotBeNull()
            .ShouldStartWith("550 5.1.1 The email account that you tried to reach does not exist.");
        verdict.GetProperty("returnDate").ValueKind.ShouldBe(JsonValueKind.Null);
        Evidence(verdict).ShouldContain("Content-Type multipart/report; report-type=delivery-status");
        Evidence(verdict).ShouldContain("Status: 5.1.1");
        result.Stderr.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(OutOfOffice, "2005-05-05", "Auto-Submitted: auto-replied")]
    [InlineData("m3383", "2009-02-10", "Subject: \"automatiska atbilde\"")]
    public async Task Classify_OutOfOfficeFromCorpus_JsonGivesAutoReplyWithItsReturnDate(string id, string returnDate, string signal)
    {
        // m3383 is an Exchange notice in Latvian and English ("Automātiskā atbilde").
        var result = await NudgeAsync("classify", "--json", Corpus(id));

        result.ExitCode.ShouldBe(0, result.ToString());
        var verdict = Single(result);
        verdict.GetProperty("category").GetString().ShouldBe("auto_reply");
        verdict.GetProperty("returnDate").GetString().ShouldBe(returnDate);
        verdict.GetProperty("recipient").ValueKind.ShouldBe(JsonValueKind.Null);
        verdict.GetProperty("status").ValueKind.ShouldBe(JsonValueKind.Null);
        Evidence(verdict).ShouldContain(signal);
        Evidence(verdict).ShouldContain($"Back on {returnDate}");
    }

    [Fact]
    public async Task Classify_HumanReplyFromCorpus_JsonGivesHumanReplyWithNoBounceFacts()
    {
        var result = await NudgeAsync("classify", Corpus(HumanReply), "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var verdict = Single(result);
        verdict.GetProperty("category").GetString().ShouldBe("human_reply");
        foreach (var name in new[] { "recipient", "status", "reason", "returnDate" })
        {
            verdict.GetProperty(name).ValueKind.ShouldBe(JsonValueKind.Null, name);
        }

        Evidence(verdict).ShouldBe(["No automated-mail signal"]);
    }

    [Fact]
    public async Task Classify_MissingFileAmongOthers_ExitsThreeNamesItOnStderrAndStillPrintsTheOthers()
    {
        var missing = Path.Combine(_dir, "no-such-message.eml");

        var result = await NudgeAsync("classify", "--json", Corpus(GmailBounce), missing, Corpus(HumanReply));

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Stderr.Trim().ShouldBe($"nudge classify: {missing}: no such file or folder");
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.EnumerateArray().Select(e => (e.GetProperty("file").GetString(), e.GetProperty("category").GetString()))
            .ShouldBe([(Corpus(GmailBounce), "bounce_hard"), (Corpus(HumanReply), "human_reply")]);
    }

    [Fact]
    public async Task Classify_FileThatIsNotMime_ExitsThreeNamesItAndClassifiesTheRest()
    {
        var picture = Path.Combine(_dir, "picture.eml");
        await File.WriteAllBytesAsync(picture, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], Ct);
        var empty = Path.Combine(_dir, "empty.eml");
        await File.WriteAllBytesAsync(empty, [], Ct);

        var result = await NudgeAsync("classify", picture, Corpus(OutOfOffice), empty);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Stderr.ShouldContain($"nudge classify: {picture}: not a MIME message: Failed to parse message headers.");
        result.Stderr.ShouldContain($"nudge classify: {empty}: not a MIME message: the file is empty");
        result.FlatStdout.ShouldContain("1 message(s) classified: 1 auto_reply; 2 file(s) could not be read");
    }

    [Fact]
    public async Task Classify_Folder_ClassifiesEveryEmlInItInNameOrder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        File.Copy(Corpus(HumanReply), Path.Combine(folder, "b-reply.eml"));
        File.Copy(Corpus(GmailBounce), Path.Combine(folder, "a-bounce.eml"));
        File.Copy(Corpus(OutOfOffice), Path.Combine(folder, "c-away.eml"));
        File.Copy(Corpus(OutOfOffice), Path.Combine(folder, "notes.txt"));
        Directory.CreateDirectory(Path.Combine(folder, "nested"));
        File.Copy(Corpus(OutOfOffice), Path.Combine(folder, "nested", "d-away.eml"));

        var result = await NudgeAsync("classify", folder, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.EnumerateArray().Select(e => (e.GetProperty("file").GetString(), e.GetProperty("category").GetString()))
            .ShouldBe(
            [
                (Path.Combine(folder, "a-bounce.eml"), "bounce_hard"),
                (Path.Combine(folder, "b-reply.eml"), "human_reply"),
                (Path.Combine(folder, "c-away.eml"), "auto_reply"),
            ]);
    }

    [Fact]
    public async Task Classify_FolderWithoutEml_ExitsThreeAndNamesIt()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "empty-folder")).FullName;

        var result = await NudgeAsync("classify", folder);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Stderr.Trim().ShouldBe($"nudge classify: {folder}: no *.eml file in this folder");
    }

    [Fact]
    public async Task Classify_WithoutJson_PrintsATableAndTheCountPerCategory()
    {
        var result = await NudgeAsync("classify", Corpus(GmailBounce), Corpus(OutOfOffice), Corpus(HumanReply));

        result.ExitCode.ShouldBe(0, result.ToString());
        var header = result.Stdout.Split('\n').First(l => l.Contains("Category", StringComparison.Ordinal));
        header.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe(["File", "Category", "Recipient", "Status", "Return date", "Evidence"]);
        Row(result, GmailBounce).ShouldBe([Corpus(GmailBounce), "bounce_hard", "alex.jones@fictionalcorp.com", "5.1.1", "",
            "Content-Type multipart/report; report-type=delivery-status"]);
        Row(result, OutOfOffice).ShouldBe([Corpus(OutOfOffice), "auto_reply", "", "", "2005-05-05", "Auto-Submitted: auto-replied"]);
        Row(result, HumanReply).ShouldBe([Corpus(HumanReply), "human_reply", "", "", "", "No automated-mail signal"]);
        result.FlatStdout.ShouldEndWith("3 message(s) classified: 1 human_reply, 1 auto_reply, 1 bounce_hard");
    }

    [Fact]
    public async Task Classify_NoFile_ExitsTwo()
    {
        var result = await NudgeAsync("classify", "--json");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldContain("Required argument missing for command: 'classify'.");
    }

    [Fact]
    public async Task Classify_UnknownOption_ExitsTwoBeforeReadingAnyFile()
    {
        var result = await NudgeAsync("classify", Corpus(HumanReply), "--no-such-option");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.Stderr.Trim().ShouldBe("nudge classify: unknown option '--no-such-option'.");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static Task<CliResult> NudgeAsync(params string[] arguments) => CliProcess.RunAsync(arguments, environment: null, Ct);

    private static JsonElement Single(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        return json.RootElement.EnumerateArray().ShouldHaveSingleItem().Clone();
    }

    private static List<string?> Evidence(JsonElement verdict) =>
        [.. verdict.GetProperty("evidence").EnumerateArray().Select(e => e.GetString())];

    /// <summary>The cells of the table's first line for one corpus message (its first line of evidence only).</summary>
    private static string[] Row(CliResult result, string id) =>
        result.Stdout.Split('\n').First(l => l.Contains(id + ".eml", StringComparison.Ordinal))
            .Split('│', StringSplitOptions.TrimEntries)[1..^1];

    /// <summary>
    /// A message of the labelled corpus: found through NUDGE_CORPUS_DIR, else as shared/corpus beside or above the
    /// test binaries, else at its usual path. A missing corpus fails the test rather than skipping it.
    /// </summary>
    private static string Corpus(string id)
    {
        var file = Path.Combine(CorpusDirectory(), "eml", id + ".eml");
        File.Exists(file).ShouldBeTrue($"{file} is missing from the labelled corpus");
        return file;
    }

    private static string CorpusDirectory()
    {
        if (Environment.GetEnvironmentVariable("NUDGE_CORPUS_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string[] candidates = [Path.Combine(dir.FullName, "shared", "corpus"), Path.Combine(dir.FullName, "..", "shared", "corpus")];
            foreach (var candidate in candidates)
            {
                if (File.Exists(Path.Combine(candidate, "labels.csv")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return "/work/shared/corpus";
    }
}
