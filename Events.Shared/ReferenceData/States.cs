namespace Events.Shared.ReferenceData;

/// <summary>The five UN regional groups.</summary>
public enum RegionalGroup
{
    African,
    AsiaPacific,
    EasternEuropean,
    LatinAmericanCaribbean,
    WesternEuropeanOther,
}

public static class RegionalGroups
{
    public static IReadOnlyList<RegionalGroup> All { get; } = Enum.GetValues<RegionalGroup>();

    public static string Code(RegionalGroup group) => group switch
    {
        RegionalGroup.African => "african",
        RegionalGroup.AsiaPacific => "asia_pacific",
        RegionalGroup.EasternEuropean => "eastern_european",
        RegionalGroup.LatinAmericanCaribbean => "latin_american_caribbean",
        RegionalGroup.WesternEuropeanOther => "western_european_other",
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    public static RegionalGroup? FromCode(string? code) => code switch
    {
        null => null,
        "african" => RegionalGroup.African,
        "asia_pacific" => RegionalGroup.AsiaPacific,
        "eastern_european" => RegionalGroup.EasternEuropean,
        "latin_american_caribbean" => RegionalGroup.LatinAmericanCaribbean,
        "western_european_other" => RegionalGroup.WesternEuropeanOther,
        _ => throw new ArgumentException($"Unknown regional group code '{code}'.", nameof(code)),
    };

    public static string DisplayName(RegionalGroup group) => group switch
    {
        RegionalGroup.African => "African States",
        RegionalGroup.AsiaPacific => "Asia-Pacific States",
        RegionalGroup.EasternEuropean => "Eastern European States",
        RegionalGroup.LatinAmericanCaribbean => "Latin American and Caribbean States",
        RegionalGroup.WesternEuropeanOther => "Western European and other States",
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };
}

public enum StateStatus { Member, Observer }

/// <summary>
/// A UN Member State or non-member observer State. <see cref="RegionalGroup"/> is the group it belongs to;
/// <see cref="ElectoralGroup"/> is where it counts for elections, which differs for the United States
/// (no group, observer in WEOG, counted there). Türkiye also takes part in the Asia-Pacific Group.
/// </summary>
public sealed record State(
    string Iso3,
    string Name,
    StateStatus Status,
    RegionalGroup? RegionalGroup,
    RegionalGroup? ElectoralGroup,
    RegionalGroup? AlsoParticipatesIn,
    RegionalGroup? ObserverIn,
    string? Note);

public sealed record UnEntity(string Code, string Name, string Kind);

public interface IReferenceData
{
    Task<IReadOnlyList<State>> StatesAsync();
    Task<IReadOnlyList<UnEntity>> UnEntitiesAsync();
}
