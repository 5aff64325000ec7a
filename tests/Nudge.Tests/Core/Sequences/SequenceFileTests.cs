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

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<SequenceDefinition> Load(string yaml)
    {
        var path = Path.Combine(_dir, "sequence.yaml");
        await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);
        return await SequenceFile.LoadAsync(path, TestContext.Current.CancellationToken);
    }
}
