using Events.Server.Convenings;
using Events.Server.Database;
using Events.Server.Email;
using Events.Shared;
using Events.Shared.Registrations;
using Microsoft.EntityFrameworkCore;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.Registrations;

/// <summary>
/// A participant's own data: the optional profile organisers see, and its erasure with the account.
/// </summary>
public sealed class ParticipantProfiles(IDbContextFactory<EventsDbContext> dbFactory, TimeProvider clock) : IParticipantProfiles
{
    public async Task<ParticipantProfileForm> ProfileAsync(Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.ParticipantProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId);
        return row is null ? new ParticipantProfileForm() : new ParticipantProfileForm
        {
            Organisation = row.Organisation, StakeholderGroup = RegistrationCodes.ParseGroup(row.StakeholderGroup), Country = row.Country, Gender = row.Gender,
            AccessibilityNeeds = row.AccessibilityNeeds, InterpretationNeeds = row.InterpretationNeeds,
            ConsentPublishName = row.ConsentPublishName, ConsentPhotograph = row.ConsentPhotograph,
        };
    }

    public async Task<OperationResult> SaveProfileAsync(Guid userId, ParticipantProfileForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        string? organisation = Blank(form.Organisation), group = form.StakeholderGroup is { } g ? RegistrationCodes.Group(g) : null,
            country = Blank(form.Country), gender = Blank(form.Gender), accessibility = Blank(form.AccessibilityNeeds), interpretation = Blank(form.InterpretationNeeds);
        await using var db = await dbFactory.CreateDbContextAsync();
        // An upsert, so that two saves of a first profile at once cannot collide.
        var dialect = SqlDialect.Of(db);
        await dialect.UpsertAsync<ParticipantProfile>(db, [("user_id", userId)],
        [
            ("organisation", organisation), ("stakeholder_group", group), ("country", country), ("gender", gender),
            ("accessibility_needs", accessibility), ("interpretation_needs", interpretation),
            ("consent_publish_name", form.ConsentPublishName), ("consent_photograph", form.ConsentPhotograph), ("updated_at", dialect.Now),
        ]);
        return OperationResult.Ok();
    }

    /// <summary>
    /// Erasure: live registrations for events still to come are cancelled (freeing seats for the waitlist); past ones stay,
    /// without the person, so that attendance figures stay right. Runs in the caller's transaction on <paramref name="db"/>
    /// (the account deletion's), and returns the registrations that got a seat, to be mailed after the commit.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> ForgetParticipantAsync(EventsDbContext db, Guid userId, string email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var live = await db.Registrations
            .Where(g => g.UserId == userId && RegistrationStatuses.Live.Contains(g.Status))
            .Select(g => new { g.ConveningId, g.SideEventId, EventEndsAt = g.SideEvent == null ? null : g.SideEvent.EndsAt, g.Convening.EndsOn, g.Convening.TimeZone })
            .ToListAsync();
        // Targets in a fixed order, so that two erasures lock shared targets in the same order.
        var upcoming = live.Where(g => (g.EventEndsAt ?? ConveningSpan.EndUtc(g.EndsOn, g.TimeZone)) > now)
            .Select(g => g.SideEventId ?? g.ConveningId).Distinct().Order().ToList();
        var promoted = new List<Guid>();
        foreach (var targetId in upcoming)
        {
            var target = (await RegistrationTarget.FindAsync(db, targetId, lockRow: true))!;
            var mine = db.Registrations.Where(target.Registrations).Where(g => g.UserId == userId);
            var wasConfirmed = await mine.AnyAsync(g => g.Status == RegistrationStatuses.Confirmed);
            await mine.Where(g => RegistrationStatuses.Live.Contains(g.Status))
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.Status, "cancelled").SetProperty(g => g.UpdatedAt, g => DateTime.UtcNow));
            if (wasConfirmed) promoted.AddRange(await Waitlist.PromoteAsync(db, target));
        }
        await db.Registrations.Where(g => g.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(g => g.UserId, (Guid?)null).SetProperty(g => g.DecisionMessage, (string?)null).SetProperty(g => g.UpdatedAt, g => DateTime.UtcNow));
        await db.RegistrationInvitations.Where(i => i.Email.ToLower() == email.ToLower()).ExecuteDeleteAsync();
        await db.ParticipantProfiles.Where(p => p.UserId == userId).ExecuteDeleteAsync();
        // Mails not yet delivered hold the name, links and tickets: they go too.
        await MailOutbox.ForgetMailsToAsync(db, email);
        return promoted;
    }
}
