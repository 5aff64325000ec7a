namespace Nudge.IntegrationTests.Support;

/// <summary>
/// The tests that run whole campaigns with real <c>nudge run</c> processes (<see cref="Campaign"/>). They run one at a
/// time and apart from the other tests: each keeps the machine's cores busy for a minute or more, and what they check
/// (leases, hand-overs, deadlines) depends on the workers getting CPU time when they ask for it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CampaignCollection
{
    public const string Name = "Campaigns with nudge run processes";
}
