using Microsoft.Extensions.DependencyInjection;
using Events.Shared.ReferenceData;
using Events.Tests.Infrastructure;

namespace Events.Tests.Foundation;

public sealed class ReferenceDataTests
{
    private static async Task<IReferenceData> ReferenceDataAsync()
    {
        var data = await TestData.CreateAsync();
        return data.Services.GetRequiredService<IReferenceData>();
    }

    [Fact]
    public async Task There_are_193_member_States_and_2_observer_States_with_unique_ISO_codes()
    {
        var states = await (await ReferenceDataAsync()).StatesAsync();

        Assert.Equal(193, states.Count(s => s.Status == StateStatus.Member));
        Assert.Equal(["PSE", "VAT"], states.Where(s => s.Status == StateStatus.Observer).Select(s => s.Iso3).Order());
        Assert.Equal(195, states.Select(s => s.Iso3).Distinct().Count());
        Assert.All(states, s => Assert.Matches("^[A-Z]{3}$", s.Iso3));
    }

    [Theory]
    [InlineData(RegionalGroup.African, 54)]
    [InlineData(RegionalGroup.AsiaPacific, 53)]
    [InlineData(RegionalGroup.EasternEuropean, 23)]
    [InlineData(RegionalGroup.LatinAmericanCaribbean, 33)]
    [InlineData(RegionalGroup.WesternEuropeanOther, 28)]
    public async Task Regional_group_sizes_match_the_UN_published_membership(RegionalGroup group, int members)
    {
        var states = await (await ReferenceDataAsync()).StatesAsync();
        Assert.Equal(members, states.Count(s => s.Status == StateStatus.Member && s.RegionalGroup == group));
    }

    [Fact]
    public async Task The_known_exceptions_are_recorded_as_they_are()
    {
        var states = (await (await ReferenceDataAsync()).StatesAsync()).ToDictionary(s => s.Iso3);

        var kiribati = states["KIR"];
        Assert.Null(kiribati.RegionalGroup);
        Assert.Null(kiribati.ElectoralGroup);

        var usa = states["USA"];
        Assert.Null(usa.RegionalGroup);
        Assert.Equal(RegionalGroup.WesternEuropeanOther, usa.ObserverIn);
        Assert.Equal(RegionalGroup.WesternEuropeanOther, usa.ElectoralGroup);

        var turkiye = states["TUR"];
        Assert.Equal("Türkiye", turkiye.Name);
        Assert.Equal(RegionalGroup.WesternEuropeanOther, turkiye.RegionalGroup);
        Assert.Equal(RegionalGroup.AsiaPacific, turkiye.AlsoParticipatesIn);
        Assert.Equal(RegionalGroup.WesternEuropeanOther, turkiye.ElectoralGroup);

        // Only Kiribati and the United States are members without a group.
        Assert.Equal(["KIR", "USA"], states.Values.Where(s => s.Status == StateStatus.Member && s.RegionalGroup is null).Select(s => s.Iso3).Order());
        // Everyone else counts for elections where they belong.
        Assert.All(states.Values.Where(s => s.Status == StateStatus.Member && s.Iso3 != "USA"), s => Assert.Equal(s.RegionalGroup, s.ElectoralGroup));
    }

    [Fact]
    public async Task The_main_UN_entities_are_listed()
    {
        var entities = (await (await ReferenceDataAsync()).UnEntitiesAsync()).Select(e => e.Code).ToHashSet();
        Assert.Superset(new HashSet<string> { "UN-WOMEN", "OHCHR", "UNDP", "UNICEF", "UNFPA", "UNHCR" }, entities);
    }
}
