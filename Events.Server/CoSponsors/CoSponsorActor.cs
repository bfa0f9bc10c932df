using Events.Server.Database;

namespace Events.Server.CoSponsors;

/// <summary>Who a history entry names: an organiser (by account), the invitation's focal point, or the app itself.</summary>
internal readonly record struct CoSponsorActor(Guid? UserId, bool IsFocalPoint)
{
    public static CoSponsorActor Organiser(Guid userId) => new(userId, false);
    public static CoSponsorActor FocalPoint => new(null, true);
    public static CoSponsorActor App => new(null, false);

    /// <summary>Adds the history entry to the context, so that it is saved with the change it describes.</summary>
    public void Record(EventsDbContext db, DateTime at, Guid sideEventId, Guid? invitationId, string action, string? detail) =>
        db.CoSponsorHistory.Add(new CoSponsorHistory
        {
            SideEventId = sideEventId, CoSponsorshipId = invitationId, At = at, ActorUserId = UserId, ByFocalPoint = IsFocalPoint,
            Action = action, Detail = detail,
        });
}
