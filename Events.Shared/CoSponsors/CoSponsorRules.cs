using System.ComponentModel.DataAnnotations;

namespace Events.Shared.CoSponsors;

/// <summary>
/// A convening's eligibility rules for its events' co-sponsors; 0 means "no rule". An event that does not meet them
/// cannot have its co-sponsor list marked final.
/// </summary>
public sealed record CoSponsorRules(int MinMemberStatesOrUnEntities, int MinRegionalGroups)
{
    public static CoSponsorRules None { get; } = new(0, 0);

    public bool Any => MinMemberStatesOrUnEntities > 0 || MinRegionalGroups > 0;

    /// <summary>The rules in words, e.g. "at least 1 Member State or UN entity".</summary>
    public IReadOnlyList<string> Describe()
    {
        var rules = new List<string>();
        if (MinMemberStatesOrUnEntities > 0)
            rules.Add($"at least {MinMemberStatesOrUnEntities} {(MinMemberStatesOrUnEntities == 1 ? "Member State or UN entity" : "Member States or UN entities")} among the confirmed co-sponsors");
        if (MinRegionalGroups > 0)
            rules.Add($"confirmed co-sponsoring States from at least {MinRegionalGroups} UN regional {(MinRegionalGroups == 1 ? "group" : "groups")}");
        return rules;
    }
}

/// <summary>Whether an event's confirmed co-sponsors meet its convening's rules, and what is missing when not.</summary>
public sealed record Eligibility(bool IsMet, IReadOnlyList<string> Missing, int MemberStatesOrUnEntities, int RegionalGroups);

public static class CoSponsorEligibility
{
    /// <summary>
    /// Member States (not observer States) and UN entities count towards the first rule; the regional groups are counted
    /// as for the cross-regional mark (<see cref="CoSponsorGrouping"/>).
    /// </summary>
    public static Eligibility Evaluate(CoSponsorRules rules, IEnumerable<ConfirmedCoSponsor> confirmed)
    {
        var sponsors = confirmed.ToList();
        var memberStatesOrEntities = sponsors.Count(s => s.Kind == SponsorKind.UnEntity || (s.Kind == SponsorKind.State && s.IsMemberState));
        var groups = CoSponsorGrouping.DistinctGroups(sponsors);
        var missing = new List<string>();
        if (memberStatesOrEntities < rules.MinMemberStatesOrUnEntities)
            missing.Add($"It needs at least {rules.MinMemberStatesOrUnEntities} confirmed {(rules.MinMemberStatesOrUnEntities == 1 ? "Member State or UN entity" : "Member States or UN entities")} and has {memberStatesOrEntities}.");
        if (groups < rules.MinRegionalGroups)
            missing.Add($"It needs confirmed States from at least {rules.MinRegionalGroups} regional {(rules.MinRegionalGroups == 1 ? "group" : "groups")} and has {groups}.");
        return new Eligibility(missing.Count == 0, missing, memberStatesOrEntities, groups);
    }
}

/// <summary>The organiser's form for a convening's rules.</summary>
public sealed class CoSponsorRulesForm
{
    [Range(0, 50, ErrorMessage = "The minimum number of Member States or UN entities must be between {1} and {2}.")]
    public int MinMemberStatesOrUnEntities { get; set; }

    [Range(0, 5, ErrorMessage = "The minimum number of regional groups must be between {1} and {2}.")]
    public int MinRegionalGroups { get; set; }
}
