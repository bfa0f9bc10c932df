using System.Data;
using System.Globalization;
using System.Net;
using Dapper;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Server.Email;
using Events.Shared;
using Events.Shared.CoSponsors;
using Events.Shared.Convenings;
using Events.Shared.Email;
using Events.Shared.ReferenceData;
using Npgsql;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.CoSponsors;

public sealed class CoSponsorOptions
{
    /// <summary>How long a focal point's link works (Events:CoSponsors:LinkLifetimeDays).</summary>
    public int LinkLifetimeDays { get; set; } = 30;

    /// <summary>Requests to /cosponsor/… one client address may make per window before getting 429.</summary>
    public int LinkRequestLimit { get; set; } = 30;

    public int LinkRequestWindowSeconds { get; set; } = 60;
}

/// <summary>
/// Co-sponsor invitations: the organisers' actions and the focal points' answers through their links.
/// <para>
/// Every change runs in one transaction with its history entry. Organiser actions lock the side event's row
/// (FOR NO KEY UPDATE) and focal point answers share-lock it while they lock their own invitation (FOR UPDATE), so an
/// answer and a lock or "mark final" never interleave: either the answer lands before the list is locked, or it is
/// refused. Two answers through one link are serialised by the invitation's row lock.
/// </para>
/// <para>
/// Focal points' e-mail addresses are personal data: they go to the organisers' board and to the mail, never to logs.
/// </para>
/// </summary>
public sealed class CoSponsorService(
    DatabaseConnections database,
    IMailSender mail,
    TimeProvider clock,
    CoSponsorOptions options,
    Events.Shared.Site.SiteAddress site,
    ILogger<CoSponsorService> logger) : ICoSponsorInvitations, ICoSponsorLinks
{
    private const string OnlyOrganisers = "Only the convening's organisers can manage its co-sponsors.";
    private const string NoSuchEvent = "There is no such side event.";
    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: true);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // ---------------------------------------------------------------- organisers

    public async Task<CoSponsorBoardView?> BoardAsync(Guid actorUserId, Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var e = await db.QuerySingleOrDefaultAsync<EventRow>(EventSql + " WHERE e.id = @sideEventId", new { sideEventId });
        if (e is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, e.ConveningId)) return null;

        var invitations = (await db.QueryAsync<InvitationRow>(InvitationSql + " WHERE cs.side_event_id = @sideEventId", new { sideEventId }))
            .Select(r => r.ToView(Now))
            .OrderBy(i => i.Kind).ThenBy(i => i.SponsorName, NameOrder)
            .ToList();
        var confirmed = await ConfirmedAsync(db, null, sideEventId);
        var rules = e.Rules;
        var history = (await db.QueryAsync<HistoryRow>("""
            SELECT h.at AS At, h.action AS Action, h.detail AS Detail, h.by_focal_point AS ByFocalPoint, u.display_name AS UserName,
                   h.actor_user_id IS NOT NULL AS HasUser,
                   COALESCE(st.name, ue.name, cs.organisation_name) AS SponsorName
            FROM co_sponsor_history h
            LEFT JOIN users u ON u.id = h.actor_user_id
            LEFT JOIN co_sponsorships cs ON cs.id = h.co_sponsorship_id
            LEFT JOIN states st ON st.iso3 = cs.state_iso3
            LEFT JOIN un_entities ue ON ue.code = cs.un_entity_code
            WHERE h.side_event_id = @sideEventId
            ORDER BY h.at, h.id
            """, new { sideEventId }))
            .Select(h => new CoSponsorHistoryEntry(Utc(h.At),
                h.ByFocalPoint ? $"focal point of {h.SponsorName}" : h.UserName ?? (h.HasUser ? "(a removed account)" : "Events"), h.Action, h.SponsorName, h.Detail))
            .ToList();

        return new CoSponsorBoardView(e.Id, e.Title, e.ProposingOrganisation, e.Status, Local(e.StartsAt, e.TimeZone), Local(e.EndsAt, e.TimeZone),
            e.RoomName, e.ConveningSlug, e.ConveningName, e.TimeZone, e.Locked, e.Final, rules,
            CoSponsorEligibility.Evaluate(rules, confirmed), CoSponsorGrouping.Group(confirmed, e.CrossRegionalThreshold), invitations, history);
    }

    public async Task<IReadOnlyList<CoSponsorOverviewRow>> OverviewAsync(Guid actorUserId, string conveningSlug)
    {
        await using var db = await database.OpenAsync();
        var c = await db.QuerySingleOrDefaultAsync<(Guid Id, int Threshold, int MinMembers, int MinGroups)>("""
            SELECT id, cross_regional_threshold, min_member_state_or_un_cosponsors, min_cosponsor_regional_groups
            FROM convenings WHERE slug = @conveningSlug
            """, new { conveningSlug });
        if (c.Id == Guid.Empty || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, c.Id)) return [];
        var rules = new CoSponsorRules(c.MinMembers, c.MinGroups);
        var events = await db.QueryAsync<(Guid Id, string Title, string Status, bool Locked, bool Final)>("""
            SELECT id, title, status, co_sponsors_locked, co_sponsors_final FROM side_events
            WHERE convening_id = @Id AND status IN ('submitted', 'waitlisted', 'accepted', 'scheduled')
            ORDER BY starts_at NULLS LAST, created_at
            """, new { c.Id });
        var sponsors = (await db.QueryAsync<SponsorRow>($"""
            SELECT cs.side_event_id AS SideEventId, cs.status AS Status, cs.token_expires_at AS TokenExpiresAt, {SponsorColumns}
            FROM co_sponsorships cs JOIN side_events e ON e.id = cs.side_event_id LEFT JOIN states st ON st.iso3 = cs.state_iso3
            WHERE e.convening_id = @Id
            """, new { c.Id })).ToLookup(s => s.SideEventId);
        var now = Now;
        return events.Select(e =>
        {
            var confirmed = sponsors[e.Id].Where(s => s.Status == "confirmed").Select(s => s.ToConfirmed()).ToList();
            var pending = sponsors[e.Id].Count(s => CoSponsorCodes.IsPending(EffectiveStatus(s.Status, s.TokenExpiresAt, now)));
            var groups = CoSponsorGrouping.DistinctGroups(confirmed);
            return new CoSponsorOverviewRow(e.Id, e.Title, e.Status, confirmed.Count, pending, groups, groups >= c.Threshold,
                e.Locked, e.Final, CoSponsorEligibility.Evaluate(rules, confirmed));
        }).ToList();
    }

    public async Task<OperationResult> InviteAsync(Guid actorUserId, Guid sideEventId, InvitationForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        Outgoing? outgoing = null;
        var result = await AsOrganiserAsync(actorUserId, sideEventId, async (db, tx, e) =>
        {
            if (RefuseInvitations(e) is { } refused) return refused;
            Sponsor? sponsor = form.Kind switch
            {
                SponsorKind.State => await db.QuerySingleOrDefaultAsync<Sponsor>(
                    "SELECT 'state' AS Kind, iso3 AS StateIso3, name AS Name FROM states WHERE iso3 = @Code",
                    new { Code = form.StateIso3!.Trim().ToUpperInvariant() }, tx),
                SponsorKind.UnEntity => await db.QuerySingleOrDefaultAsync<Sponsor>(
                    "SELECT 'un_entity' AS Kind, code AS UnEntityCode, name AS Name FROM un_entities WHERE code = @Code",
                    new { Code = form.UnEntityCode!.Trim() }, tx),
                _ => new Sponsor { Kind = "organisation", OrganisationName = form.OrganisationName!.Trim(), Name = form.OrganisationName!.Trim() },
            };
            if (sponsor is null) return OperationResult.Fail(form.Kind == SponsorKind.State ? "Choose a State from the list." : "Choose a UN entity from the list.");
            if (await AlreadyInvitedAsync(db, tx, e.Id, sponsor))
                return OperationResult.Fail($"{sponsor.Name} is already on this event's list of co-sponsors. Re-send or revoke that invitation instead.");
            var invitation = new NewInvitation(sponsor, form.FocalPointName.Trim(), form.FocalPointEmail.Trim(), Blank(form.Message));
            outgoing = await InsertInvitationAsync(db, tx, e, actorUserId, invitation);
            return OperationResult.Ok(outgoing.InvitationId);
        });
        if (!result.Succeeded || outgoing is null) return result;
        var failed = await SendAsync([outgoing]);
        return failed.Count == 0 ? result : OperationResult.Ok(result.Id, [MailFailedWarning(failed)]);
    }

    public async Task<BulkInvitationResult> InviteStatesAsync(Guid actorUserId, Guid sideEventId, BulkInvitationForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return BulkInvitationResult.Fail(error);
        var (lines, lineErrors) = BulkInvitationLines.Parse(form.Lines);
        if (lineErrors.Count > 0) return BulkInvitationResult.Fail([.. lineErrors]);

        var errors = new List<string>();
        var outgoing = new List<Outgoing>();
        var result = await AsOrganiserAsync(actorUserId, sideEventId, async (db, tx, e) =>
        {
            if (RefuseInvitations(e) is { } refused) return refused;
            var states = (await db.QueryAsync<Sponsor>("SELECT 'state' AS Kind, iso3 AS StateIso3, name AS Name FROM states", transaction: tx)).ToList();
            var byCode = states.ToDictionary(s => s.StateIso3!.Trim(), StringComparer.OrdinalIgnoreCase);
            var byName = states.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
            var invited = (await db.QueryAsync<string>("SELECT state_iso3 FROM co_sponsorships WHERE side_event_id = @Id AND state_iso3 IS NOT NULL",
                new { e.Id }, tx)).Select(s => s.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var resolved = new List<(BulkInvitationLine Line, Sponsor State)>();
            foreach (var line in lines)
            {
                if (!byCode.TryGetValue(line.State, out var state) && !byName.TryGetValue(line.State, out state))
                    errors.Add($"Line {line.LineNumber}: there is no State with the code or name “{Shorten(line.State)}”. Use the three-letter code, e.g. KEN for Kenya.");
                else if (seen.TryGetValue(state.StateIso3!, out var earlier))
                    errors.Add($"Line {line.LineNumber}: {state.Name} is already on line {earlier}.");
                else if (invited.Contains(state.StateIso3!))
                    errors.Add($"Line {line.LineNumber}: {state.Name} is already on this event's list of co-sponsors.");
                else
                {
                    seen[state.StateIso3!] = line.LineNumber;
                    resolved.Add((line, state));
                }
            }
            if (errors.Count > 0) return OperationResult.Fail("Nothing was sent: correct the lines below and send again.");
            foreach (var (line, state) in resolved)
                outgoing.Add(await InsertInvitationAsync(db, tx, e, actorUserId,
                    new NewInvitation(state, line.FocalPointName, line.FocalPointEmail, Blank(form.Message))));
            return OperationResult.Ok();
        });
        if (!result.Succeeded) return new BulkInvitationResult(false, 0, [result.Error!, .. errors]);
        var failed = await SendAsync(outgoing);
        return new BulkInvitationResult(true, outgoing.Count, failed.Count == 0 ? [] : [MailFailedWarning(failed)]);
    }

    public async Task<OperationResult> ResendAsync(Guid actorUserId, Guid invitationId)
    {
        Outgoing? outgoing = null;
        var result = await AsOrganiserOfInvitationAsync(actorUserId, invitationId, async (db, tx, e, invitation) =>
        {
            if (RefuseInvitations(e) is { } refused) return refused;
            if (string.IsNullOrEmpty(invitation.FocalPointEmail))
                return OperationResult.Fail($"The invitation to {invitation.SponsorName} has no focal point's e-mail address, so there is nowhere to send a link.");
            var token = CoSponsorTokens.NewToken();
            var expires = Now.AddDays(options.LinkLifetimeDays);
            var wasRevoked = invitation.Status == "revoked";
            // A new token replaces the old hash, so the previous link stops working at once. A revoked invitation starts over.
            await db.ExecuteAsync("""
                UPDATE co_sponsorships
                SET token_hash = @hash, token_expires_at = @expires, last_sent_at = @now, send_count = send_count + 1,
                    status = CASE WHEN status = 'revoked' THEN 'invited' ELSE status END,
                    revoked_at = NULL,
                    answered_at = CASE WHEN status = 'revoked' THEN NULL ELSE answered_at END,
                    authorising_official_name = CASE WHEN status = 'revoked' THEN NULL ELSE authorising_official_name END,
                    authorising_official_title = CASE WHEN status = 'revoked' THEN NULL ELSE authorising_official_title END,
                    decline_reason = CASE WHEN status = 'revoked' THEN NULL ELSE decline_reason END
                WHERE id = @Id
                """, new { hash = CoSponsorTokens.Hash(token), expires, now = Now, invitation.Id }, tx);
            await RecordAsync(db, tx, e.Id, invitation.Id, Actor.Organiser(actorUserId), wasRevoked ? "invited again" : "re-sent the link",
                $"New link to {invitation.FocalPointName}, valid until {Local(expires, e.TimeZone):d MMM yyyy}; the previous link no longer works.");
            outgoing = new Outgoing(invitation.Id, e, invitation.SponsorName, invitation.FocalPointName, invitation.FocalPointEmail,
                invitation.Message, token, Utc(expires), await ActorNameAsync(db, tx, actorUserId),
                wasRevoked ? MailKind.Invitation : invitation.Status is "invited" or "opened" ? MailKind.Reminder : MailKind.NewLink);
            return OperationResult.Ok(invitation.Id);
        });
        if (!result.Succeeded || outgoing is null) return result;
        var failed = await SendAsync([outgoing]);
        return failed.Count == 0 ? result : OperationResult.Ok(result.Id, [MailFailedWarning(failed)]);
    }

    public Task<OperationResult> RevokeAsync(Guid actorUserId, Guid invitationId) =>
        AsOrganiserOfInvitationAsync(actorUserId, invitationId, async (db, tx, e, invitation) =>
        {
            if (e.Final) return OperationResult.Fail("The co-sponsor list is final. Unlock it before revoking an invitation.");
            if (invitation.Status == "revoked") return OperationResult.Fail($"The invitation to {invitation.SponsorName} is already revoked.");
            await db.ExecuteAsync("UPDATE co_sponsorships SET status = 'revoked', token_hash = NULL, revoked_at = @now WHERE id = @Id",
                new { now = Now, invitation.Id }, tx);
            var was = CoSponsorCodes.StatusLabel(EffectiveStatus(invitation.Status, invitation.TokenExpiresAt, Now));
            await RecordAsync(db, tx, e.Id, invitation.Id, Actor.Organiser(actorUserId), "revoked", $"It was {was}; its link no longer works.");
            return OperationResult.Ok(invitation.Id);
        });

    public Task<OperationResult> SetLockedAsync(Guid actorUserId, Guid sideEventId, bool locked) =>
        AsOrganiserAsync(actorUserId, sideEventId, async (db, tx, e) =>
        {
            if (locked == e.Locked) return OperationResult.Fail(locked ? "The co-sponsor list is already locked." : "The co-sponsor list is not locked.");
            await db.ExecuteAsync("UPDATE side_events SET co_sponsors_locked = @locked, co_sponsors_final = false WHERE id = @Id", new { locked, e.Id }, tx);
            await RecordAsync(db, tx, e.Id, null, Actor.Organiser(actorUserId), locked ? "locked the list" : "unlocked the list",
                locked ? "Focal points can no longer change their answers." : e.Final ? "The list is no longer final; focal points can answer again." : "Focal points can answer again.");
            return OperationResult.Ok(e.Id);
        });

    public Task<OperationResult> MarkFinalAsync(Guid actorUserId, Guid sideEventId) =>
        AsOrganiserAsync(actorUserId, sideEventId, async (db, tx, e) =>
        {
            if (e.Final) return OperationResult.Fail("The co-sponsor list is already final.");
            // Read under the event's row lock: no answer can land between this check and the update below.
            var confirmed = await ConfirmedAsync(db, tx, e.Id);
            var eligibility = CoSponsorEligibility.Evaluate(e.Rules, confirmed);
            if (!eligibility.IsMet)
                return OperationResult.Fail($"“{e.Title}” cannot be marked final: it does not meet the convening's co-sponsor rules yet. {string.Join(" ", eligibility.Missing)}");
            await db.ExecuteAsync("UPDATE side_events SET co_sponsors_locked = true, co_sponsors_final = true WHERE id = @Id", new { e.Id }, tx);
            await RecordAsync(db, tx, e.Id, null, Actor.Organiser(actorUserId), "marked the list final",
                $"{confirmed.Count} confirmed {(confirmed.Count == 1 ? "co-sponsor" : "co-sponsors")}; the list is locked.");
            return OperationResult.Ok(e.Id);
        });

    public async Task<OperationResult> UpdateRulesAsync(Guid actorUserId, string conveningSlug, CoSponsorRulesForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await database.OpenAsync();
        var conveningId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM convenings WHERE slug = @conveningSlug", new { conveningSlug });
        if (conveningId is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, conveningId.Value))
            return OperationResult.Fail("You do not organise this convening.");
        await db.ExecuteAsync("""
            UPDATE convenings SET min_member_state_or_un_cosponsors = @MinMemberStatesOrUnEntities, min_cosponsor_regional_groups = @MinRegionalGroups,
                                  updated_at = now()
            WHERE id = @conveningId
            """, new { form.MinMemberStatesOrUnEntities, form.MinRegionalGroups, conveningId });
        logger.LogInformation("Co-sponsor rules of convening {ConveningId} set by {UserId}: {MinMembers} Member States or UN entities, {MinGroups} regional groups",
            conveningId, actorUserId, form.MinMemberStatesOrUnEntities, form.MinRegionalGroups);
        return OperationResult.Ok(conveningId);
    }

    // ---------------------------------------------------------------- focal points

    public async Task<FocalPointInvitation?> OpenAsync(string? token)
    {
        if (!CoSponsorTokens.IsWellFormed(token)) return null;
        await using var db = await database.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        var row = await FindByTokenAsync(db, tx, token!);
        if (row is null) return null;
        // The first opening is recorded once, however many times the page is loaded or two loads race.
        var firstOpening = await db.ExecuteScalarAsync<Guid?>("""
            UPDATE co_sponsorships SET opened_at = @now, status = CASE WHEN status = 'invited' THEN 'opened' ELSE status END
            WHERE id = @Id AND opened_at IS NULL
            RETURNING id
            """, new { now = Now, row.Id }, tx);
        if (firstOpening is not null)
        {
            await RecordAsync(db, tx, row.SideEventId, row.Id, Actor.FocalPoint, "opened the link", null);
            if (row.Status == "invited") row.Status = "opened";
        }
        await tx.CommitAsync();
        return row.ToFocalPointView();
    }

    public Task<FocalPointResult> ConfirmAsync(string? token, ConfirmationForm form) =>
        AnswerAsync(token, form, async (db, tx, row) =>
        {
            var official = form.OfficialName.Trim();
            var title = form.OfficialTitle.Trim();
            var displayName = form.DisplayName.Trim();
            await db.ExecuteAsync("""
                UPDATE co_sponsorships
                SET status = 'confirmed', authorising_official_name = @official, authorising_official_title = @title,
                    display_name = @displayName, decline_reason = NULL, answered_at = @now
                WHERE id = @Id
                """, new { official, title, displayName, now = Now, row.Id }, tx);
            var action = row.Status switch
            {
                "confirmed" => "changed the confirmation",
                "declined" => "changed the answer to confirmed",
                _ => "confirmed",
            };
            await RecordAsync(db, tx, row.SideEventId, row.Id, Actor.FocalPoint, action, $"Authorised by {official}, {title}; shown as “{displayName}”.");
        });

    public Task<FocalPointResult> DeclineAsync(string? token, DeclineForm form) =>
        AnswerAsync(token, form, async (db, tx, row) =>
        {
            var reason = Blank(form.Reason);
            await db.ExecuteAsync("""
                UPDATE co_sponsorships
                SET status = 'declined', decline_reason = @reason, authorising_official_name = NULL, authorising_official_title = NULL, answered_at = @now
                WHERE id = @Id
                """, new { reason, now = Now, row.Id }, tx);
            var action = row.Status switch
            {
                "declined" => "changed the reason for declining",
                "confirmed" => "withdrew the confirmation and declined",
                _ => "declined",
            };
            await RecordAsync(db, tx, row.SideEventId, row.Id, Actor.FocalPoint, action, reason);
        });

    /// <summary>
    /// The shared path of both answers: the token first (so an invalid link never learns anything from validation
    /// messages), then the lock, then the form.
    /// </summary>
    private async Task<FocalPointResult> AnswerAsync(string? token, object form, Func<NpgsqlConnection, NpgsqlTransaction, LinkRow, Task> answer)
    {
        if (!CoSponsorTokens.IsWellFormed(token)) return FocalPointResult.InvalidLink;
        await using var db = await database.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        var row = await FindByTokenAsync(db, tx, token!);
        if (row is null) return FocalPointResult.InvalidLink;
        if (row.Locked)
            return new FocalPointResult(FocalPointOutcome.Locked,
                "The organisers have closed the list of co-sponsors, so answers can no longer be changed. Please contact them directly.");
        if (FormValidation.FirstError(form) is { } error) return new FocalPointResult(FocalPointOutcome.Refused, error);
        await answer(db, tx, row);
        await tx.CommitAsync();
        logger.LogInformation("Co-sponsor invitation {InvitationId} answered by its focal point", row.Id);
        return FocalPointResult.Done;
    }

    /// <summary>
    /// The invitation a token opens, locked for the rest of the transaction; null for every kind of invalid link.
    /// The side event is share-locked so that an organiser's lock or "mark final" waits for this answer, or this answer
    /// waits for it and then sees the list locked.
    /// </summary>
    private async Task<LinkRow?> FindByTokenAsync(NpgsqlConnection db, NpgsqlTransaction tx, string token)
    {
        var row = await db.QuerySingleOrDefaultAsync<LinkRow>("""
            SELECT cs.id AS Id, cs.side_event_id AS SideEventId, cs.sponsor_kind AS Kind, cs.status AS Status, cs.display_name AS DisplayName,
                   COALESCE(st.name, ue.name, cs.organisation_name) AS SponsorName, cs.focal_point_name AS FocalPointName, cs.message AS Message,
                   cs.authorising_official_name AS OfficialName, cs.authorising_official_title AS OfficialTitle, cs.decline_reason AS DeclineReason,
                   cs.token_expires_at AS TokenExpiresAt, e.co_sponsors_locked AS Locked, e.status AS EventStatus,
                   e.title AS EventTitle, e.proposing_organisation AS ProposingOrganisation, e.abstract_md AS AbstractMarkdown, e.format AS Format,
                   e.starts_at AS StartsAt, e.ends_at AS EndsAt, r.name AS RoomName, v.name AS VenueName,
                   c.name AS ConveningName, c.time_zone AS TimeZone, u.display_name AS InvitedBy
            FROM co_sponsorships cs
            JOIN side_events e ON e.id = cs.side_event_id
            JOIN convenings c ON c.id = e.convening_id
            LEFT JOIN rooms r ON r.id = e.room_id
            LEFT JOIN venues v ON v.id = r.venue_id
            LEFT JOIN states st ON st.iso3 = cs.state_iso3
            LEFT JOIN un_entities ue ON ue.code = cs.un_entity_code
            LEFT JOIN users u ON u.id = cs.invited_by
            WHERE cs.token_hash = @hash
            FOR UPDATE OF cs FOR SHARE OF e
            """, new { hash = CoSponsorTokens.Hash(token) }, tx);
        if (row is null || row.Status == "revoked" || row.TokenExpiresAt is not { } expires || expires <= Now
            || !CoSponsorStatuses.EventTakesCoSponsors(row.EventStatus))
            return null;
        return row;
    }

    // ---------------------------------------------------------------- helpers

    private const string EventSql = """
        SELECT e.id AS Id, e.title AS Title, e.proposing_organisation AS ProposingOrganisation, e.status AS Status, e.starts_at AS StartsAt,
               e.ends_at AS EndsAt, r.name AS RoomName, e.co_sponsors_locked AS Locked, e.co_sponsors_final AS Final,
               c.id AS ConveningId, c.slug AS ConveningSlug, c.name AS ConveningName, c.time_zone AS TimeZone,
               c.cross_regional_threshold AS CrossRegionalThreshold, c.min_member_state_or_un_cosponsors AS MinMemberStatesOrUnEntities,
               c.min_cosponsor_regional_groups AS MinRegionalGroups
        FROM side_events e JOIN convenings c ON c.id = e.convening_id LEFT JOIN rooms r ON r.id = e.room_id
        """;

    private const string InvitationSql = """
        SELECT cs.id AS Id, cs.side_event_id AS SideEventId, cs.sponsor_kind AS Kind, cs.state_iso3 AS StateIso3, cs.display_name AS DisplayName,
               COALESCE(st.name, ue.name, cs.organisation_name) AS SponsorName, st.regional_group AS RegionalGroup, st.electoral_group AS ElectoralGroup,
               cs.status AS Status, cs.focal_point_name AS FocalPointName, cs.focal_point_email AS FocalPointEmail, cs.message AS Message,
               cs.last_sent_at AS LastSentAt, cs.send_count AS SendCount, cs.token_expires_at AS TokenExpiresAt, cs.opened_at AS OpenedAt,
               cs.answered_at AS AnsweredAt, cs.authorising_official_name AS OfficialName, cs.authorising_official_title AS OfficialTitle,
               cs.decline_reason AS DeclineReason
        FROM co_sponsorships cs LEFT JOIN states st ON st.iso3 = cs.state_iso3 LEFT JOIN un_entities ue ON ue.code = cs.un_entity_code
        """;

    internal const string SponsorColumns = """
        cs.display_name AS DisplayName, cs.sponsor_kind AS Kind, st.status AS StateStatus, st.regional_group AS RegionalGroup,
        st.electoral_group AS ElectoralGroup
        """;

    /// <summary>Loads and locks the side event, checks that the actor organises its convening, runs the change and commits it, or nothing.</summary>
    private async Task<OperationResult> AsOrganiserAsync(Guid actorUserId, Guid sideEventId,
        Func<NpgsqlConnection, NpgsqlTransaction, EventRow, Task<OperationResult>> change)
    {
        await using var db = await database.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        var e = await db.QuerySingleOrDefaultAsync<EventRow>(EventSql + " WHERE e.id = @sideEventId FOR NO KEY UPDATE OF e", new { sideEventId }, tx);
        if (e is null) return OperationResult.Fail(NoSuchEvent);
        if (!await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, e.ConveningId, tx)) return OperationResult.Fail(OnlyOrganisers);
        var result = await change(db, tx, e);
        if (result.Succeeded) await tx.CommitAsync(); else await tx.RollbackAsync();
        return result;
    }

    private async Task<OperationResult> AsOrganiserOfInvitationAsync(Guid actorUserId, Guid invitationId,
        Func<NpgsqlConnection, NpgsqlTransaction, EventRow, InvitationRow, Task<OperationResult>> change)
    {
        Guid? sideEventId;
        await using (var lookup = await database.OpenAsync())
            sideEventId = await lookup.ExecuteScalarAsync<Guid?>("SELECT side_event_id FROM co_sponsorships WHERE id = @invitationId", new { invitationId });
        if (sideEventId is null) return OperationResult.Fail("There is no such invitation.");
        return await AsOrganiserAsync(actorUserId, sideEventId.Value, async (db, tx, e) =>
        {
            var invitation = await db.QuerySingleOrDefaultAsync<InvitationRow>(InvitationSql + " WHERE cs.id = @invitationId FOR UPDATE OF cs", new { invitationId }, tx);
            return invitation is null ? OperationResult.Fail("There is no such invitation.") : await change(db, tx, e, invitation);
        });
    }

    private static OperationResult? RefuseInvitations(EventRow e)
    {
        if (!CoSponsorStatuses.EventTakesCoSponsors(e.Status))
            return OperationResult.Fail($"“{e.Title}” is {e.Status}: it takes no co-sponsors.");
        if (e.Locked)
            return OperationResult.Fail(e.Final ? "The co-sponsor list is final. Unlock it to invite or remind co-sponsors." : "The co-sponsor list is locked. Unlock it to invite or remind co-sponsors.");
        return null;
    }

    private static Task<bool> AlreadyInvitedAsync(NpgsqlConnection db, NpgsqlTransaction tx, Guid sideEventId, Sponsor sponsor) =>
        db.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM co_sponsorships WHERE side_event_id = @sideEventId AND (
                state_iso3 = @StateIso3 OR un_entity_code = @UnEntityCode
                OR (sponsor_kind = 'organisation' AND lower(organisation_name) = lower(@OrganisationName))))
            """, new { sideEventId, sponsor.StateIso3, sponsor.UnEntityCode, sponsor.OrganisationName }, tx);

    private async Task<Outgoing> InsertInvitationAsync(NpgsqlConnection db, NpgsqlTransaction tx, EventRow e, Guid actorUserId,
        NewInvitation invitation)
    {
        var token = CoSponsorTokens.NewToken();
        var now = Now;
        var expires = now.AddDays(options.LinkLifetimeDays);
        var sponsor = invitation.Sponsor;
        var id = await db.ExecuteScalarAsync<Guid>("""
            INSERT INTO co_sponsorships (side_event_id, sponsor_kind, state_iso3, un_entity_code, organisation_name, display_name, status, created_at,
                                         focal_point_name, focal_point_email, message, token_hash, token_expires_at, invited_by, last_sent_at, send_count)
            VALUES (@SideEventId, @Kind, @StateIso3, @UnEntityCode, @OrganisationName, @Name, 'invited', @now,
                    @FocalPointName, @FocalPointEmail, @Message, @hash, @expires, @actorUserId, @now, 1)
            RETURNING id
            """, new
        {
            SideEventId = e.Id, sponsor.Kind, sponsor.StateIso3, sponsor.UnEntityCode, sponsor.OrganisationName, sponsor.Name, now,
            invitation.FocalPointName, invitation.FocalPointEmail, invitation.Message, hash = CoSponsorTokens.Hash(token), expires, actorUserId,
        }, tx);
        await RecordAsync(db, tx, e.Id, id, Actor.Organiser(actorUserId), "invited",
            $"Link sent to {invitation.FocalPointName}, valid until {Local(expires, e.TimeZone):d MMM yyyy}.");
        return new Outgoing(id, e, sponsor.Name, invitation.FocalPointName, invitation.FocalPointEmail, invitation.Message, token, Utc(expires),
            await ActorNameAsync(db, tx, actorUserId), MailKind.Invitation);
    }

    private static Task<string?> ActorNameAsync(NpgsqlConnection db, NpgsqlTransaction tx, Guid userId) =>
        db.ExecuteScalarAsync<string?>("SELECT display_name FROM users WHERE id = @userId", new { userId }, tx);

    /// <summary>Mails go out after the commit, so a mail never announces an invitation that was rolled back. Returns the sponsors whose mail failed.</summary>
    private async Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<Outgoing> outgoing)
    {
        var failed = new List<string>();
        foreach (var o in outgoing)
        {
            try
            {
                await mail.SendAsync(InvitationMail(o));
                logger.LogInformation("Co-sponsor invitation {InvitationId} for side event {SideEventId} mailed", o.InvitationId, o.Event.Id);
            }
            catch (Exception e)
            {
                // The address is personal data: the log names the invitation, never the address.
                logger.LogError(e, "Could not mail co-sponsor invitation {InvitationId}", o.InvitationId);
                failed.Add(o.SponsorName);
                await using var db = await database.OpenAsync();
                await using var tx = await db.BeginTransactionAsync();
                await RecordAsync(db, tx, o.Event.Id, o.InvitationId, Actor.App, "mail not sent", "The e-mail could not be sent; use Re-send to try again.");
                await tx.CommitAsync();
            }
        }
        return failed;
    }

    private static string MailFailedWarning(IReadOnlyList<string> sponsors) =>
        $"Saved, but the e-mail to {string.Join(", ", sponsors)} could not be sent. Use Re-send to try again.";

    private OutgoingMail InvitationMail(Outgoing o)
    {
        var link = CoSponsorLinkPaths.Link(site.BaseUrl, o.Token);
        var e = o.Event;
        var when = e.StartsAt is { } starts
            ? $" on {Local(starts, e.TimeZone):dddd d MMMM yyyy, HH:mm}–{Local(e.EndsAt!.Value, e.TimeZone):HH:mm} ({e.TimeZone}){(e.RoomName is null ? "" : $", {e.RoomName}")}"
            : "";
        var inviter = o.InviterName ?? "The organisers";
        var expires = $"{Local(o.ExpiresAt.UtcDateTime, e.TimeZone):d MMMM yyyy}";
        var subject = o.Kind switch
        {
            MailKind.Reminder => $"Reminder: invitation to co-sponsor “{e.Title}”",
            MailKind.NewLink => $"A new link to your answer on co-sponsoring “{e.Title}”",
            _ => $"Invitation to co-sponsor “{e.Title}”",
        };
        var intro = o.Kind == MailKind.NewLink
            ? $"Here is a new link to see or change the answer of {o.SponsorName} on co-sponsoring the side event “{e.Title}”, organised by {e.ProposingOrganisation}{when}, at {e.ConveningName}. Earlier links no longer work."
            : $"{inviter} of {e.ConveningName} invites {o.SponsorName} to co-sponsor the side event “{e.Title}”, organised by {e.ProposingOrganisation}{when}.";
        // The link comes before any text the organiser wrote, so it is the first link in the mail.
        var text = $"""
            Dear {o.FocalPointName},

            {intro}

            To confirm or decline, open this link (no account is needed):
            {link}

            The link works until {expires}. It is for you alone: please do not forward it. You can change your answer until the organisers close the list of co-sponsors.
            """ + (o.Message is null ? "\n" : $"\n\nMessage from {inviter}:\n{o.Message}\n");
        string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"""
            <p>Dear {H(o.FocalPointName)},</p>
            <p>{H(intro)}</p>
            <p><a href="{H(link)}">Confirm or decline</a> (no account is needed).</p>
            <p>The link works until {H(expires)}. It is for you alone: please do not forward it. You can change your answer until the organisers close the list of co-sponsors.</p>
            """ + (o.Message is null ? "" : $"<p>Message from {H(inviter)}:</p><blockquote style=\"white-space:pre-line\">{H(o.Message)}</blockquote>");
        return new OutgoingMail(o.FocalPointEmail, subject, text, html);
    }

    private static async Task<List<ConfirmedCoSponsor>> ConfirmedAsync(NpgsqlConnection db, NpgsqlTransaction? tx, Guid sideEventId) =>
        (await db.QueryAsync<SponsorRow>($"""
            SELECT {SponsorColumns} FROM co_sponsorships cs LEFT JOIN states st ON st.iso3 = cs.state_iso3
            WHERE cs.side_event_id = @sideEventId AND cs.status = 'confirmed'
            """, new { sideEventId }, tx)).Select(s => s.ToConfirmed()).ToList();

    /// <summary>Who a history entry names: an organiser (by account), the invitation's focal point, or the app itself.</summary>
    private readonly record struct Actor(Guid? UserId, bool IsFocalPoint)
    {
        public static Actor Organiser(Guid userId) => new(userId, false);
        public static Actor FocalPoint => new(null, true);
        public static Actor App => new(null, false);
    }

    private Task RecordAsync(IDbConnection db, IDbTransaction tx, Guid sideEventId, Guid? invitationId, Actor actor, string action, string? detail) =>
        db.ExecuteAsync("""
            INSERT INTO co_sponsor_history (side_event_id, co_sponsorship_id, at, actor_user_id, by_focal_point, action, detail)
            VALUES (@sideEventId, @invitationId, @at, @UserId, @IsFocalPoint, @action, @detail)
            """, new { sideEventId, invitationId, at = Now, actor.UserId, actor.IsFocalPoint, action, detail }, tx);

    /// <summary>What the board shows: an unanswered invitation whose link has run out is expired.</summary>
    internal static InvitationStatus EffectiveStatus(string status, DateTime? tokenExpiresAt, DateTime now)
    {
        var parsed = CoSponsorCodes.ParseStatus(status);
        return CoSponsorCodes.IsPending(parsed) && tokenExpiresAt is { } expires && expires <= now ? InvitationStatus.Expired : parsed;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    private static DateTimeOffset Local(DateTime utc, string zone) => ConveningClock.ToLocal(Utc(utc), zone);
    private static DateTimeOffset? Local(DateTime? utc, string zone) => utc is { } u ? Local(u, zone) : null;
    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private sealed record NewInvitation(Sponsor Sponsor, string FocalPointName, string FocalPointEmail, string? Message);

    private sealed record Outgoing(Guid InvitationId, EventRow Event, string SponsorName, string? FocalPointName, string FocalPointEmail,
        string? Message, string Token, DateTimeOffset ExpiresAt, string? InviterName, MailKind Kind);

    /// <summary>A first invitation, a reminder of an unanswered one, or a new link for someone who has answered (to see or change the answer).</summary>
    private enum MailKind { Invitation, Reminder, NewLink }

    private sealed class Sponsor
    {
        public string Kind { get; set; } = "";
        public string? StateIso3 { get; set; }
        public string? UnEntityCode { get; set; }
        public string? OrganisationName { get; set; }
        public string Name { get; set; } = "";
    }

    private sealed class EventRow
    {
        public Guid Id { get; set; }
        public string Title { get; set; } = "";
        public string ProposingOrganisation { get; set; } = "";
        public string Status { get; set; } = "";
        public DateTime? StartsAt { get; set; }
        public DateTime? EndsAt { get; set; }
        public string? RoomName { get; set; }
        public bool Locked { get; set; }
        public bool Final { get; set; }
        public Guid ConveningId { get; set; }
        public string ConveningSlug { get; set; } = "";
        public string ConveningName { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public int CrossRegionalThreshold { get; set; }
        public int MinMemberStatesOrUnEntities { get; set; }
        public int MinRegionalGroups { get; set; }
        public CoSponsorRules Rules => new(MinMemberStatesOrUnEntities, MinRegionalGroups);
    }

    private sealed class InvitationRow
    {
        public Guid Id { get; set; }
        public Guid SideEventId { get; set; }
        public string Kind { get; set; } = "";
        public string? StateIso3 { get; set; }
        public string DisplayName { get; set; } = "";
        public string SponsorName { get; set; } = "";
        public string? RegionalGroup { get; set; }
        public string? ElectoralGroup { get; set; }
        public string Status { get; set; } = "";
        public string? FocalPointName { get; set; }
        public string? FocalPointEmail { get; set; }
        public string? Message { get; set; }
        public DateTime? LastSentAt { get; set; }
        public int SendCount { get; set; }
        public DateTime? TokenExpiresAt { get; set; }
        public DateTime? OpenedAt { get; set; }
        public DateTime? AnsweredAt { get; set; }
        public string? OfficialName { get; set; }
        public string? OfficialTitle { get; set; }
        public string? DeclineReason { get; set; }

        public InvitationView ToView(DateTime now)
        {
            DateTimeOffset? At(DateTime? utc) => utc is { } u ? Utc(u) : null;
            var kind = CoSponsorCodes.ParseKind(Kind);
            return new InvitationView(Id, kind, SponsorName, StateIso3?.Trim(),
                kind == SponsorKind.State ? CoSponsorGrouping.CountingGroup(RegionalGroups.FromCode(RegionalGroup), RegionalGroups.FromCode(ElectoralGroup)) : null,
                DisplayName, FocalPointName, FocalPointEmail, EffectiveStatus(Status, TokenExpiresAt, now), At(LastSentAt), SendCount,
                Status == "revoked" ? null : At(TokenExpiresAt), At(OpenedAt), At(AnsweredAt), OfficialName, OfficialTitle, DeclineReason);
        }
    }

    internal sealed class SponsorRow
    {
        public Guid SideEventId { get; set; }
        public string Status { get; set; } = "";
        public DateTime? TokenExpiresAt { get; set; }
        public string DisplayName { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? StateStatus { get; set; }
        public string? RegionalGroup { get; set; }
        public string? ElectoralGroup { get; set; }

        public ConfirmedCoSponsor ToConfirmed() => new(DisplayName, CoSponsorCodes.ParseKind(Kind),
            RegionalGroups.FromCode(RegionalGroup), RegionalGroups.FromCode(ElectoralGroup), StateStatus == "member");
    }

    private sealed class HistoryRow
    {
        public DateTime At { get; set; }
        public string Action { get; set; } = "";
        public string? Detail { get; set; }
        public bool ByFocalPoint { get; set; }
        public string? UserName { get; set; }
        public bool HasUser { get; set; }
        public string? SponsorName { get; set; }
    }

    private sealed class LinkRow
    {
        public Guid Id { get; set; }
        public Guid SideEventId { get; set; }
        public string Kind { get; set; } = "";
        public string Status { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string SponsorName { get; set; } = "";
        public string? FocalPointName { get; set; }
        public string? Message { get; set; }
        public string? OfficialName { get; set; }
        public string? OfficialTitle { get; set; }
        public string? DeclineReason { get; set; }
        public DateTime? TokenExpiresAt { get; set; }
        public bool Locked { get; set; }
        public string EventStatus { get; set; } = "";
        public string EventTitle { get; set; } = "";
        public string ProposingOrganisation { get; set; } = "";
        public string AbstractMarkdown { get; set; } = "";
        public string Format { get; set; } = "";
        public DateTime? StartsAt { get; set; }
        public DateTime? EndsAt { get; set; }
        public string? RoomName { get; set; }
        public string? VenueName { get; set; }
        public string ConveningName { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public string? InvitedBy { get; set; }

        public FocalPointInvitation ToFocalPointView() => new(SponsorName, CoSponsorCodes.ParseKind(Kind), DisplayName, FocalPointName, Message, InvitedBy,
            CoSponsorCodes.ParseStatus(Status), OfficialName, OfficialTitle, DeclineReason, Locked, Utc(TokenExpiresAt!.Value),
            EventTitle, ProposingOrganisation, AbstractMarkdown, Format, ConveningName, TimeZone,
            Local(StartsAt, TimeZone), Local(EndsAt, TimeZone), RoomName, VenueName);
    }
}
