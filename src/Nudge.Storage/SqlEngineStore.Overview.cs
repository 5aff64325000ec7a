using Dapper;

namespace Nudge.Storage;

// The dashboard overview's funnels (issue 7).
public abstract partial class SqlEngineStore
{
    public async Task<IReadOnlyList<(string SequenceName, int Step, int Sends)>> CountSendsByStepAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<StepSendsRow>(Command("CountSendsByStep", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => (r.SequenceName, checked((int)r.Step), checked((int)r.Sends)))];
    }
}
