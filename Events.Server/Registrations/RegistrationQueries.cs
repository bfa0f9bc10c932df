using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared.Convenings;
using Events.Shared.Registrations;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

/// <summary>
/// The reads behind the registration pages. The organisers' views (settings, attendee list, figures) answer only the
/// event's staff (<see cref="EventAccess"/>); the public list names only confirmed participants who consented.
/// </summary>
public sealed class RegistrationQueries(IDbContextFactory<EventsDbContext> dbFactory, TimeProvider clock) : IRegistrationQueries
{
    public async Task<EventRegistrationInfo?> InfoAsync(Guid sideEventId, Guid? userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: false);
        if (target is null || target.Status is not ("scheduled" or "cancelled") || target.Visibility == "invitation") return null;
        var counts = await target.CountsAsync(db);
        var mine = userId is null ? null : await db.Registrations.Where(target.Registrations)
            .Where(r => r.UserId == userId && RegistrationStatuses.Live.Contains(r.Status))
            .Select(r => new { r.Id, r.Status }).FirstOrDefaultAsync();
        var closed = target.ClosedReason(clock.GetUtcNow().UtcDateTime);
        return new EventRegistrationInfo(sideEventId, target.Title, RegistrationCodes.ParseMode(target.Mode), target.Capacity, counts.Confirmed, counts.Waitlisted,
            closed is not null, closed is { } reason ? RegistrationOutcomeTexts.Text(reason) : null,
            mine is null ? null : RegistrationCodes.ParseStatus(mine.Status), mine?.Id, target.PagePath);
    }

    public async Task<IReadOnlyList<MyRegistration>> MineAsync(Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.Registrations
            .Where(g => g.UserId == userId)
            .Select(g => new
            {
                g.Id, g.ConveningId, g.SideEventId, EventTitle = g.SideEvent == null ? null : g.SideEvent.Title, ConveningName = g.Convening.Name,
                StartsAt = g.SideEvent == null ? null : g.SideEvent.StartsAt, EndsAt = g.SideEvent == null ? null : g.SideEvent.EndsAt,
                g.Convening.StartsOn, g.Convening.EndsOn, g.Convening.TimeZone, g.Convening.Slug,
                Room = g.SideEvent == null || g.SideEvent.Room == null ? null : g.SideEvent.Room.Name,
                g.Status, g.CheckInCode, g.CheckedInAt, g.DecisionMessage, g.CreatedAt,
                EventCancelled = g.SideEvent != null && g.SideEvent.Status == "cancelled",
            })
            .ToListAsync();
        var mine = rows.Select(r =>
        {
            // A convening registered for as a whole spans its days.
            var startsAt = r.SideEventId is null ? ConveningSpan.StartUtc(r.StartsOn, r.TimeZone) : r.StartsAt;
            var endsAt = r.SideEventId is null ? ConveningSpan.EndUtc(r.EndsOn, r.TimeZone) : r.EndsAt;
            return (StartsAt: startsAt, r.CreatedAt, Registration: new MyRegistration(r.Id, r.SideEventId ?? r.ConveningId, r.EventTitle ?? r.ConveningName,
                r.ConveningName, Local(startsAt, r.TimeZone), Local(endsAt, r.TimeZone), r.TimeZone, r.Room, RegistrationCodes.ParseStatus(r.Status),
                r.Status == RegistrationStatuses.Confirmed ? r.CheckInCode : null, Utc(r.CheckedInAt), r.DecisionMessage, r.EventCancelled,
                r.SideEventId is null ? $"/c/{r.Slug}" : $"/e/{r.SideEventId}"));
        });
        // In time order; events without a time yet last, in the order they were registered for.
        return mine.OrderBy(m => m.StartsAt is null).ThenBy(m => m.StartsAt).ThenBy(m => m.CreatedAt).Select(m => m.Registration).ToList();
    }

    public async Task<IReadOnlyList<string>?> PublicAttendeesAsync(Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: false);
        if (target is null || target.Status is not ("scheduled" or "cancelled") || target.Visibility is not ("public" or "unlisted")) return null;
        var isPublic = target.SideEventId is null
            ? await db.Convenings.Where(c => c.Id == target.Id).Select(c => c.AttendeeListPublic).SingleAsync()
            : await db.SideEvents.Where(e => e.Id == target.Id).Select(e => e.AttendeeListPublic).SingleAsync();
        if (!isPublic) return null;
        // Only confirmed participants who said yes to publication; never anyone who did not answer.
        return await (from g in db.Registrations.Where(target.Registrations)
                      join u in db.Users on g.UserId equals (Guid?)u.Id
                      join p in db.ParticipantProfiles on g.UserId equals (Guid?)p.UserId
                      where g.Status == RegistrationStatuses.Confirmed && p.ConsentPublishName
                      orderby u.DisplayName
                      select u.DisplayName).ToListAsync();
    }

    public async Task<RegistrationSettings?> SettingsAsync(Guid organiserId, Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await EventAccess.IsEventStaffAsync(db, organiserId, sideEventId)) return null;
        var sideEvent = await db.SideEvents.Where(e => e.Id == sideEventId)
            .Select(e => new { e.RegistrationMode, e.AttendeeListPublic, e.Title, e.Convening.TimeZone }).SingleOrDefaultAsync();
        if (sideEvent is not null)
            return new RegistrationSettings(RegistrationCodes.ParseMode(sideEvent.RegistrationMode), sideEvent.AttendeeListPublic, Title: sideEvent.Title,
                TimeZone: sideEvent.TimeZone);
        var convening = await db.Convenings.Where(c => c.Id == sideEventId)
            .Select(c => new { c.RegistrationMode, c.AttendeeListPublic, c.RegistrationEnabled, c.RegistrationCapacity, c.Name, c.TimeZone }).SingleOrDefaultAsync();
        return convening is null ? null : new RegistrationSettings(RegistrationCodes.ParseMode(convening.RegistrationMode), convening.AttendeeListPublic,
            convening.RegistrationEnabled, convening.RegistrationCapacity, convening.Name, IsConvening: true, convening.TimeZone);
    }

    public async Task<IReadOnlyList<AttendeeRow>> AttendeesAsync(Guid organiserId, Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: false);
        if (target is null || !await EventAccess.IsEventStaffAsync(db, organiserId, sideEventId)) return [];
        var rows = await (from g in db.Registrations.Where(target.Registrations)
                          join u in db.Users on g.UserId equals (Guid?)u.Id into users
                          from u in users.DefaultIfEmpty()
                          join p in db.ParticipantProfiles on g.UserId equals (Guid?)p.UserId into profiles
                          from p in profiles.DefaultIfEmpty()
                          orderby g.QueueOrder
                          select new
                          {
                              g.Id, Name = u == null ? null : u.DisplayName, Email = u == null ? null : u.Email,
                              Organisation = p == null ? null : p.Organisation, StakeholderGroup = p == null ? null : p.StakeholderGroup,
                              Country = p == null ? null : p.Country, AccessibilityNeeds = p == null ? null : p.AccessibilityNeeds,
                              InterpretationNeeds = p == null ? null : p.InterpretationNeeds,
                              ConsentPublishName = p != null && p.ConsentPublishName, ConsentPhotograph = p != null && p.ConsentPhotograph,
                              g.Status, g.CreatedAt, g.CheckedInAt, Erased = g.UserId == null,
                          }).ToListAsync();
        return rows.Select(r => new AttendeeRow(r.Id, r.Erased ? "Erased participant" : r.Name!, r.Erased ? null : r.Email, r.Organisation,
            RegistrationCodes.ParseGroup(r.StakeholderGroup), r.Country, r.AccessibilityNeeds, r.InterpretationNeeds, r.ConsentPublishName,
            r.ConsentPhotograph, RegistrationCodes.ParseStatus(r.Status), Utc(r.CreatedAt)!.Value, Utc(r.CheckedInAt), r.Erased)).ToList();
    }

    public async Task<AttendanceFigures?> FiguresAsync(Guid staffId, Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: false);
        if (target is null || !await EventAccess.IsEventStaffAsync(db, staffId, sideEventId)) return null;
        var c = await target.CountsAsync(db);
        // No-shows only mean something once the event is over.
        var ended = target.IsOver(clock.GetUtcNow().UtcDateTime);
        return new AttendanceFigures(c.Confirmed, c.Waitlisted, c.Pending, c.CheckedIn, ended ? c.Confirmed - c.CheckedIn : 0);
    }

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
    private static DateTimeOffset? Local(DateTime? t, string zone) => Utc(t) is { } u ? ConveningClock.ToLocal(u, zone) : null;
}
