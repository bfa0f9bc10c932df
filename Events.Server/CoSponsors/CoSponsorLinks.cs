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
    ILogger<CoSponsorLinks> logger) : ICoSponsorLinks
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
        await tx.CommitAsync();
        logger.LogInformation("Co-sponsor invitation {InvitationId} answered by its focal point", row.Id);
        return FocalPointResult.Done;
    }

    /// <summary>
    /// The invitation a token opens, locked for the rest of the transaction; null for every kind of invalid link.
    /// The database keeps only the token's SHA-256, and the lookup is by that hash. The side event is share-locked so
    /// that an organiser's lock or "mark final" waits for this answer, or this answer waits for it and then sees the list locked.
    /// </summary>
    private async Task<LinkRow?> FindByTokenAsync(EventsDbContext db, string token)
    {
        var hash = CoSponsorTokens.Hash(token);
        var row = await db.CoSponsorships
            .FromSql($"""
                SELECT cs.* FROM co_sponsorships cs JOIN side_events e ON e.id = cs.side_event_id
                WHERE cs.token_hash = {hash}
                FOR UPDATE OF cs FOR SHARE OF e
                """)
            .Select(cs => new LinkRow
            {
                Id = cs.Id,
                SideEventId = cs.SideEventId,
                Kind = cs.SponsorKind,
                Status = cs.Status,
                DisplayName = cs.DisplayName,
                SponsorName = cs.StateIso3Navigation!.Name ?? cs.UnEntityCodeNavigation!.Name ?? cs.OrganisationName ?? "",
                FocalPointName = cs.FocalPointName,
                Message = cs.Message,
                OfficialName = cs.AuthorisingOfficialName,
                OfficialTitle = cs.AuthorisingOfficialTitle,
                DeclineReason = cs.DeclineReason,
                TokenExpiresAt = cs.TokenExpiresAt,
                Locked = cs.SideEvent.CoSponsorsLocked,
                EventStatus = cs.SideEvent.Status,
                EventTitle = cs.SideEvent.Title,
                ProposingOrganisation = cs.SideEvent.ProposingOrganisation,
                AbstractMarkdown = cs.SideEvent.AbstractMd,
                Format = cs.SideEvent.Format,
                StartsAt = cs.SideEvent.StartsAt,
                EndsAt = cs.SideEvent.EndsAt,
                RoomName = cs.SideEvent.Room!.Name,
                VenueName = cs.SideEvent.Room!.Venue.Name,
                ConveningName = cs.SideEvent.Convening.Name,
                TimeZone = cs.SideEvent.Convening.TimeZone,
                InvitedBy = db.Users.Where(u => u.Id == cs.InvitedBy).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .FirstOrDefaultAsync();
        if (row is null || row.Status == "revoked" || row.TokenExpiresAt is not { } expires || expires <= Now
            || !CoSponsorStatuses.EventTakesCoSponsors(row.EventStatus))
            return null;
        return row;
    }

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
