using System.Runtime.CompilerServices;
using Events.Server.Database;
using Events.Shared.CoSponsors;
using Microsoft.EntityFrameworkCore;
using static Events.Server.Convenings.FormValidation;
using static Events.Server.CoSponsors.CoSponsorTime;

namespace Events.Server.CoSponsors;

/// <summary>
/// The focal point's side, through the link's token alone (<c>/cosponsor/{token}</c>, rate limited by
/// <see cref="CoSponsorLinkRateLimit"/>): open the invitation, confirm, decline. Every invalid token (malformed,
/// unknown, modified, expired, revoked, replaced, or for an event that takes no co-sponsors) gives the same answer and
/// changes nothing.
/// <para>
/// An answer locks its invitation (FOR UPDATE) and share-locks the side event, so two answers through one link are
/// serialised, and an answer and an organiser's lock or "mark final" (<see cref="CoSponsorBoardCommands"/>) never interleave.
/// </para>
/// </summary>
public sealed class CoSponsorLinks(
    IDbContextFactory<EventsDbContext> dbFactory,
    TimeProvider clock,
    ILogger<CoSponsorLinks> logger,
    SideEvents.ProposalMails? proposalMails = null) : ICoSponsorLinks
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<FocalPointInvitation?> OpenAsync(string? token)
    {
        if (!CoSponsorTokens.IsWellFormed(token)) return null;
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var row = await FindByTokenAsync(db, token!);
        if (row is null) return null;
        // The first opening is recorded once, however many times the page is loaded or two loads race.
        var now = Now;
        var firstOpening = await db.CoSponsorships.Where(cs => cs.Id == row.Id && cs.OpenedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(cs => cs.OpenedAt, now)
                .SetProperty(cs => cs.Status, cs => cs.Status == "invited" ? "opened" : cs.Status)) == 1;
        if (firstOpening)
        {
            CoSponsorActor.FocalPoint.Record(db, now, row.SideEventId, row.Id, "opened the link", null);
            await db.SaveChangesAsync();
            if (row.Status == "invited") row.Status = "opened";
        }
        await tx.CommitAsync();
        return row.ToFocalPointView();
    }

    public Task<FocalPointResult> ConfirmAsync(string? token, ConfirmationForm form) =>
        AnswerAsync(token, form, async (db, row) =>
        {
            var official = form.OfficialName.Trim();
            var title = form.OfficialTitle.Trim();
            var displayName = form.DisplayName.Trim();
            var now = Now;
            await db.CoSponsorships.Where(cs => cs.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(cs => cs.Status, ConfirmedCoSponsors.Confirmed)
                .SetProperty(cs => cs.AuthorisingOfficialName, official)
                .SetProperty(cs => cs.AuthorisingOfficialTitle, title)
                .SetProperty(cs => cs.DisplayName, displayName)
                .SetProperty(cs => cs.DeclineReason, (string?)null)
                .SetProperty(cs => cs.AnsweredAt, now));
            var action = row.Status switch
            {
                "confirmed" => "changed the confirmation",
                "declined" => "changed the answer to confirmed",
                _ => "confirmed",
            };
            CoSponsorActor.FocalPoint.Record(db, now, row.SideEventId, row.Id, action, $"Authorised by {official}, {title}; shown as “{displayName}”.");
        });

    public Task<FocalPointResult> DeclineAsync(string? token, DeclineForm form) =>
        AnswerAsync(token, form, async (db, row) =>
        {
            var reason = Blank(form.Reason);
            var now = Now;
            await db.CoSponsorships.Where(cs => cs.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(cs => cs.Status, "declined")
                .SetProperty(cs => cs.DeclineReason, reason)
                .SetProperty(cs => cs.AuthorisingOfficialName, (string?)null)
                .SetProperty(cs => cs.AuthorisingOfficialTitle, (string?)null)
                .SetProperty(cs => cs.AnsweredAt, now));
            var action = row.Status switch
            {
                "declined" => "changed the reason for declining",
                "confirmed" => "withdrew the confirmation and declined",
                _ => "declined",
            };
            CoSponsorActor.FocalPoint.Record(db, now, row.SideEventId, row.Id, action, reason);
        });

    /// <summary>
    /// The shared path of both answers: the token first (so an invalid link never learns anything from validation
    /// messages), then the lock, then the form.
    /// </summary>
    private async Task<FocalPointResult> AnswerAsync(string? token, object form, Func<EventsDbContext, LinkRow, Task> answer)
    {
        if (!CoSponsorTokens.IsWellFormed(token)) return FocalPointResult.InvalidLink;
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var row = await FindByTokenAsync(db, token!);
        if (row is null) return FocalPointResult.InvalidLink;
        if (row.Locked)
            return new FocalPointResult(FocalPointOutcome.Locked,
                "The organisers have closed the list of co-sponsors, so answers can no longer be changed. Please contact them directly.");
        if (FirstError(form) is { } error) return new FocalPointResult(FocalPointOutcome.Refused, error);
        await answer(db, row);
        await db.SaveChangesAsync();
        // The organisers' mail reads the saved answer, and commits with it.
        if (proposalMails is not null)
        {
            await proposalMails.QueueCoSponsorAnsweredAsync(db, row.Id);
            await db.SaveChangesAsync();
        }
        await tx.CommitAsync();
        logger.LogInformation("Co-sponsor invitation {InvitationId} answered by its focal point", row.Id);
        return FocalPointResult.Done;
    }

    /// <summary>
    /// The invitation a token opens, locked for the rest of the transaction; null for every kind of invalid link.
    /// The database keeps only the token's SHA-256, and the lookup is by that hash. The side event is share-locked so
    /// that an organiser's lock or "mark final" waits for this answer, or this answer waits for it and then sees the list locked.
    /// <para>
    /// One statement in SQL, because the lock flag must be read from the locked row: after waiting for a lock, PostgreSQL
    /// hands back the row's newest version, while a table joined apart from the locked rows (as a LINQ projection over a
    /// locking FromSql would join it) is still read as of the statement's start, and could show the list unlocked. The
    /// locks are the dialect's (FOR UPDATE OF / FOR SHARE OF on PostgreSQL, table hints on SQL Server).
    /// </para>
    /// </summary>
    private async Task<LinkRow?> FindByTokenAsync(EventsDbContext db, string token)
    {
        var row = (await db.Database.SqlQuery<LinkRow>(ByTokenHash(SqlDialect.Of(db), CoSponsorTokens.Hash(token))).ToListAsync()).SingleOrDefault();
        if (row is null || row.Status == "revoked" || row.TokenExpiresAt is not { } expires || expires <= Now
            || !CoSponsorStatuses.EventTakesCoSponsors(row.EventStatus))
            return null;
        return row;
    }

    /// <summary>The SELECT of <see cref="FindByTokenAsync"/> in the dialect's words.</summary>
    internal static FormattableString ByTokenHash(SqlDialect dialect, byte[] hash) => FormattableStringFactory.Create($$"""
            SELECT cs.id AS "Id", cs.side_event_id AS "SideEventId", cs.sponsor_kind AS "Kind", cs.status AS "Status",
                   cs.display_name AS "DisplayName", COALESCE(st.name, ue.name, cs.organisation_name) AS "SponsorName",
                   cs.focal_point_name AS "FocalPointName", cs.message AS "Message", cs.authorising_official_name AS "OfficialName",
                   cs.authorising_official_title AS "OfficialTitle", cs.decline_reason AS "DeclineReason", cs.token_expires_at AS "TokenExpiresAt",
                   e.co_sponsors_locked AS "Locked", e.status AS "EventStatus", e.title AS "EventTitle",
                   e.proposing_organisation AS "ProposingOrganisation", e.abstract_md AS "AbstractMarkdown", e.format AS "Format",
                   e.starts_at AS "StartsAt", e.ends_at AS "EndsAt", r.name AS "RoomName", v.name AS "VenueName",
                   c.name AS "ConveningName", c.time_zone AS "TimeZone", c.organising_organisation AS "InvitedBy"
            FROM {{dialect.LockedTable("co_sponsorships", "cs", RowLock.Update)}}
            JOIN {{dialect.LockedTable("side_events", "e", RowLock.Share)}} ON e.id = cs.side_event_id
            JOIN convenings c ON c.id = e.convening_id
            LEFT JOIN rooms r ON r.id = e.room_id
            LEFT JOIN venues v ON v.id = r.venue_id
            LEFT JOIN states st ON st.iso3 = cs.state_iso3
            LEFT JOIN un_entities ue ON ue.code = cs.un_entity_code
            WHERE cs.token_hash = {0}
            {{dialect.LockClause(("cs", RowLock.Update), ("e", RowLock.Share))}}
            """, hash);

    /// <summary>What the link's page shows, read with the locks; <see cref="Status"/> follows the first opening.</summary>
    private sealed class LinkRow
    {
        public Guid Id { get; init; }
        public Guid SideEventId { get; init; }
        public string Kind { get; init; } = "";
        public string Status { get; set; } = "";
        public string DisplayName { get; init; } = "";
        public string SponsorName { get; init; } = "";
        public string? FocalPointName { get; init; }
        public string? Message { get; init; }
        public string? OfficialName { get; init; }
        public string? OfficialTitle { get; init; }
        public string? DeclineReason { get; init; }
        public DateTime? TokenExpiresAt { get; init; }
        public bool Locked { get; init; }
        public string EventStatus { get; init; } = "";
        public string EventTitle { get; init; } = "";
        public string ProposingOrganisation { get; init; } = "";
        public string AbstractMarkdown { get; init; } = "";
        public string Format { get; init; } = "";
        public DateTime? StartsAt { get; init; }
        public DateTime? EndsAt { get; init; }
        public string? RoomName { get; init; }
        public string? VenueName { get; init; }
        public string ConveningName { get; init; } = "";
        public string TimeZone { get; init; } = "";
        public string? InvitedBy { get; init; }

        public FocalPointInvitation ToFocalPointView() => new(SponsorName, CoSponsorCodes.ParseKind(Kind), DisplayName, FocalPointName, Message, InvitedBy,
            CoSponsorCodes.ParseStatus(Status), OfficialName, OfficialTitle, DeclineReason, Locked, Utc(TokenExpiresAt!.Value),
            EventTitle, ProposingOrganisation, AbstractMarkdown, Format, ConveningName, TimeZone,
            Local(StartsAt, TimeZone), Local(EndsAt, TimeZone), RoomName, VenueName);
    }
}
