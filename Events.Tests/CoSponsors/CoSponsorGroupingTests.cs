using Microsoft.Extensions.DependencyInjection;
using Events.Server.ReferenceData;
using Events.Shared.CoSponsors;
using Events.Shared.ReferenceData;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.CoSponsors;

/// <summary>
/// The grouping by UN regional group and the cross-regional rule: as pure code, with the real reference data from the
/// migrations, and through the public query on confirmed invitations.
/// </summary>
public sealed class CoSponsorGroupingTests
{
    private static ConfirmedCoSponsor State(string name, RegionalGroup? group, RegionalGroup? electoral = null, bool member = true) =>
        new(name, SponsorKind.State, group, electoral ?? group, member);

    [Fact]
    public void States_are_grouped_by_regional_group_and_counted_and_others_are_listed_apart()
    {
        var display = CoSponsorGrouping.Group([
            State("Kenya", RegionalGroup.African),
            State("ghana", RegionalGroup.African),
            State("Chile", RegionalGroup.LatinAmericanCaribbean),
            State("Kiribati", null),
            new("UN Women", SponsorKind.UnEntity),
            new("Equality Now", SponsorKind.Organisation),
        ], crossRegionalThreshold: 3);

        Assert.Equal([RegionalGroup.African, RegionalGroup.LatinAmericanCaribbean], display.Groups.Select(g => g.Group));
        Assert.Equal(["ghana", "Kenya"], display.Groups[0].States);
        Assert.Equal(2, display.Groups[0].Count);
        Assert.Equal(["Kiribati"], display.StatesWithoutGroup);
        Assert.Equal(["UN Women"], display.UnEntities);
        Assert.Equal(["Equality Now"], display.Organisations);
        Assert.Equal(4, display.StateCount);
        Assert.Equal(2, display.DistinctGroupCount);
        Assert.False(display.IsCrossRegional);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    public void Backing_is_cross_regional_from_the_convening_s_threshold_of_distinct_groups(int threshold, bool expected)
    {
        ConfirmedCoSponsor[] sponsors = [
            State("Kenya", RegionalGroup.African), State("Nigeria", RegionalGroup.African), State("Brazil", RegionalGroup.LatinAmericanCaribbean),
            State("Sweden", RegionalGroup.WesternEuropeanOther), State("Kiribati", null), new("UNDP", SponsorKind.UnEntity),
        ];
        Assert.Equal(expected, CoSponsorGrouping.Group(sponsors, threshold).IsCrossRegional);
        Assert.Equal(expected, CoSponsorGrouping.IsCrossRegional(sponsors, threshold));
    }

    [Fact]
    public void Without_states_there_is_no_group_and_no_mark()
    {
        var display = CoSponsorGrouping.Group([new("UNICEF", SponsorKind.UnEntity), new("WHO", SponsorKind.UnEntity)], 1);
        Assert.Empty(display.Groups);
        Assert.False(display.IsCrossRegional);
        Assert.False(display.IsEmpty);
        Assert.True(CoSponsorGrouping.Group([], 3).IsEmpty);
    }

    [Fact]
    public void Eligibility_counts_member_States_and_UN_entities_but_not_observer_States_or_organisations()
    {
        var rules = new CoSponsorRules(MinMemberStatesOrUnEntities: 1, MinRegionalGroups: 0);
        var observerAndNgo = CoSponsorEligibility.Evaluate(rules, [State("Holy See", null, member: false), new("Equality Now", SponsorKind.Organisation)]);
        Assert.False(observerAndNgo.IsMet);
        Assert.Equal(0, observerAndNgo.MemberStatesOrUnEntities);
        Assert.Contains("at least 1 confirmed Member State or UN entity and has 0", Assert.Single(observerAndNgo.Missing));

        Assert.True(CoSponsorEligibility.Evaluate(rules, [new("UNFPA", SponsorKind.UnEntity)]).IsMet);
        Assert.True(CoSponsorEligibility.Evaluate(rules, [State("Fiji", RegionalGroup.AsiaPacific)]).IsMet);
        Assert.True(CoSponsorEligibility.Evaluate(CoSponsorRules.None, []).IsMet);

        var groups = CoSponsorEligibility.Evaluate(new CoSponsorRules(0, 2), [State("Fiji", RegionalGroup.AsiaPacific), State("Kiribati", null)]);
        Assert.False(groups.IsMet);
        Assert.Equal(1, groups.RegionalGroups);
    }

    [Fact]
    public async Task With_the_real_reference_data_the_United_States_counts_in_WEOG_and_Kiribati_and_the_Holy_See_in_no_group()
    {
        var data = await TestData.CreateAsync();
        var states = (await data.Services.GetRequiredService<IReferenceData>().StatesAsync()).ToDictionary(s => s.Iso3);
        RegionalGroup? Counting(string iso3) => CoSponsorGrouping.CountingGroup(states[iso3]);

        Assert.Equal(RegionalGroup.WesternEuropeanOther, Counting("USA"));
        Assert.Equal(RegionalGroup.WesternEuropeanOther, Counting("TUR")); // also in Asia-Pacific, counted once, in WEOG
        Assert.Equal(RegionalGroup.AsiaPacific, Counting("PSE"));
        Assert.Null(Counting("KIR"));
        Assert.Null(Counting("VAT"));
        // Every other State counts in exactly the group it belongs to.
        Assert.Equal(["KIR", "VAT"], states.Values.Where(s => Counting(s.Iso3) is null).Select(s => s.Iso3).Order());
        Assert.All(states.Values.Where(s => s.RegionalGroup is not null), s => Assert.Equal(s.RegionalGroup, Counting(s.Iso3)));
        Assert.Equal(29, states.Values.Count(s => Counting(s.Iso3) == RegionalGroup.WesternEuropeanOther)); // 28 members + the United States

        var usaFranceTurkey = new[] { "USA", "FRA", "TUR", "KIR" }.Select(i => ConfirmedCoSponsor.ForState(states[i])).ToList();
        var display = CoSponsorGrouping.Group(usaFranceTurkey, 3);
        var weog = Assert.Single(display.Groups);
        Assert.Equal(3, weog.Count);
        Assert.Equal(["France", "Türkiye", "United States of America"], weog.States);
        Assert.Equal(["Kiribati"], display.StatesWithoutGroup);
        Assert.False(display.IsCrossRegional);

        var withAfricaAndLatinAmerica = usaFranceTurkey.Append(ConfirmedCoSponsor.ForState(states["KEN"])).Append(ConfirmedCoSponsor.ForState(states["BRA"])).ToList();
        Assert.True(CoSponsorGrouping.Group(withAfricaAndLatinAmerica, 3).IsCrossRegional);
        Assert.False(CoSponsorGrouping.Group(withAfricaAndLatinAmerica, 4).IsCrossRegional);
    }

    [Fact]
    public async Task The_public_display_groups_confirmed_invitations_only_and_marks_cross_regional_backing()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (_, usa) = await kit.InviteStateAsync("USA");
        var (_, kiribati) = await kit.InviteStateAsync("KIR");
        var (_, kenya) = await kit.InviteStateAsync("KEN");
        var (_, brazil) = await kit.InviteStateAsync("BRA");
        var (_, japan) = await kit.InviteStateAsync("JPN");
        var (_, unWomen) = await kit.InviteEntityAsync("UN-WOMEN");
        await kit.ConfirmAsync(usa, "United States");
        await kit.ConfirmAsync(kiribati, "Kiribati");
        await kit.ConfirmAsync(kenya, "Republic of Kenya");
        await kit.ConfirmAsync(unWomen, "UN Women");
        Assert.True((await kit.Links.DeclineAsync(brazil, new DeclineForm { Reason = "Not this year" })).Succeeded);
        await kit.Links.OpenAsync(japan); // opened, not answered

        var display = (await kit.Display.ForEventAsync(kit.EventId))!;
        Assert.Equal([RegionalGroup.African, RegionalGroup.WesternEuropeanOther], display.Groups.Select(g => g.Group));
        Assert.Equal(["Republic of Kenya"], display.Groups[0].States);
        Assert.Equal(["United States"], display.Groups[1].States);
        Assert.Equal(["Kiribati"], display.StatesWithoutGroup);
        Assert.Equal(["UN Women"], display.UnEntities);
        Assert.False(display.IsCrossRegional);
        Assert.Empty(await kit.Display.CrossRegionalEventsAsync(await ConveningIdAsync(kit)));

        // Brazil changes its mind: three groups.
        await kit.ConfirmAsync(brazil, "Brazil");
        var cross = kit.NewDisplay();
        Assert.True((await cross.ForEventAsync(kit.EventId))!.IsCrossRegional);
        Assert.Equal([kit.EventId], await cross.CrossRegionalEventsAsync(await ConveningIdAsync(kit)));

        // A threshold of 4 takes the mark away again.
        await kit.UpdateConveningAsync(s => s.SetProperty(c => c.CrossRegionalThreshold, 4));
        Assert.False((await cross.ForEventAsync(kit.EventId))!.IsCrossRegional);
    }

    [Fact]
    public async Task Events_that_are_not_public_have_no_public_co_sponsors()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var accepted = await kit.Data.AddAcceptedEventAsync(kit.Slug, kit.Organiser, kit.Organiser, "Accepted, not scheduled");
        var (_, token) = await kit.InviteStateAsync("KEN", accepted);
        await kit.ConfirmAsync(token, "Kenya");
        Assert.Null(await kit.Display.ForEventAsync(accepted));

        var (_, onScheduled) = await kit.InviteStateAsync("KEN");
        await kit.ConfirmAsync(onScheduled, "Kenya");
        Assert.NotNull(await kit.Display.ForEventAsync(kit.EventId));
        await kit.UpdateConveningAsync(s => s.SetProperty(c => c.Visibility, "invitation"));
        Assert.Null(await kit.NewDisplay().ForEventAsync(kit.EventId));
    }

    private static async Task<Guid> ConveningIdAsync(CoSponsorKit kit)
    {
        await using var db = await kit.Data.Db.CreateDbContextAsync();
        return await db.Convenings.Where(c => c.Slug == kit.Slug).Select(c => c.Id).SingleAsync();
    }
}
