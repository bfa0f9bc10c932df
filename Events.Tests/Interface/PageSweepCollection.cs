namespace Events.Tests.Interface;

/// <summary>
/// The whole-site page sweep opens every page at two widths in a browser of its own (86 pages, axe on each). Beside the
/// browser journeys it starved them of the two cores (a journey's select change waited past its 30 s), so it runs
/// alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PageSweepCollection
{
    public const string Name = "Page sweep";
}
