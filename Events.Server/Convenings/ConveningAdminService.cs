using System.ComponentModel.DataAnnotations;
using Dapper;
using Events.Server.Database;
using Events.Shared;
using Events.Shared.Convenings;
using Npgsql;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.Convenings;

public sealed class ConveningAdminService(DatabaseConnections database, ILogger<ConveningAdminService> logger) : IConveningAdmin
{
    public async Task<bool> CanCreateConveningsAsync(Guid actorUserId)
    {
        await using var db = await database.OpenAsync();
        return await OrganiserAccess.CanCreateConveningsAsync(db, actorUserId);
    }

    public async Task<OperationResult> CreateAsync(Guid actorUserId, ConveningForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await database.OpenAsync();
        if (!await OrganiserAccess.CanCreateConveningsAsync(db, actorUserId))
            return OperationResult.Fail("Only organisers can create convenings. Ask an admin to give your account the Organiser role.");
        await using var tx = await db.BeginTransactionAsync();
        try
        {
            var id = await db.ExecuteScalarAsync<Guid>("""
                INSERT INTO convenings (slug, name, kind, starts_on, ends_on, time_zone, organising_organisation, description_md, visibility,
                                        chatham_house, changeover_minutes, cross_regional_threshold, slot_response_days)
                VALUES (@Slug, @Name, @Kind, @StartsOn, @EndsOn, @TimeZone, @Organisation, @Description, @Visibility,
                        @ChathamHouse, @ChangeoverMinutes, @CrossRegionalThreshold, @SlotResponseDays)
                RETURNING id
                """, new
            {
                form.Slug, Name = form.Name.Trim(), Kind = form.Kind == ConveningKind.Dialogue ? "dialogue" : "un_session",
                StartsOn = form.StartsOn!.Value.ToDateTime(TimeOnly.MinValue), EndsOn = form.EndsOn!.Value.ToDateTime(TimeOnly.MinValue),
                form.TimeZone, Organisation = Blank(form.OrganisingOrganisation), Description = form.DescriptionMarkdown ?? "",
                Visibility = form.Visibility.ToString().ToLowerInvariant(), form.ChathamHouse, form.ChangeoverMinutes,
                form.CrossRegionalThreshold, form.SlotResponseDays,
            }, tx);
            await db.ExecuteAsync("INSERT INTO convening_organisers (convening_id, user_id) VALUES (@id, @actorUserId)", new { id, actorUserId }, tx);
            await tx.CommitAsync();
            logger.LogInformation("Convening {Slug} created by {UserId}", form.Slug, actorUserId);
            return OperationResult.Ok(id);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return OperationResult.Fail($"The short address '{form.Slug}' is taken: choose another.");
        }
    }

    public async Task<OperationResult> UpdateAsync(Guid actorUserId, string slug, ConveningForm form)
    {
        form.Slug = slug; // the address stays: links to the programme are out in the world
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await database.OpenAsync();
        var conveningId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM convenings WHERE slug = @slug", new { slug });
        if (conveningId is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, conveningId.Value))
            return OperationResult.Fail("You do not organise this convening.");
        var outside = await db.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM side_events WHERE convening_id = @conveningId AND starts_at IS NOT NULL AND status IN ('accepted', 'scheduled')
              AND ((starts_at AT TIME ZONE @TimeZone)::date < @StartsOn OR ((ends_at - interval '1 microsecond') AT TIME ZONE @TimeZone)::date > @EndsOn)
            """, new { conveningId, form.TimeZone, StartsOn = form.StartsOn!.Value.ToDateTime(TimeOnly.MinValue), EndsOn = form.EndsOn!.Value.ToDateTime(TimeOnly.MinValue) });
        if (outside > 0)
            return OperationResult.Fail($"{outside} scheduled event(s) would fall outside those dates: move or cancel them first.");
        try
        {
            await db.ExecuteAsync("""
                UPDATE convenings SET name = @Name, kind = @Kind, starts_on = @StartsOn, ends_on = @EndsOn, time_zone = @TimeZone,
                       organising_organisation = @Organisation, description_md = @Description, visibility = @Visibility, chatham_house = @ChathamHouse,
                       changeover_minutes = @ChangeoverMinutes, cross_regional_threshold = @CrossRegionalThreshold, slot_response_days = @SlotResponseDays,
                       updated_at = now()
                WHERE id = @conveningId
                """, new
            {
                conveningId, Name = form.Name.Trim(), Kind = form.Kind == ConveningKind.Dialogue ? "dialogue" : "un_session",
                StartsOn = form.StartsOn!.Value.ToDateTime(TimeOnly.MinValue), EndsOn = form.EndsOn!.Value.ToDateTime(TimeOnly.MinValue),
                form.TimeZone, Organisation = Blank(form.OrganisingOrganisation), Description = form.DescriptionMarkdown ?? "",
                Visibility = form.Visibility.ToString().ToLowerInvariant(), form.ChathamHouse, form.ChangeoverMinutes,
                form.CrossRegionalThreshold, form.SlotResponseDays,
            });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            return OperationResult.Fail("Those dates would leave scheduled events outside the convening: move or cancel them first.");
        }
        return OperationResult.Ok(conveningId);
    }

    public async Task<ConveningForm?> FormAsync(Guid actorUserId, string slug)
    {
        await using var db = await database.OpenAsync();
        var c = await db.QuerySingleOrDefaultAsync<FormRow>("""
            SELECT id, name, kind, starts_on AS StartsOn, ends_on AS EndsOn, time_zone AS TimeZone, organising_organisation AS OrganisingOrganisation,
                   description_md AS DescriptionMd, visibility, chatham_house AS ChathamHouse, changeover_minutes AS ChangeoverMinutes,
                   cross_regional_threshold AS CrossRegionalThreshold, slot_response_days AS SlotResponseDays
            FROM convenings WHERE slug = @slug
            """, new { slug });
        if (c is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, c.Id)) return null;
        return new ConveningForm
        {
            Name = c.Name, Slug = slug, Kind = c.Kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession,
            StartsOn = c.StartsOn, EndsOn = c.EndsOn, TimeZone = c.TimeZone,
            OrganisingOrganisation = c.OrganisingOrganisation, DescriptionMarkdown = c.DescriptionMd,
            Visibility = Enum.Parse<ConveningVisibility>(c.Visibility, true), ChathamHouse = c.ChathamHouse, ChangeoverMinutes = c.ChangeoverMinutes,
            CrossRegionalThreshold = c.CrossRegionalThreshold, SlotResponseDays = c.SlotResponseDays,
        };
    }

    public async Task<IReadOnlyList<OrganiserInfo>> OrganisersAsync(Guid actorUserId, string slug)
    {
        await using var db = await database.OpenAsync();
        var conveningId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM convenings WHERE slug = @slug", new { slug });
        if (conveningId is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, conveningId.Value)) return [];
        return (await db.QueryAsync<OrganiserInfo>("""
            SELECT u.id AS UserId, u.display_name AS Name, u.email FROM convening_organisers o JOIN users u ON u.id = o.user_id
            WHERE o.convening_id = @conveningId ORDER BY u.display_name
            """, new { conveningId })).ToList();
    }

    public async Task<OperationResult> AddOrganiserAsync(Guid actorUserId, string slug, string email)
    {
        await using var db = await database.OpenAsync();
        var conveningId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM convenings WHERE slug = @slug", new { slug });
        if (conveningId is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, conveningId.Value))
            return OperationResult.Fail("You do not organise this convening.");
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254) return OperationResult.Fail("Enter the e-mail address of their account.");
        var userId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM users WHERE normalized_email = upper(@email) AND email_confirmed", new { email = email.Trim() });
        if (userId is null) return OperationResult.Fail("There is no confirmed account with that address: ask them to register first.");
        await db.ExecuteAsync("INSERT INTO convening_organisers (convening_id, user_id) VALUES (@conveningId, @userId) ON CONFLICT DO NOTHING", new { conveningId, userId });
        logger.LogInformation("User {UserId} made an organiser of {Slug} by {ActorId}", userId, slug, actorUserId);
        return OperationResult.Ok(userId);
    }

    public async Task<OperationResult> RemoveOrganiserAsync(Guid actorUserId, string slug, Guid userId)
    {
        await using var db = await database.OpenAsync();
        var conveningId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM convenings WHERE slug = @slug", new { slug });
        if (conveningId is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, conveningId.Value))
            return OperationResult.Fail("You do not organise this convening.");
        // Someone must stay in charge.
        var removed = await db.ExecuteAsync("""
            DELETE FROM convening_organisers WHERE convening_id = @conveningId AND user_id = @userId
              AND (SELECT count(*) FROM convening_organisers WHERE convening_id = @conveningId) > 1
            """, new { conveningId, userId });
        return removed == 1 ? OperationResult.Ok() : OperationResult.Fail("A convening keeps at least one organiser.");
    }

    public async Task<OperationResult> AddRoomAsync(Guid actorUserId, string slug, RoomForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await database.OpenAsync();
        var conveningId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM convenings WHERE slug = @slug", new { slug });
        if (conveningId is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, conveningId.Value))
            return OperationResult.Fail("You do not organise this convening.");
        await using var tx = await db.BeginTransactionAsync();
        try
        {
            var venueId = await db.ExecuteScalarAsync<Guid>("""
                INSERT INTO venues (convening_id, name, address) VALUES (@conveningId, @VenueName, @VenueAddress)
                ON CONFLICT (convening_id, name) DO UPDATE SET address = COALESCE(EXCLUDED.address, venues.address)
                RETURNING id
                """, new { conveningId, VenueName = form.VenueName.Trim(), VenueAddress = Blank(form.VenueAddress) }, tx);
            var roomId = await db.ExecuteScalarAsync<Guid>("""
                INSERT INTO rooms (convening_id, venue_id, name, capacity, accessibility_notes, mode)
                VALUES (@conveningId, @venueId, @Name, @Capacity, @Notes, @Mode) RETURNING id
                """, new
            {
                conveningId, venueId, Name = form.Name.Trim(), form.Capacity, Notes = Blank(form.AccessibilityNotes),
                Mode = form.Mode == RoomMode.Virtual ? "virtual" : "in_person",
            }, tx);
            await tx.CommitAsync();
            return OperationResult.Ok(roomId);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return OperationResult.Fail($"{form.VenueName} already has a room called {form.Name}.");
        }
    }

    public async Task<ConveningAdminView?> FindForOrganiserAsync(Guid actorUserId, string slug)
    {
        await using var db = await database.OpenAsync();
        var c = await db.QuerySingleOrDefaultAsync<ConveningRow>("""
            SELECT id, slug, name, kind, starts_on AS StartsOn, ends_on AS EndsOn, time_zone AS TimeZone, visibility,
                   chatham_house AS ChathamHouse, changeover_minutes AS ChangeoverMinutes, slot_response_days AS SlotResponseDays
            FROM convenings WHERE slug = @slug
            """, new { slug });
        if (c is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, c.Id)) return null;
        var rooms = await db.QueryAsync<RoomRow>("""
            SELECT r.id, r.name, v.name AS VenueName, r.capacity, r.mode, r.accessibility_notes AS AccessibilityNotes
            FROM rooms r JOIN venues v ON v.id = r.venue_id WHERE r.convening_id = @Id ORDER BY v.name, r.name
            """, new { c.Id });
        return new ConveningAdminView(c.Id, c.Slug, c.Name, c.Kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession,
            c.StartsOn, c.EndsOn, c.TimeZone, Enum.Parse<ConveningVisibility>(c.Visibility, true),
            c.ChathamHouse, c.ChangeoverMinutes, c.SlotResponseDays,
            rooms.Select(r => new RoomInfo(r.Id, r.Name, r.VenueName, r.Capacity, r.Mode == "virtual" ? RoomMode.Virtual : RoomMode.InPerson, r.AccessibilityNotes)).ToList());
    }

    public async Task<IReadOnlyList<ConveningSummary>> MineAsync(Guid actorUserId)
    {
        await using var db = await database.OpenAsync();
        var isAdmin = await OrganiserAccess.IsAdminAsync(db, actorUserId);
        return await ConveningCatalog.SummariesAsync(db,
            "@isAdmin OR EXISTS (SELECT 1 FROM convening_organisers o WHERE o.convening_id = c.id AND o.user_id = @actorUserId)",
            "c.starts_on DESC, c.name", new { isAdmin, actorUserId });
    }


    private sealed record ConveningRow(Guid Id, string Slug, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string TimeZone,
        string Visibility, bool ChathamHouse, int ChangeoverMinutes, int SlotResponseDays);
    private sealed record FormRow(Guid Id, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string TimeZone, string? OrganisingOrganisation,
        string DescriptionMd, string Visibility, bool ChathamHouse, int ChangeoverMinutes, int CrossRegionalThreshold, int SlotResponseDays);
    private sealed record RoomRow(Guid Id, string Name, string VenueName, int Capacity, string Mode, string? AccessibilityNotes);
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
