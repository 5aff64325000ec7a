using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Cli;

/// <summary>
/// The engine commands (<c>import</c>, <c>sequence validate</c>, <c>enroll</c>, <c>status</c>, <c>pause</c>/<c>resume</c>,
/// <c>suppress</c>) run as the real program on a SQLite file and a folder of sequence files; the database is opened
/// beside them to arrange and to check.
/// </summary>
public sealed class EngineCommandTests : IAsyncDisposable
{
    /// <summary>
    /// Line 2 good; 3 a bad email; 4 too few values; 5 empty; 6–7 one record over two lines; 8 the email of line 2
    /// again (it replaces line 2); 9 too many values.
    /// </summary>
    private const string MixedCsv =
        "email,first_name,company\n" +
        "ann@globex.example,Ann,Globex\n" +
        "not-an-email,Bob,Hooli\n" +
        "carl@initech.example,Carl\n" +
        "\n" +
        "\"dora@umbrella.example\",Dora,\"Umbrella\n" +
        "Research\"\n" +
        "ANN@globex.example,Annie,Globex Corp\n" +
        "eve@hooli.example,Eve,Hooli,extra\n";

    private readonly CliWorkspace _ws = CliWorkspace.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---------------------------------------------------------------- import

    [Fact]
    public async Task Import_MixedRows_ExitsThreeListsEachRefusedRowAndStoresAndEnrollsTheGoodOnes()
    {
        var mailbox = await ArrangeAsync();
        var csv = await _ws.WriteFileAsync("contacts.csv", MixedCsv);

        var result = await _ws.NudgeAsync("import", csv, "--sequence", "outreach");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.FlatStdout.ShouldContain("2 contacts imported from contacts.csv, 2 enrolled in outreach");
        result.FlatStdout.ShouldContain("3 rows refused");
        RefusedRow(result, 3).ShouldContain("email 'not-an-email' is not a valid address");
        RefusedRow(result, 4).ShouldContain("has 2 values, the header has 3");
        RefusedRow(result, 9).ShouldContain("has 4 values, the header has 3");
        Regex.IsMatch(result.Stdout, @"│\s*(2|6|8)\s*│").ShouldBeFalse("only refused rows are listed");

        var store = await _ws.OpenStoreAsync();
        var contacts = await store.ListContactsAsync(Ct);
        contacts.Count.ShouldBe(2);
        var ann = contacts.Single(c => c.Email.Equals("ann@globex.example", StringComparison.OrdinalIgnoreCase));
        ann.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Annie", ["company"] = "Globex Corp" },
            ignoreOrder: true, "the later row of the same email wins");
        var dora = contacts.Single(c => c.Email == "dora@umbrella.example");
        dora.Fields["company"].ShouldBe("Umbrella\nResearch");

        var enrollments = await store.ListEnrollmentsAsync(Ct);
        enrollments.Count.ShouldBe(2);
        enrollments.Select(e => e.ContactId).ShouldBe(contacts.Select(c => c.Id), ignoreOrder: true);
        enrollments.ShouldAllBe(e => e.SequenceName == "outreach" && e.MailboxId == mailbox.Id && e.NextStep == 1 && e.IsActive);
    }

    [Fact]
    public async Task Import_Json_PrintsImportedEnrolledAndEachRejectedLineWithItsReason()
    {
        await ArrangeAsync();
        var csv = await _ws.WriteFileAsync("contacts.csv", MixedCsv);

        var result = await _ws.NudgeAsync("import", csv, "--sequence", "outreach", "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["imported", "enrolled", "rejected"]);
        root.GetProperty("imported").GetInt32().ShouldBe(2);
        root.GetProperty("enrolled").GetInt32().ShouldBe(2);
        var rejected = root.GetProperty("rejected").EnumerateArray().ToList();
        rejected.Select(r => r.EnumerateObject().Select(p => p.Name).ToList()).ShouldAllBe(names => names.SequenceEqual(new[] { "line", "reason" }));
        rejected.Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("reason").GetString()))
            .ShouldBe([
                (3, "email 'not-an-email' is not a valid address"),
                (4, "has 2 values, the header has 3"),
                (9, "has 4 values, the header has 3"),
            ]);
    }

    [Fact]
    public async Task Import_Again_UpdatesTheFieldsAndDoesNotEnrollASecondTime()
    {
        await ArrangeAsync();
        var first = await _ws.WriteFileAsync("first.csv", "email,first_name,company\nann@globex.example,Ann,Globex\n");
        var second = await _ws.WriteFileAsync("second.csv", "email,first_name,company,role\nAnn@Globex.example,Annie,Globex Corp,CTO\n");

        var imported = await _ws.NudgeAsync("import", first, "--sequence", "outreach");
        var store = await _ws.OpenStoreAsync();
        var enrollment = (await store.ListEnrollmentsAsync(Ct)).ShouldHaveSingleItem();
        var reimported = await _ws.NudgeAsync("import", second, "--sequence", "outreach", "--json");

        imported.ExitCode.ShouldBe(0, imported.ToString());
        reimported.ExitCode.ShouldBe(0, reimported.ToString());
        using var json = JsonDocument.Parse(reimported.Stdout);
        json.RootElement.GetProperty("imported").GetInt32().ShouldBe(1);
        json.RootElement.GetProperty("enrolled").GetInt32().ShouldBe(1, "an existing enrollment counts as enrolled");
        json.RootElement.GetProperty("rejected").GetArrayLength().ShouldBe(0);
        var contact = (await store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Annie", ["company"] = "Globex Corp", ["role"] = "CTO" },
            ignoreOrder: true);
        (await store.ListEnrollmentsAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(enrollment.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Import_SuppressedAddress_IsRefusedWithItsLineAndTheOthersAreStored(bool withSequence)
    {
        await ArrangeAsync();
        await _ws.AddSuppressionAsync("umbrella.example", "competitor");
        var csv = await _ws.WriteFileAsync("contacts.csv", "email,company\nann@globex.example,Globex\ndora@umbrella.example,Umbrella\n");

        var result = await _ws.NudgeAsync(withSequence ? ["import", csv, "--json", "--sequence", "outreach"] : ["import", csv, "--json"]);

        result.ExitCode.ShouldBe(3, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.GetProperty("imported").GetInt32().ShouldBe(1);
        var refused = json.RootElement.GetProperty("rejected").EnumerateArray().ShouldHaveSingleItem();
        refused.GetProperty("line").GetInt32().ShouldBe(3);
        refused.GetProperty("reason").GetString().ShouldBe("dora@umbrella.example is on the suppression list (umbrella.example: competitor)");
        var store = await _ws.OpenStoreAsync();
        (await store.ListContactsAsync(Ct)).ShouldHaveSingleItem().Email.ShouldBe("ann@globex.example");
        (await store.ListEnrollmentsAsync(Ct)).Count.ShouldBe(withSequence ? 1 : 0);
    }

    [Fact]
    public async Task Import_WithoutSequence_StoresTheContactsAndEnrollsNobody()
    {
        var csv = await _ws.WriteFileAsync("contacts.csv", "email,company\nann@globex.example,Globex\ncarl@initech.example,Initech\n");

        var result = await _ws.NudgeAsync("import", csv);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.FlatStdout.ShouldBe("2 contacts imported from contacts.csv");
        var store = await _ws.OpenStoreAsync();
        (await store.ListContactsAsync(Ct)).Count.ShouldBe(2);
        (await store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_ExcelStyleFileWithBomAndCrLf_ReadsTheEmailColumnAndCountsLinesRight()
    {
        await ArrangeAsync();
        var csv = Path.Combine(_ws.Dir, "excel.csv");
        await File.WriteAllTextAsync(csv, "Email, Company \r\nann@globex.example,Globex\r\n\r\nnope,Hooli\r\n",
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), Ct);

        var result = await _ws.NudgeAsync("import", csv, "--sequence", "outreach", "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.GetProperty("imported").GetInt32().ShouldBe(1);
        var refused = json.RootElement.GetProperty("rejected").EnumerateArray().ShouldHaveSingleItem();
        refused.GetProperty("line").GetInt32().ShouldBe(4);
        var store = await _ws.OpenStoreAsync();
        (await store.ListContactsAsync(Ct)).ShouldHaveSingleItem().Fields.ShouldBe(new Dictionary<string, string> { ["Company"] = "Globex" });
    }

    [Fact]
    public async Task Import_UnknownSequence_ExitsTwoAndStoresNothing()
    {
        await ArrangeAsync();
        var csv = await _ws.WriteFileAsync("contacts.csv", "email,company\nann@globex.example,Globex\n");

        var result = await _ws.NudgeAsync("import", csv, "--sequence", "nosuch");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("--sequence: no sequence named 'nosuch'");
        var store = await _ws.OpenStoreAsync();
        (await store.ListContactsAsync(Ct)).ShouldBeEmpty();
        (await store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_MissingFile_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(_ws.Dir, "missing.csv");

        var result = await _ws.NudgeAsync("import", missing);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain($"nudge import: {missing}: no such file");
    }

    [Fact]
    public async Task Import_NoEmailColumn_ExitsTwoNamingLineOne()
    {
        var csv = await _ws.WriteFileAsync("contacts.csv", "mail,company\nann@globex.example,Globex\n");

        var result = await _ws.NudgeAsync("import", csv);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("contacts.csv: line 1: no 'email' column (columns: mail, company)");
    }

    // ---------------------------------------------------------------- sequence validate

    [Fact]
    public async Task SequenceValidate_ValidFolder_ExitsZeroWithAnOkLinePerFile()
    {
        await _ws.WriteOutreachAsync();
        await _ws.WriteSequenceAsync("nurture.yml", "name: nurture\nsteps:\n  - template: intro\n    wait: 2 days\n");

        var byArgument = await _ws.RunAsync(["sequence", "validate", _ws.Sequences]);
        var byOption = await _ws.RunAsync(["sequence", "validate", "--sequences", _ws.Sequences]);
        var oneFile = await _ws.RunAsync(["sequence", "validate", Path.Combine(_ws.Sequences, "outreach.yaml")]);

        byArgument.ExitCode.ShouldBe(0, byArgument.ToString());
        byArgument.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldBe([
            "ok nurture.yml: 'nurture', 1 steps; contact fields used: company",
            "ok outreach.yaml: 'outreach', 2 steps; contact fields used: company",
        ]);
        byOption.ExitCode.ShouldBe(0, byOption.ToString());
        byOption.Stdout.ShouldBe(byArgument.Stdout);
        oneFile.ExitCode.ShouldBe(0, oneFile.ToString());
        oneFile.Stdout.Trim().ShouldBe("ok outreach.yaml: 'outreach', 2 steps; contact fields used: company");
    }

    [Fact]
    public async Task SequenceValidate_BrokenFileBesideAValidOne_ExitsTwoNamingFileLineAndField()
    {
        await _ws.WriteOutreachAsync();
        await _ws.WriteSequenceAsync("broken.yaml", "name: broken\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 3 dayz\n");

        var result = await _ws.RunAsync(["sequence", "validate", _ws.Sequences]);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.FlatStdout.ShouldContain("error broken.yaml: line 6: steps[2].wait '3 dayz' is not a wait");
        result.FlatStdout.ShouldContain("ok outreach.yaml: 'outreach', 2 steps", Case.Sensitive, "a broken file does not hide the others");
    }

    [Theory]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n  - template: bmp\n    wait: 1 day\n", "line 5: steps[2].template no template 'bmp'")]
    [InlineData("name: x\nsteps:\n  - template: bump\n    wait: 0\n", "line 3: steps[1].template template 'bump' starts a thread, so it needs a 'subject:'")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n    colour: red\n", "steps[1]")]
    [InlineData("name: x\nsteps: []\n", "line 2: steps needs at least one step")]
    public async Task SequenceValidate_InvalidFile_ExitsTwoNamingFileLineAndField(string yaml, string expected)
    {
        await _ws.WriteOutreachAsync();
        File.Delete(Path.Combine(_ws.Sequences, "outreach.yaml"));
        await _ws.WriteSequenceAsync("x.yaml", yaml);

        var result = await _ws.RunAsync(["sequence", "validate", _ws.Sequences]);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.FlatStdout.ShouldStartWith("error x.yaml: ");
        result.FlatStdout.ShouldContain(expected);
    }

    [Fact]
    public async Task SequenceValidate_TwoFilesWithOneName_ExitsTwoNamingBoth()
    {
        await _ws.WriteOutreachAsync();
        await _ws.WriteSequenceAsync("copy.yaml", "name: outreach\nsteps:\n  - template: intro\n    wait: 0\n");

        var result = await _ws.RunAsync(["sequence", "validate", _ws.Sequences]);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.FlatStdout.ShouldContain("outreach.yaml: name 'outreach' is also the name of copy.yaml");
    }

    [Fact]
    public async Task SequenceValidate_NoSequenceFile_ExitsTwo()
    {
        Directory.CreateDirectory(_ws.Sequences);

        var result = await _ws.RunAsync(["sequence", "validate", _ws.Sequences]);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("no sequence file there");
    }

    // ---------------------------------------------------------------- enroll

    [Fact]
    public async Task Enroll_FieldsAndJson_StoresTheContactAndPrintsTheEnrollment()
    {
        var mailbox = await ArrangeAsync();
        var before = TimeProvider.System.GetUtcNow();

        var result = await _ws.NudgeAsync("enroll", "dan@hooli.example", "--sequence", "outreach", "--field", "first_name=Dan",
            "--field", "company = Hooli Inc", "--field", "note=a=b", "--json");

        var after = TimeProvider.System.GetUtcNow();
        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name)
            .ShouldBe(["enrolled", "contactId", "enrollmentId", "firstStep", "firstDueAt", "mailbox", "rejection"]);
        root.GetProperty("enrolled").GetBoolean().ShouldBeTrue();
        root.GetProperty("firstStep").GetInt32().ShouldBe(1);
        root.GetProperty("firstDueAt").GetDateTimeOffset().ShouldBeInRange(before.AddSeconds(-1), after.AddSeconds(1));
        root.GetProperty("mailbox").GetString().ShouldBe(CliWorkspace.MailboxEmail);
        root.GetProperty("rejection").ValueKind.ShouldBe(JsonValueKind.Null);

        var store = await _ws.OpenStoreAsync();
        var contact = (await store.GetContactAsync(root.GetProperty("contactId").GetInt64(), Ct)).ShouldNotBeNull();
        contact.Email.ShouldBe("dan@hooli.example");
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Dan", ["company"] = "Hooli Inc", ["note"] = "a=b" }, ignoreOrder: true);
        var enrollment = (await store.GetEnrollmentAsync(root.GetProperty("enrollmentId").GetInt64(), Ct)).ShouldNotBeNull();
        (enrollment.ContactId, enrollment.SequenceName, enrollment.MailboxId, enrollment.NextStep, enrollment.Status)
            .ShouldBe((contact.Id, "outreach", mailbox.Id, 1, EnrollmentStatus.Active));
    }

    [Fact]
    public async Task Enroll_Twice_SaysWhatWasEnrolledAndReturnsTheSameEnrollment()
    {
        await ArrangeAsync();

        var first = await _ws.NudgeAsync("enroll", "dan@hooli.example", "--sequence", "outreach", "--field", "company=Hooli");
        var again = await _ws.NudgeAsync("enroll", "dan@hooli.example", "--sequence", "outreach", "--field", "company=Hooli", "--json");

        first.ExitCode.ShouldBe(0, first.ToString());
        var store = await _ws.OpenStoreAsync();
        var enrollment = (await store.ListEnrollmentsAsync(Ct)).ShouldHaveSingleItem();
        first.Stdout.ShouldStartWith(
            $"enrolled dan@hooli.example in 'outreach' (enrollment {enrollment.Id}) from {CliWorkspace.MailboxEmail}: step 1 due " +
            enrollment.DueAt!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        again.ExitCode.ShouldBe(0, again.ToString());
        using var json = JsonDocument.Parse(again.Stdout);
        json.RootElement.GetProperty("enrollmentId").GetInt64().ShouldBe(enrollment.Id);
        (await store.ListEnrollmentsAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Enroll_AgainWithoutFields_KeepsTheContactsFields()
    {
        await ArrangeAsync();
        (await _ws.NudgeAsync("enroll", "dan@hooli.example", "--sequence", "outreach", "--field", "first_name=Dan", "--field", "company=Hooli"))
            .ExitCode.ShouldBe(0);

        // A retry (or a second enrollment) that carries no fields must not erase those the running steps need.
        var again = await _ws.NudgeAsync("enroll", "dan@hooli.example", "--sequence", "outreach");

        again.ExitCode.ShouldBe(0, again.ToString());
        var store = await _ws.OpenStoreAsync();
        var contact = (await store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Dan", ["company"] = "Hooli" }, ignoreOrder: true);
    }

    [Fact]
    public async Task Enroll_SuppressedAddress_ExitsThreeWithTheReasonAndStoresNothing()
    {
        await ArrangeAsync();
        await _ws.AddSuppressionAsync("hooli.example", "left the company");

        var human = await _ws.NudgeAsync("enroll", "eve@hooli.example", "--sequence", "outreach");
        var json = await _ws.NudgeAsync("enroll", "eve@hooli.example", "--sequence", "outreach", "--json");

        human.ExitCode.ShouldBe(3, human.ToString());
        human.Stderr.Trim().ShouldBe("nudge enroll: eve@hooli.example: eve@hooli.example is on the suppression list (hooli.example: left the company)");
        json.ExitCode.ShouldBe(3, json.ToString());
        using var output = JsonDocument.Parse(json.Stdout);
        output.RootElement.GetProperty("enrolled").GetBoolean().ShouldBeFalse();
        output.RootElement.GetProperty("enrollmentId").ValueKind.ShouldBe(JsonValueKind.Null);
        output.RootElement.GetProperty("rejection").GetString().ShouldBe("eve@hooli.example is on the suppression list (hooli.example: left the company)");
        var store = await _ws.OpenStoreAsync();
        (await store.ListContactsAsync(Ct)).ShouldBeEmpty();
        (await store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("company")]
    [InlineData("=Hooli")]
    [InlineData(" =Hooli")]
    public async Task Enroll_MalformedField_ExitsTwoNamingIt(string field)
    {
        await ArrangeAsync();

        var result = await _ws.NudgeAsync("enroll", "dan@hooli.example", "--sequence", "outreach", "--field", field);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain($"--field '{field}': write name=value");
        var store = await _ws.OpenStoreAsync();
        (await store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("dan@hooli.example", "nosuch", "sequence: no sequence named 'nosuch' is loaded")]
    [InlineData("dan-at-hooli.example", "outreach", "email 'dan-at-hooli.example' is not a valid address")]
    public async Task Enroll_Refused_ExitsThreeWithTheReason(string email, string sequence, string reason)
    {
        await ArrangeAsync();

        var result = await _ws.NudgeAsync("enroll", email, "--sequence", sequence);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Stderr.ShouldContain(reason);
    }

    // ---------------------------------------------------------------- status

    [Fact]
    public async Task StatusJson_EnrollmentsInEveryState_ShowContactSequenceStepDueStateAndWhy()
    {
        var mailbox = await ArrangeAsync();
        var ids = await ImportAsync("ann@globex.example", "carl@initech.example", "dora@umbrella.example");
        var store = await _ws.OpenStoreAsync();
        await store.StopEnrollmentAsync(ids["dora@umbrella.example"], EnrollmentStatus.Replied, "replied to step 1", TimeProvider.System.GetUtcNow(), Ct);
        (await _ws.NudgeAsync("pause", "--contact", "ann@globex.example", "--reason", "on holiday")).ExitCode.ShouldBe(0);
        (await _ws.NudgeAsync("pause", "--enrollment", ids["carl@initech.example"].ToString(CultureInfo.InvariantCulture))).ExitCode.ShouldBe(0);

        var result = await _ws.NudgeAsync("status", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var lines = json.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("contact").GetString()!);
        lines.Keys.ShouldBe(ids.Keys, ignoreOrder: true);
        foreach (var (email, line) in lines)
        {
            var enrollment = (await store.GetEnrollmentAsync(ids[email], Ct))!;
            line.GetProperty("enrollment").GetInt64().ShouldBe(enrollment.Id);
            line.GetProperty("sequence").GetString().ShouldBe("outreach");
            line.GetProperty("mailbox").GetString().ShouldBe(mailbox.Email);
            line.GetProperty("steps").GetInt32().ShouldBe(2);
            line.GetProperty("threadId").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        State(lines["ann@globex.example"]).ShouldBe(("paused", "on holiday"));
        State(lines["carl@initech.example"]).ShouldBe(("paused", "paused by hand"));
        State(lines["dora@umbrella.example"]).ShouldBe(("replied", "replied to step 1"));
        foreach (var email in new[] { "ann@globex.example", "carl@initech.example" })
        {
            lines[email].GetProperty("step").GetInt32().ShouldBe(1);
            lines[email].GetProperty("nextDueAt").GetDateTimeOffset().ShouldBe((await store.GetEnrollmentAsync(ids[email], Ct))!.DueAt!.Value);
        }

        lines["dora@umbrella.example"].GetProperty("nextDueAt").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task StatusJson_SequenceOrMailboxPaused_ShowsPausedWithWhatWasPausedAndWhy()
    {
        await ArrangeAsync();
        await ImportAsync("ann@globex.example");

        (await _ws.NudgeAsync("pause", "--sequence", "outreach", "--reason", "rewriting the intro")).ExitCode.ShouldBe(0);
        var sequencePaused = await StatusOfAsync("ann@globex.example");
        (await _ws.NudgeAsync("resume", "--sequence", "outreach")).ExitCode.ShouldBe(0);
        (await _ws.NudgeAsync("pause", "--mailbox", CliWorkspace.MailboxEmail, "--reason", "warming up")).ExitCode.ShouldBe(0);
        var mailboxPaused = await StatusOfAsync("ann@globex.example");
        (await _ws.NudgeAsync("resume", "--mailbox", CliWorkspace.MailboxEmail)).ExitCode.ShouldBe(0);
        var resumed = await StatusOfAsync("ann@globex.example");

        sequencePaused.ShouldBe(("paused", "sequence paused: rewriting the intro"));
        mailboxPaused.ShouldBe(("paused", "mailbox paused: warming up"));
        resumed.ShouldBe(("active", null));
    }

    [Fact]
    public async Task Status_Human_ShowsATableAndTheCountsByState()
    {
        await ArrangeAsync();
        await ImportAsync("ann@globex.example", "carl@initech.example");
        (await _ws.NudgeAsync("pause", "--contact", "carl@initech.example")).ExitCode.ShouldBe(0);

        var result = await _ws.NudgeAsync("status");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("outreach");
        result.Stdout.ShouldContain("1/2");
        result.FlatStdout.ShouldEndWith("2 enrollments: 1 active, 1 paused");
    }

    [Fact]
    public async Task StatusJson_WithoutSequenceFiles_StillListsTheEnrollments()
    {
        await ArrangeAsync();
        await ImportAsync("ann@globex.example");
        Directory.Delete(_ws.Sequences, recursive: true);

        var result = await _ws.NudgeAsync("status", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var line = json.RootElement.EnumerateArray().ShouldHaveSingleItem();
        line.GetProperty("contact").GetString().ShouldBe("ann@globex.example");
        line.GetProperty("state").GetString().ShouldBe("active");
    }

    // ---------------------------------------------------------------- pause / resume

    [Theory]
    [InlineData("--contact", "ann@globex.example", "paused 1 enrollments of ann@globex.example", "on holiday")]
    [InlineData("--enrollment", "ID", "paused enrollment ID", "on holiday")]
    [InlineData("--sequence", "outreach", "paused sequence 'outreach'", "sequence paused: on holiday")]
    [InlineData("--mailbox", "SAM@acme.example", "paused mailbox sam@acme.example", "mailbox paused: on holiday")]
    public async Task PauseThenResume_EachKindOfTarget_PausesWithTheReasonAndResumes(string option, string value, string said, string why)
    {
        await ArrangeAsync();
        var id = (await ImportAsync("ann@globex.example"))["ann@globex.example"].ToString(CultureInfo.InvariantCulture);
        value = value.Replace("ID", id, StringComparison.Ordinal);

        var paused = await _ws.NudgeAsync("pause", option, value, "--reason", "on holiday");
        var whilePaused = await StatusOfAsync("ann@globex.example");
        var resumed = await _ws.NudgeAsync("resume", option, value);
        var afterwards = await StatusOfAsync("ann@globex.example");

        paused.ExitCode.ShouldBe(0, paused.ToString());
        paused.Stdout.Trim().ShouldBe(said.Replace("ID", id, StringComparison.Ordinal));
        whilePaused.ShouldBe(("paused", why));
        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stdout.Trim().ShouldStartWith("resumed ");
        afterwards.ShouldBe(("active", null));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("pause", "--contact", "ann@globex.example", "--sequence", "outreach")]
    [InlineData("pause", "--mailbox", "sam@acme.example", "--enrollment", "1")]
    [InlineData("resume")]
    [InlineData("resume", "--contact", "ann@globex.example", "--enrollment", "1", "--sequence", "outreach")]
    public async Task PauseOrResume_NotExactlyOneTarget_ExitsTwo(params string[] args)
    {
        var result = await _ws.NudgeAsync(args);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain($"nudge {args[0]}: give exactly one of --contact, --sequence, --mailbox or --enrollment");
    }

    [Theory]
    [InlineData("pause", "--contact", "nobody@globex.example")]
    [InlineData("pause", "--enrollment", "999")]
    [InlineData("pause", "--enrollment", "ENDED")]
    [InlineData("pause", "--mailbox", "nobody@acme.example")]
    [InlineData("resume", "--contact", "ann@globex.example")]
    [InlineData("resume", "--enrollment", "ANN")]
    [InlineData("resume", "--sequence", "outreach")]
    [InlineData("resume", "--mailbox", "sam@acme.example")]
    public async Task PauseOrResume_NothingMatched_ExitsOne(params string[] args)
    {
        await ArrangeAsync();
        var ids = await ImportAsync("ann@globex.example", "dora@umbrella.example");
        var store = await _ws.OpenStoreAsync();
        await store.StopEnrollmentAsync(ids["dora@umbrella.example"], EnrollmentStatus.Completed, "done", TimeProvider.System.GetUtcNow(), Ct);
        args = [.. args.Select(a => a switch
        {
            "ENDED" => ids["dora@umbrella.example"].ToString(CultureInfo.InvariantCulture),
            "ANN" => ids["ann@globex.example"].ToString(CultureInfo.InvariantCulture),
            _ => a,
        })];

        var result = await _ws.NudgeAsync(args);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain($"nothing to {args[0]}");
        (await StatusOfAsync("ann@globex.example")).ShouldBe(("active", null), "nothing was changed");
    }

    [Fact]
    public async Task Pause_SequenceNobodyKnows_ExitsOneInsteadOfPausingNothing()
    {
        await ArrangeAsync();
        await ImportAsync("ann@globex.example");

        // A typo must not look like success: 'outraech' names no sequence file and no enrollment, and outreach keeps sending.
        var result = await _ws.NudgeAsync("pause", "--sequence", "outraech");

        result.ExitCode.ShouldBe(1, result.ToString());
    }

    // ---------------------------------------------------------------- suppress

    [Fact]
    public async Task Suppress_AddListRemoveAnAddress_RoundTrips()
    {
        var added = await _ws.NudgeAsync("suppress", "add", "Ann@Globex.example", "--reason", "asked us to stop");
        var addedAgain = await _ws.NudgeAsync("suppress", "add", "ann@globex.example");
        var listed = await _ws.NudgeAsync("suppress", "list");
        var removed = await _ws.NudgeAsync("suppress", "remove", "ANN@globex.example");
        var removedAgain = await _ws.NudgeAsync("suppress", "remove", "ann@globex.example");
        var listedAfter = await _ws.NudgeAsync("suppress", "list");

        added.ExitCode.ShouldBe(0, added.ToString());
        added.Stdout.Trim().ShouldBe("suppressed: ann@globex.example (address)");
        addedAgain.ExitCode.ShouldBe(0, addedAgain.ToString());
        addedAgain.Stdout.Trim().ShouldBe("already suppressed: ann@globex.example (address)");
        listed.ExitCode.ShouldBe(0, listed.ToString());
        Regex.IsMatch(listed.Stdout, @"│\s*ann@globex\.example\s*│\s*address\s*│\s*asked us to stop\s*│").ShouldBeTrue(listed.Stdout);
        removed.ExitCode.ShouldBe(0, removed.ToString());
        removed.Stdout.Trim().ShouldBe("removed: ANN@globex.example");
        removedAgain.ExitCode.ShouldBe(1, removedAgain.ToString());
        removedAgain.Stdout.Trim().ShouldBe("not on the list: ann@globex.example");
        listedAfter.Stdout.ShouldNotContain("ann@globex.example");
    }

    [Fact]
    public async Task Suppress_Domain_BlocksEveryAddressOfItUntilRemoved()
    {
        await ArrangeAsync();

        var added = await _ws.NudgeAsync("suppress", "add", "Hooli.example", "ann@globex.example");
        var refused = await _ws.NudgeAsync("enroll", "eve@mail.hooli.example", "--sequence", "outreach");
        var removed = await _ws.NudgeAsync("suppress", "remove", "hooli.example");
        var enrolled = await _ws.NudgeAsync("enroll", "eve@mail.hooli.example", "--sequence", "outreach");

        added.ExitCode.ShouldBe(0, added.ToString());
        added.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ShouldBe(["suppressed: hooli.example (domain)", "suppressed: ann@globex.example (address)"]);
        refused.ExitCode.ShouldBe(3, refused.ToString());
        refused.Stderr.ShouldContain("is on the suppression list (hooli.example: added by hand)");
        removed.ExitCode.ShouldBe(0, removed.ToString());
        enrolled.ExitCode.ShouldBe(0, enrolled.ToString());
    }

    [Fact]
    public async Task Suppress_AtDomain_IsADomainAsTheHelpSays()
    {
        // `nudge suppress add --help`: "ann@example.com, or example.com / @example.com for a whole domain".
        var added = await _ws.NudgeAsync("suppress", "add", "@initech.example");
        var removed = await _ws.NudgeAsync("suppress", "remove", "@initech.example");

        added.ExitCode.ShouldBe(0, added.ToString());
        added.Stdout.Trim().ShouldBe("suppressed: initech.example (domain)");
        removed.ExitCode.ShouldBe(0, removed.ToString());
        removed.Stdout.Trim().ShouldBe("removed: @initech.example");
    }

    [Theory]
    [InlineData("not valid")]
    [InlineData("a@b@c.example")]
    [InlineData("ann@")]
    [InlineData("localhost")]
    [InlineData("@")]
    public async Task SuppressAdd_InvalidValue_ExitsTwoAndAddsNothing(string value)
    {
        var result = await _ws.NudgeAsync("suppress", "add", "ok@globex.example", value);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.Trim().ShouldBe($"nudge suppress add: '{value}' is not an email address or a domain");
        var store = await _ws.OpenStoreAsync();
        (await store.ListSuppressionsAsync(Ct)).ShouldBeEmpty("the valid value before the bad one is not added either");
    }

    // ---------------------------------------------------------------- option errors

    [Theory]
    [InlineData("run", "--poll", "5x")]
    [InlineData("run", "--max-time", "soon")]
    [InlineData("enroll", "dan@hooli.example")]
    [InlineData("pause", "--enrollment", "abc")]
    public async Task InvalidOptionValue_ExitsTwoAsTheCommandsDocument(params string[] args)
    {
        await ArrangeAsync();

        // RunCommand, EnrollCommand and PauseCommand all document "2 invalid options"; mailbox and plan keep to it.
        var result = await _ws.NudgeAsync(args);

        result.Stderr.ShouldNotBeNullOrWhiteSpace();
        result.ExitCode.ShouldBe(2, result.ToString());
    }

    public ValueTask DisposeAsync() => _ws.DisposeAsync();

    private static string RefusedRow(CliResult result, int line)
    {
        var row = result.Stdout.Split('\n').Where(l => Regex.IsMatch(l, $@"^\s*│\s*{line}\s*│")).ToList();
        return row.Count == 1 ? row[0] : throw new ShouldAssertException($"expected one table row for line {line}:\n{result}");
    }

    private static (string? State, string? Why) State(JsonElement line) =>
        (line.GetProperty("state").GetString(), line.GetProperty("why").GetString());

    /// <summary>A mailbox and the 2-step <c>outreach</c> sequence.</summary>
    private async Task<Mailbox> ArrangeAsync()
    {
        await _ws.WriteOutreachAsync();
        return await _ws.AddMailboxAsync();
    }

    /// <summary>Imports the contacts into <c>outreach</c> through the CLI; returns each one's enrollment id.</summary>
    private async Task<Dictionary<string, long>> ImportAsync(params string[] emails)
    {
        var csv = await _ws.WriteFileAsync($"import-{Guid.NewGuid():N}.csv", "email,company\n" + string.Concat(emails.Select(e => e + ",Acme\n")));
        var result = await _ws.NudgeAsync("import", csv, "--sequence", "outreach");
        result.ExitCode.ShouldBe(0, result.ToString());
        var store = await _ws.OpenStoreAsync();
        var contacts = (await store.ListContactsAsync(Ct)).ToDictionary(c => c.Id, c => c.Email);
        return (await store.ListEnrollmentsAsync(Ct)).ToDictionary(e => contacts[e.ContactId], e => e.Id);
    }

    private async Task<(string? State, string? Why)> StatusOfAsync(string email)
    {
        var result = await _ws.NudgeAsync("status", "--json", "--contact", email);
        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return State(json.RootElement.EnumerateArray().ShouldHaveSingleItem());
    }
}
