using Nudge.Core.Sequences;

namespace Nudge.Tests.Core.Sequences;

public sealed class SequenceFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nudge-seq-").FullName;

    public SequenceFileTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "templates"));
        File.WriteAllText(Path.Combine(_dir, "templates", "intro.liquid"), "---\nsubject: Hi {{ company }}\n---\nHello\n");
        File.WriteAllText(Path.Combine(_dir, "templates", "bump.liquid"), "Bumping this.\n");
    }

    [Fact]
    public async Task LoadAsync_ValidFile_ReadsStepsWaitsAndThreadModes()
    {
        var sequence = await Load("name: outreach\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 3 days\n" +
                                  "  - template: intro\n    wait: 12h\n    thread: new\n");

        sequence.Name.ShouldBe("outreach");
        sequence.Steps.Select(s => (s.Number, s.Template.Name, s.Wait, s.Thread)).ShouldBe([
            (1, "intro", TimeSpan.Zero, ThreadMode.Reply),
            (2, "bump", TimeSpan.FromDays(3), ThreadMode.Reply),
            (3, "intro", TimeSpan.FromHours(12), ThreadMode.New),
        ]);
    }

    [Theory]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: soon\n", "sequence.yaml: line 4: steps[1].wait 'soon' is not a wait")]
    [InlineData("name: x\nsteps:\n  - template: nope\n    wait: 0\n", "sequence.yaml: line 3: steps[1].template no template 'nope'")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wiat: 0\n", "sequence.yaml: line 4: steps[1].wiat is not a known field")]
    [InlineData("steps:\n  - template: intro\n    wait: 0\n", "sequence.yaml: line 1: name is required")]
    [InlineData("name: x\nsteps:\n  - template: bump\n    wait: 0\n", "sequence.yaml: line 3: steps[1].template template 'bump' starts a thread")]
    [InlineData("name: x\nsteps: [\n", "sequence.yaml: line ")]
    public async Task LoadAsync_InvalidFile_NamesFileLineAndField(string yaml, string expectedStart)
    {
        var ex = await Should.ThrowAsync<SequenceFileException>(() => Load(yaml));

        ex.Message.ShouldStartWith(expectedStart);
    }

    [Fact]
    public async Task LoadDirectoryAsync_YamlAndYmlFiles_LoadsEachInFileNameOrder()
    {
        await Write("b.yml", "name: second\nsteps:\n  - template: intro\n    wait: 0\n");
        await Write("a.yaml", "name: first\nsteps:\n  - template: intro\n    wait: 0\n");
        await Write("notes.txt", "not a sequence");

        var sequences = await SequenceFile.LoadDirectoryAsync(_dir, TestContext.Current.CancellationToken);

        sequences.Select(s => s.Name).ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task LoadDirectoryAsync_DuplicateNames_NamesBothFiles()
    {
        await Write("a.yaml", "name: same\nsteps:\n  - template: intro\n    wait: 0\n");
        await Write("b.yml", "steps:\n  - template: intro\n    wait: 0\nname: same\n");

        var ex = await Should.ThrowAsync<SequenceFileException>(() => SequenceFile.LoadDirectoryAsync(_dir, TestContext.Current.CancellationToken));

        ex.Message.ShouldStartWith("b.yml: line 4: name 'same' is already the name of the sequence in a.yaml");
    }

    [Fact]
    public async Task LoadDirectoryAsync_MissingFolder_Throws()
    {
        var missing = Path.Combine(_dir, "nope");

        var ex = await Should.ThrowAsync<SequenceFileException>(() => SequenceFile.LoadDirectoryAsync(missing, TestContext.Current.CancellationToken));

        ex.Message.ShouldContain(missing);
    }

    [Fact]
    public async Task ParseAsync_TemplatesFolder_LoadsTemplatesFromIt()
    {
        var sequence = await SequenceFile.ParseAsync("name: x\nsteps:\n  - template: intro\n    wait: 2 business days\n", "inline.yaml",
            Path.Combine(_dir, "templates"), TestContext.Current.CancellationToken);

        sequence.Steps[0].Template.Name.ShouldBe("intro");
    }

    [Fact]
    public async Task LoadAsync_BrokenTemplate_NamesSequenceFileLineAndField()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "templates", "broken.liquid"), "---\nsubject: Hi\n---\n{% if %}\n",
            TestContext.Current.CancellationToken);

        var ex = await Should.ThrowAsync<SequenceFileException>(() => Load("name: x\nsteps:\n  - template: broken\n    wait: 0\n"));

        ex.Message.ShouldStartWith("sequence.yaml: line 3: steps[1].template broken.liquid:");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task Write(string fileName, string text) =>
        File.WriteAllTextAsync(Path.Combine(_dir, fileName), text, TestContext.Current.CancellationToken);

    private async Task<SequenceDefinition> Load(string yaml)
    {
        var path = Path.Combine(_dir, "sequence.yaml");
        await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);
        return await SequenceFile.LoadAsync(path, TestContext.Current.CancellationToken);
    }
}
