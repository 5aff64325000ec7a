using System.CommandLine;
using Nudge.Cli.Commands;

var root = new RootCommand("Nudge: templated replies and follow-up sequences from your own Gmail")
{
    DemoCommand.Create(),
    SandboxCommand.Create(),
    MailboxCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
