namespace Nudge.IntegrationTests.Support;

/// <summary>
/// The tests that drive pages in <see cref="Chromium"/>: one browser process serves them all, and they run one at a
/// time, each in its own browser context. A test class joins with <c>[Collection(ChromiumCollection.Name)]</c> and takes
/// the <see cref="Chromium"/> in its constructor.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Headless Chromium";
}
