using Events.Server.Convenings;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.CoSponsors;

namespace Events.Server.CoSponsors;

/// <summary>A side event as its co-sponsor board sees it, with whether the acting user organises its convening.</summary>
internal sealed class CoSponsorEvent
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string ProposingOrganisation { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime? StartsAt { get; init; }
    public DateTime? EndsAt { get; init; }
    public string? RoomName { get; init; }
    public bool Locked { get; init; }
    public bool Final { get; init; }
    public Guid ConveningId { get; init; }
    public string ConveningSlug { get; init; } = "";
    public string ConveningName { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public int CrossRegionalThreshold { get; init; }
    public int MinMemberStatesOrUnEntities { get; init; }
    public int MinRegionalGroups { get; init; }
    public bool ActorIsOrganiser { get; init; }
    /// <summary>The body that runs the convening, which invitations name (never an organiser's own account name).</summary>
    public string? OrganisingBody { get; init; }

    public CoSponsorRules Rules => new(MinMemberStatesOrUnEntities, MinRegionalGroups);

    /// <summary>The events, with the acting user checked against <see cref="EventAccess"/> in the same query.</summary>
    public static IQueryable<CoSponsorEvent> Of(IQueryable<SideEvent> events, EventsDbContext db, Guid actorUserId)
    {
        var organisedByActor = EventAccess.OrganisedBy(db, actorUserId);
        return events.Select(e => new CoSponsorEvent
        {
            Id = e.Id,
            Title = e.Title,
            ProposingOrganisation = e.ProposingOrganisation,
            Status = e.Status,
            StartsAt = e.StartsAt,
            EndsAt = e.EndsAt,
            RoomName = e.Room!.Name,
            Locked = e.CoSponsorsLocked,
            Final = e.CoSponsorsFinal,
            ConveningId = e.ConveningId,
            ConveningSlug = e.Convening.Slug,
            ConveningName = e.Convening.Name,
            TimeZone = e.Convening.TimeZone,
            CrossRegionalThreshold = e.Convening.CrossRegionalThreshold,
            MinMemberStatesOrUnEntities = e.Convening.MinMemberStateOrUnCosponsors,
            MinRegionalGroups = e.Convening.MinCosponsorRegionalGroups,
            ActorIsOrganiser = db.Convenings.Where(c => c.Id == e.ConveningId).Any(organisedByActor),
            OrganisingBody = e.Convening.OrganisingOrganisation,
        });
    }
}
