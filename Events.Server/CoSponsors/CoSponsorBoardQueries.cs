using System.Globalization;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared.CoSponsors;
using Events.Shared.ReferenceData;
using Microsoft.EntityFrameworkCore;
using static Events.Server.CoSponsors.CoSponsorTime;

namespace Events.Server.CoSponsors;

/// <summary>
/// What the organisers read: an event's co-sponsor board and the convening's overview. Reads only; the changes are in
/// <see cref="CoSponsorBoardCommands"/>. Both answer nothing to someone who does not organise the convening.
/// </summary>
public sealed class CoSponsorBoardQueries(IDbContextFactory<EventsDbContext> dbFactory, TimeProvider clock)
{
    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: true);
    private static readonly string[] ListedEventStatuses = ["submitted", "waitlisted", "accepted", "scheduled"];

    public async Task<CoSponsorBoardView?> BoardAsync(Guid actorUserId, Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var e = await CoSponsorEvent.Of(db.SideEvents.Where(x => x.Id == sideEventId), db, actorUserId).FirstOrDefaultAsync();
        if (e is null || !e.ActorIsOrganiser) return null;

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.CoSponsorships.Where(cs => cs.SideEventId == sideEventId)
            .Select(cs => new InvitationRow
            {
                Id = cs.Id,
                Kind = cs.SponsorKind,
                StateIso3 = cs.StateIso3,
                DisplayName = cs.DisplayName,
                SponsorName = cs.StateIso3Navigation!.Name ?? cs.UnEntityCodeNavigation!.Name ?? cs.OrganisationName ?? "",
                StateStatus = cs.StateIso3Navigation!.Status,
                RegionalGroup = cs.StateIso3Navigation!.RegionalGroup,
                ElectoralGroup = cs.StateIso3Navigation!.ElectoralGroup,
                Status = cs.Status,
                FocalPointName = cs.FocalPointName,
                FocalPointEmail = cs.FocalPointEmail,
                LastSentAt = cs.LastSentAt,
                SendCount = cs.SendCount,
                TokenExpiresAt = cs.TokenExpiresAt,
                OpenedAt = cs.OpenedAt,
                AnsweredAt = cs.AnsweredAt,
                OfficialName = cs.AuthorisingOfficialName,
                OfficialTitle = cs.AuthorisingOfficialTitle,
                DeclineReason = cs.DeclineReason,
            })
            .ToListAsync();
        var invitations = rows.Select(r => r.ToView(now)).OrderBy(i => i.Kind).ThenBy(i => i.SponsorName, NameOrder).ToList();
        var confirmed = rows.Where(r => r.Status == ConfirmedCoSponsors.Confirmed)
            .Select(r => ConfirmedCoSponsors.From(r.DisplayName, r.Kind, r.StateStatus, r.RegionalGroup, r.ElectoralGroup))
            .ToList();

        var history = (await db.CoSponsorHistory.Where(h => h.SideEventId == sideEventId)
                .OrderBy(h => h.At).ThenBy(h => h.Id)
                .Select(h => new
                {
                    h.At, h.Action, h.Detail, h.ByFocalPoint,
                    UserName = db.Users.Where(u => u.Id == h.ActorUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    HasUser = h.ActorUserId != null,
                    SponsorName = h.CoSponsorship!.StateIso3Navigation!.Name ?? h.CoSponsorship.UnEntityCodeNavigation!.Name ?? h.CoSponsorship.OrganisationName,
                })
                .ToListAsync())
            .Select(h => new CoSponsorHistoryEntry(Utc(h.At),
                h.ByFocalPoint ? $"focal point of {h.SponsorName}" : h.UserName ?? (h.HasUser ? "(a removed account)" : "Events"), h.Action, h.SponsorName, h.Detail))
            .ToList();

        return new CoSponsorBoardView(e.Id, e.Title, e.ProposingOrganisation, e.Status, Local(e.StartsAt, e.TimeZone), Local(e.EndsAt, e.TimeZone),
            e.RoomName, e.ConveningSlug, e.ConveningName, e.TimeZone, e.Locked, e.Final, e.Rules,
            CoSponsorEligibility.Evaluate(e.Rules, confirmed), CoSponsorGrouping.Group(confirmed, e.CrossRegionalThreshold), invitations, history);
    }

    public async Task<IReadOnlyList<CoSponsorOverviewRow>> OverviewAsync(Guid actorUserId, string conveningSlug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var c = await db.Convenings.Where(x => x.Slug == conveningSlug).Where(EventAccess.OrganisedBy(db, actorUserId))
            .Select(x => new { x.Id, x.CrossRegionalThreshold, x.MinMemberStateOrUnCosponsors, x.MinCosponsorRegionalGroups })
            .FirstOrDefaultAsync();
        if (c is null) return [];
        var rules = new CoSponsorRules(c.MinMemberStateOrUnCosponsors, c.MinCosponsorRegionalGroups);
        var events = await db.SideEvents.Where(e => e.ConveningId == c.Id && ListedEventStatuses.Contains(e.Status))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.CreatedAt) // ascending puts events without a time last, as NULLS LAST did
            .Select(e => new { e.Id, e.Title, e.Status, e.CoSponsorsLocked, e.CoSponsorsFinal })
            .ToListAsync();
        var sponsors = (await db.CoSponsorships.Where(cs => cs.SideEvent.ConveningId == c.Id)
                .Select(cs => new
                {
                    cs.SideEventId, cs.Status, cs.TokenExpiresAt,
                    AsConfirmed = ConfirmedCoSponsors.From(cs.DisplayName, cs.SponsorKind, cs.StateIso3Navigation!.Status,
                        cs.StateIso3Navigation.RegionalGroup, cs.StateIso3Navigation.ElectoralGroup),
                })
                .ToListAsync())
            .ToLookup(s => s.SideEventId);
        var now = clock.GetUtcNow().UtcDateTime;
        return events.Select(e =>
        {
            var confirmed = sponsors[e.Id].Where(s => s.Status == ConfirmedCoSponsors.Confirmed).Select(s => s.AsConfirmed).ToList();
            var pending = sponsors[e.Id].Count(s => CoSponsorCodes.IsPending(EffectiveStatus(s.Status, s.TokenExpiresAt, now)));
            var groups = CoSponsorGrouping.DistinctGroups(confirmed);
            return new CoSponsorOverviewRow(e.Id, e.Title, e.Status, confirmed.Count, pending, groups, groups >= c.CrossRegionalThreshold,
                e.CoSponsorsLocked, e.CoSponsorsFinal, CoSponsorEligibility.Evaluate(rules, confirmed));
        }).ToList();
    }

    private sealed class InvitationRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string? StateIso3 { get; init; }
        public string DisplayName { get; init; } = "";
        public string SponsorName { get; init; } = "";
        public string? StateStatus { get; init; }
        public string? RegionalGroup { get; init; }
        public string? ElectoralGroup { get; init; }
        public string Status { get; init; } = "";
        public string? FocalPointName { get; init; }
        public string? FocalPointEmail { get; init; }
        public DateTime? LastSentAt { get; init; }
        public int SendCount { get; init; }
        public DateTime? TokenExpiresAt { get; init; }
        public DateTime? OpenedAt { get; init; }
        public DateTime? AnsweredAt { get; init; }
        public string? OfficialName { get; init; }
        public string? OfficialTitle { get; init; }
        public string? DeclineReason { get; init; }

        public InvitationView ToView(DateTime now)
        {
            var kind = CoSponsorCodes.ParseKind(Kind);
            return new InvitationView(Id, kind, SponsorName, StateIso3?.Trim(),
                kind == SponsorKind.State ? CoSponsorGrouping.CountingGroup(RegionalGroups.FromCode(RegionalGroup), RegionalGroups.FromCode(ElectoralGroup)) : null,
                DisplayName, FocalPointName, FocalPointEmail, EffectiveStatus(Status, TokenExpiresAt, now), Utc(LastSentAt), SendCount,
                Status == "revoked" ? null : Utc(TokenExpiresAt), Utc(OpenedAt), Utc(AnsweredAt), OfficialName, OfficialTitle, DeclineReason);
        }
    }
}
