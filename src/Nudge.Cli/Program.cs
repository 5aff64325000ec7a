using System.CommandLine;
using Nudge.Cli.Commands;

var root = new RootCommand("Nudge: templated replies and follow-up sequences from your own Gmail")
{
    DemoCommand.Create(),
    SandboxCommand.Create(),
    MailboxCommand.Create(),
    RunCommand.Create(),
    ServeCommand.Create(),
    PlanCommand.Create(),
    ImportCommand.Create(),
    EnrollCommand.Create(),
    StatusCommand.Create(),
    SequenceCommand.Create(),
    PauseCommand.Create(pause: true),
    PauseCommand.Create(pause: false),
    SuppressCommand.Create(),
    ClassifyCommand.Create(),
};
// '@' starts a domain in `nudge suppress add @example.com`, not a response file.
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    // Every command documents 2 for invalid options; System.CommandLine's default is 1.
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message);
    }

    return 2;
}

return await parse.InvokeAsync();
