using System.Globalization;
using Events.Shared.ReferenceData;

namespace Events.Shared.CoSponsors;

public enum SponsorKind { State, UnEntity, Organisation }

/// <summary>
/// A confirmed co-sponsor with what the public display and the eligibility rules need. For a State, the regional and
/// electoral groups come from the reference data and <see cref="IsMemberState"/> is false for observer States.
/// </summary>
public sealed record ConfirmedCoSponsor(
    string DisplayName,
    SponsorKind Kind,
    RegionalGroup? RegionalGroup = null,
    RegionalGroup? ElectoralGroup = null,
    bool IsMemberState = false)
{
    public static ConfirmedCoSponsor ForState(State state, string? displayName = null) =>
        new(displayName ?? state.Name, SponsorKind.State, state.RegionalGroup, state.ElectoralGroup, state.Status == StateStatus.Member);

    /// <summary>The group this co-sponsor counts in for grouping and the cross-regional rule; null for all but States.</summary>
    public RegionalGroup? CountingGroup => Kind == SponsorKind.State ? CoSponsorGrouping.CountingGroup(RegionalGroup, ElectoralGroup) : null;
}

/// <summary>The States of one regional group among an event's confirmed co-sponsors.</summary>
public sealed record RegionalGroupSponsors(RegionalGroup Group, IReadOnlyList<string> States)
{
    public int Count => States.Count;
    public string DisplayName => RegionalGroups.DisplayName(Group);
}

/// <summary>What the public event page shows about its confirmed co-sponsors.</summary>
public sealed record CoSponsorDisplay(
    // Non-empty groups only, in the order of RegionalGroups.All.
    IReadOnlyList<RegionalGroupSponsors> Groups,
    // States that count in no regional group (Kiribati, the Holy See): listed, but they add no group.
    IReadOnlyList<string> StatesWithoutGroup,
    IReadOnlyList<string> UnEntities,
    IReadOnlyList<string> Organisations,
    int CrossRegionalThreshold)
{
    public int StateCount => Groups.Sum(g => g.Count) + StatesWithoutGroup.Count;
    public int DistinctGroupCount => Groups.Count;
    public bool IsCrossRegional => DistinctGroupCount >= CrossRegionalThreshold;
    public bool IsEmpty => StateCount == 0 && UnEntities.Count == 0 && Organisations.Count == 0;

    public static CoSponsorDisplay Empty(int threshold) => new([], [], [], [], threshold);
}

/// <summary>
/// How confirmed co-sponsors are grouped by UN regional group, and when an event has "cross-regional backing".
/// <list type="bullet">
/// <item>A State counts in its regional group; a State in no regional group counts in its electoral group. So the United
/// States (no group, observer in WEOG and counted there for elections) counts in WEOG, and Türkiye (WEOG, also taking part
/// in Asia-Pacific) counts once, in WEOG.</item>
/// <item>A State with neither (Kiribati, the Holy See) is listed apart and adds no group. The State of Palestine, a member
/// of the Asia-Pacific Group, counts there.</item>
/// <item>The backing is cross-regional when the confirmed States come from at least the convening's threshold of distinct
/// groups (default 3). UN entities and organisations are listed but add no group.</item>
/// </list>
/// </summary>
public static class CoSponsorGrouping
{
    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: true);

    public static RegionalGroup? CountingGroup(RegionalGroup? regionalGroup, RegionalGroup? electoralGroup) => regionalGroup ?? electoralGroup;

    public static RegionalGroup? CountingGroup(State state) => CountingGroup(state.RegionalGroup, state.ElectoralGroup);

    public static CoSponsorDisplay Group(IEnumerable<ConfirmedCoSponsor> confirmed, int crossRegionalThreshold)
    {
        var sponsors = confirmed.ToList();
        var states = sponsors.Where(s => s.Kind == SponsorKind.State).ToList();
        var groups = RegionalGroups.All
            .Select(g => new RegionalGroupSponsors(g, Names(states.Where(s => s.CountingGroup == g))))
            .Where(g => g.Count > 0)
            .ToList();
        return new CoSponsorDisplay(
            groups,
            Names(states.Where(s => s.CountingGroup is null)),
            Names(sponsors.Where(s => s.Kind == SponsorKind.UnEntity)),
            Names(sponsors.Where(s => s.Kind == SponsorKind.Organisation)),
            crossRegionalThreshold);
    }

    public static bool IsCrossRegional(IEnumerable<ConfirmedCoSponsor> confirmed, int crossRegionalThreshold) =>
        DistinctGroups(confirmed) >= crossRegionalThreshold;

    public static int DistinctGroups(IEnumerable<ConfirmedCoSponsor> confirmed) =>
        confirmed.Select(s => s.CountingGroup).Where(g => g is not null).Distinct().Count();

    private static IReadOnlyList<string> Names(IEnumerable<ConfirmedCoSponsor> sponsors) =>
        sponsors.Select(s => s.DisplayName).Order(NameOrder).ToList();
}
