using System.ComponentModel.DataAnnotations;
using Events.Server.Database;
using Events.Server.Registrations;
using Events.Server.SideEvents;
using Events.Shared;
using Events.Shared.Convenings;
using Microsoft.EntityFrameworkCore;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.Convenings;

public sealed class ConveningAdminService(IDbContextFactory<EventsDbContext> dbFactory, ILogger<ConveningAdminService> logger) : IConveningAdmin
{
    public async Task<bool> CanCreateConveningsAsync(Guid actorUserId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await EventAccess.CanCreateConveningsAsync(db, actorUserId);
    }

    public async Task<OperationResult> CreateAsync(Guid actorUserId, ConveningForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await EventAccess.CanCreateConveningsAsync(db, actorUserId))
            return OperationResult.Fail("Only organisers can create convenings. Ask an admin to give your account the Organiser role.");
        // The id is chosen here so that the convening and its first organiser are written together, in one transaction.
        var convening = new Convening { Id = Guid.NewGuid(), Slug = form.Slug };
        Apply(form, convening);
        db.Convenings.Add(convening);
        db.ConveningOrganisers.Add(new ConveningOrganiser { ConveningId = convening.Id, UserId = actorUserId });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (DatabaseRefusal.Is(e, RefusalKind.Unique))
        {
            return OperationResult.Fail($"The short address '{form.Slug}' is taken: choose another.");
        }
        logger.LogInformation("Convening {Slug} created by {UserId}", form.Slug, actorUserId);
        return OperationResult.Ok(convening.Id);
    }

    public async Task<OperationResult> UpdateAsync(Guid actorUserId, string slug, ConveningForm form)
    {
        form.Slug = slug; // the address stays: links to the programme are out in the world
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await OrganisedConveningIdAsync(db, actorUserId, slug) is not { } conveningId)
            return OperationResult.Fail("You do not organise this convening.");
        var startsOn = form.StartsOn!.Value;
        var endsOn = form.EndsOn!.Value;
        var outside = await ScheduledOutside(db, conveningId, ConveningSpan.StartUtc(startsOn, form.TimeZone), ConveningSpan.EndUtc(endsOn, form.TimeZone)).CountAsync();
        if (outside > 0)
            return OperationResult.Fail($"{outside} scheduled event(s) would fall outside those dates: move or cancel them first.");
        var name = form.Name.Trim();
        var kind = KindCode(form.Kind);
        var organisation = Blank(form.OrganisingOrganisation);
        var description = form.DescriptionMarkdown ?? "";
        var visibility = form.Visibility.ToString().ToLowerInvariant();
        var proposalsCloseAt = form.ProposalsCloseAtUtc()?.UtcDateTime;
        var guidelines = Blank(form.ProposalGuidelines);
        try
        {
            await db.Convenings.Where(c => c.Id == conveningId).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Name, name)
                .SetProperty(c => c.Kind, kind)
                .SetProperty(c => c.StartsOn, startsOn)
                .SetProperty(c => c.EndsOn, endsOn)
                .SetProperty(c => c.TimeZone, form.TimeZone)
                .SetProperty(c => c.OrganisingOrganisation, organisation)
                .SetProperty(c => c.DescriptionMd, description)
                .SetProperty(c => c.Visibility, visibility)
                .SetProperty(c => c.ChathamHouse, form.ChathamHouse)
                .SetProperty(c => c.ChangeoverMinutes, form.ChangeoverMinutes)
                .SetProperty(c => c.CrossRegionalThreshold, form.CrossRegionalThreshold)
                .SetProperty(c => c.SlotResponseDays, form.SlotResponseDays)
                .SetProperty(c => c.ProposalsCloseAt, proposalsCloseAt)
                .SetProperty(c => c.ProposalGuidelines, guidelines)
                .SetProperty(c => c.UpdatedAt, c => DateTime.UtcNow));
        }
        catch (Exception e) when (DatabaseRefusal.Is(e, RefusalKind.Check))
        {
            return OperationResult.Fail("Those dates would leave scheduled events outside the convening: move or cancel them first.");
        }
        return OperationResult.Ok(conveningId);
    }

    /// <summary>
    /// The convening's booked events outside its dates given as instants (midnight before the first day, midnight after
    /// the last, in its time zone: <see cref="ConveningSpan"/>): starting before the one or ending after the other, as the
    /// schedule trigger would find them.
    /// </summary>
    internal static IQueryable<SideEvent> ScheduledOutside(EventsDbContext db, Guid conveningId, DateTime from, DateTime until) =>
        db.SideEvents.Where(e => e.ConveningId == conveningId && e.StartsAt != null && (e.Status == "accepted" || e.Status == "scheduled")
                                 && (e.StartsAt < from || e.EndsAt > until));

    public async Task<ConveningForm?> FormAsync(Guid actorUserId, string slug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var c = await db.Convenings.AsNoTracking()
            .Where(c => c.Slug == slug)
            .Where(EventAccess.OrganisedBy(db, actorUserId))
            .SingleOrDefaultAsync();
        if (c is null) return null;
        return new ConveningForm
        {
            Name = c.Name, Slug = slug, Kind = ParseKind(c.Kind),
            StartsOn = c.StartsOn, EndsOn = c.EndsOn, TimeZone = c.TimeZone,
            OrganisingOrganisation = c.OrganisingOrganisation, DescriptionMarkdown = c.DescriptionMd,
            Visibility = Enum.Parse<ConveningVisibility>(c.Visibility, true), ChathamHouse = c.ChathamHouse, ChangeoverMinutes = c.ChangeoverMinutes,
            CrossRegionalThreshold = c.CrossRegionalThreshold, SlotResponseDays = c.SlotResponseDays,
            // The deadline goes back on the convening's clock, as it was entered.
            ProposalsCloseAt = c.ProposalsCloseAt is { } closes
                ? ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(closes, DateTimeKind.Utc)), c.TimeZone).DateTime
                : null,
            ProposalGuidelines = c.ProposalGuidelines,
        };
    }

    public async Task<IReadOnlyList<OrganiserInfo>> OrganisersAsync(Guid actorUserId, string slug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await OrganisedConveningIdAsync(db, actorUserId, slug) is not { } conveningId) return [];
        return await db.ConveningOrganisers
            .Where(o => o.ConveningId == conveningId)
            .Join(db.Users, o => o.UserId, u => u.Id, (o, u) => u)
            .OrderBy(u => u.DisplayName)
            .Select(u => new OrganiserInfo(u.Id, u.DisplayName, u.Email!))
            .ToListAsync();
    }

    public async Task<OperationResult> AddOrganiserAsync(Guid actorUserId, string slug, string email)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await OrganisedConveningIdAsync(db, actorUserId, slug) is not { } conveningId)
            return OperationResult.Fail("You do not organise this convening.");
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254) return OperationResult.Fail("Enter the e-mail address of their account.");
        var normalizedEmail = email.Trim().ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedEmail == normalizedEmail && u.EmailConfirmed).Select(u => (Guid?)u.Id).SingleOrDefaultAsync();
        if (userId is null) return OperationResult.Fail("There is no confirmed account with that address: ask them to register first.");
        // Adding someone who is already an organiser (perhaps by a colleague at the same moment) changes nothing.
        await SqlDialect.Of(db).InsertIfAbsentAsync<ConveningOrganiser>(db, ("convening_id", conveningId), ("user_id", userId.Value));
        logger.LogInformation("User {UserId} made an organiser of {Slug} by {ActorId}", userId, slug, actorUserId);
        return OperationResult.Ok(userId);
    }

    public async Task<OperationResult> RemoveOrganiserAsync(Guid actorUserId, string slug, Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await OrganisedConveningIdAsync(db, actorUserId, slug) is not { } conveningId)
            return OperationResult.Fail("You do not organise this convening.");
        // Someone must stay in charge.
        var removed = await db.ConveningOrganisers
            .Where(o => o.ConveningId == conveningId && o.UserId == userId
                        && db.ConveningOrganisers.Count(other => other.ConveningId == conveningId) > 1)
            .ExecuteDeleteAsync();
        return removed == 1 ? OperationResult.Ok() : OperationResult.Fail("A convening keeps at least one organiser.");
    }

    public async Task<OperationResult> AddRoomAsync(Guid actorUserId, string slug, RoomForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await OrganisedConveningIdAsync(db, actorUserId, slug) is not { } conveningId)
            return OperationResult.Fail("You do not organise this convening.");
        await using var tx = await db.Database.BeginTransactionAsync();
        var dialect = SqlDialect.Of(db);
        // One venue per name: a second room at the same venue finds it (and fills in its address if it had none).
        var venueName = form.VenueName.Trim();
        (string, object?)[] venueKey = [("convening_id", conveningId), ("name", venueName)];
        if (Blank(form.VenueAddress) is { } address) await dialect.UpsertAsync<Venue>(db, venueKey, [("address", address)]);
        else await dialect.InsertIfAbsentAsync<Venue>(db, venueKey);
        var venueId = await db.Venues.Where(v => v.ConveningId == conveningId && v.Name == venueName).Select(v => v.Id).SingleAsync();
        // Naming only the columns it sets: the rest (updated_at and the like) are the database's. The venue's unique
        // room names decide, whatever the timing.
        var roomId = Guid.NewGuid();
        var mode = form.Mode == RoomMode.Virtual ? "virtual" : "in_person";
        if (await dialect.InsertIfAbsentAsync<Room>(db, ("id", roomId), ("convening_id", conveningId), ("venue_id", venueId), ("name", form.Name.Trim()),
                ("capacity", form.Capacity), ("accessibility_notes", Blank(form.AccessibilityNotes)), ("mode", mode)) == 0)
            return OperationResult.Fail($"{form.VenueName} already has a room called {form.Name}.");
        await tx.CommitAsync();
        return OperationResult.Ok(roomId);
    }

    public async Task<ConveningAdminView?> FindForOrganiserAsync(Guid actorUserId, string slug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var c = await db.Convenings.AsNoTracking()
            .Where(c => c.Slug == slug)
            .Where(EventAccess.OrganisedBy(db, actorUserId))
            .Select(c => new
            {
                c.Id, c.Slug, c.Name, c.Kind, c.StartsOn, c.EndsOn, c.TimeZone, c.Visibility, c.ChathamHouse, c.ChangeoverMinutes, c.SlotResponseDays,
                Rooms = c.Rooms.OrderBy(r => r.Venue.Name).ThenBy(r => r.Name)
                    .Select(r => new { r.Id, r.Name, VenueName = r.Venue.Name, r.Capacity, r.Mode, r.AccessibilityNotes })
                    .ToList(),
            })
            .SingleOrDefaultAsync();
        if (c is null) return null;
        return new ConveningAdminView(c.Id, c.Slug, c.Name, ParseKind(c.Kind),
            c.StartsOn, c.EndsOn, c.TimeZone, Enum.Parse<ConveningVisibility>(c.Visibility, true),
            c.ChathamHouse, c.ChangeoverMinutes, c.SlotResponseDays,
            c.Rooms.Select(r => new RoomInfo(r.Id, r.Name, r.VenueName, r.Capacity, r.Mode == "virtual" ? RoomMode.Virtual : RoomMode.InPerson, r.AccessibilityNotes)).ToList());
    }

    public async Task<IReadOnlyList<ConveningSummary>> MineAsync(Guid actorUserId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await ConveningCatalog.SummariesAsync(db.Convenings
            .Where(EventAccess.OrganisedBy(db, actorUserId))
            .OrderByDescending(c => c.StartsOn).ThenBy(c => c.Name));
    }

    /// <summary>The convening's id when the actor may manage it (its organisers and Admins), in one query.</summary>
    private static Task<Guid?> OrganisedConveningIdAsync(EventsDbContext db, Guid actorUserId, string slug) =>
        db.Convenings.Where(c => c.Slug == slug).Where(EventAccess.OrganisedBy(db, actorUserId)).Select(c => (Guid?)c.Id).SingleOrDefaultAsync();

    private static void Apply(ConveningForm form, Convening c)
    {
        c.Name = form.Name.Trim();
        c.Kind = KindCode(form.Kind);
        c.StartsOn = form.StartsOn!.Value;
        c.EndsOn = form.EndsOn!.Value;
        c.TimeZone = form.TimeZone;
        c.OrganisingOrganisation = Blank(form.OrganisingOrganisation);
        c.DescriptionMd = form.DescriptionMarkdown ?? "";
        c.Visibility = form.Visibility.ToString().ToLowerInvariant();
        c.ChathamHouse = form.ChathamHouse;
        c.ChangeoverMinutes = form.ChangeoverMinutes;
        c.CrossRegionalThreshold = form.CrossRegionalThreshold;
        c.SlotResponseDays = form.SlotResponseDays;
        c.ProposalsCloseAt = form.ProposalsCloseAtUtc()?.UtcDateTime;
        c.ProposalGuidelines = Blank(form.ProposalGuidelines);
    }

    private static string KindCode(ConveningKind kind) => kind == ConveningKind.Dialogue ? "dialogue" : "un_session";

    private static ConveningKind ParseKind(string kind) => kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession;
}

/// <summary>The same DataAnnotations checks the pages run, repeated on the server because a post can skip the page.</summary>
public static class FormValidation
{
    /// <summary>Optional text as stored: trimmed, and NULL rather than an empty or blank string.</summary>
    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static string? FirstError(object form)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true)
            ? null
            : string.Join(" ", results.Select(r => r.ErrorMessage).Distinct());
    }
}
