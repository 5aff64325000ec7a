using System.Text.Json;
using Nudge.Cli.Demo;

namespace Nudge.IntegrationTests.Cli;

public class DemoTests
{
    [Fact]
    public async Task RunAsync_BundledCampaign_RepliedLeadStopsAndOthersComplete()
    {
        var dir = Directory.CreateTempSubdirectory("nudge-demo-test-").FullName;
        try
        {
            var report = await DemoRunner.RunAsync(new DemoOptions { Directory = dir }, TestContext.Current.CancellationToken);

            report.Leads.Count.ShouldBe(5);
            var chloe = report.Leads.Single(l => l.Email == "chloe.dubois@example.fr");
            chloe.Name.ShouldBe("Chloé Dubois");
            chloe.Status.ShouldBe("replied");
            chloe.StepsSent.ShouldBe(1);
            report.Leads.Where(l => l != chloe).ShouldAllBe(l => l.Status == "completed" && l.StepsSent == 3);
            report.Leads.Select(l => l.ThreadId).Distinct().Count().ShouldBe(5);
            report.MessagesSent.ShouldBe(13);
            report.SimulatedDays.ShouldBe(7);
            report.Database.ShouldBe(Path.Combine(dir, "nudge.db"));
            File.Exists(report.Database).ShouldBeTrue();

            using var output = new StringWriter();
            DemoOutput.WriteJson(output, report);
            using var json = JsonDocument.Parse(output.ToString());
            json.RootElement.GetProperty("totals").GetProperty("messagesSent").GetInt32().ShouldBe(13);
            json.RootElement.GetProperty("totals").GetProperty("replied").GetInt32().ShouldBe(1);
            json.RootElement.GetProperty("report").GetProperty("leads").GetArrayLength().ShouldBe(5);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
