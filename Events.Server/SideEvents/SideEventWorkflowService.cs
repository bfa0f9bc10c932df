using Events.Server.Convenings;
using Events.Server.Database;
using Events.Server.Registrations;
using Events.Shared;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Events.Shared.Site;
using Microsoft.EntityFrameworkCore;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.SideEvents;

/// <summary>
/// Proposal, review and scheduling of side events. Every change happens in one transaction with its history entry;
/// the database's exclusion constraint has the last word on room clashes, so two organisers booking one slot at the
/// same moment cannot both win.
/// </summary>
public sealed class SideEventWorkflowService(
    IDbContextFactory<EventsDbContext> dbFactory, TimeProvider clock, ILogger<SideEventWorkflowService> logger,
    RegistrationMails? registrationMails = null, ProposalMails? proposalMails = null) : ISideEventWorkflow
{
    public async Task<OperationResult> ProposeAsync(Guid actorUserId, string conveningSlug, ProposalForm form, bool submit)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync();
        var organisedBy = EventAccess.OrganisedBy(db, actorUserId);
        var convening = await db.Convenings
            .Where(c => c.Slug == conveningSlug)
            .Select(c => new { c.Id, c.Visibility, c.TimeZone, c.ProposalsCloseAt, Organises = db.Convenings.Where(o => o.Id == c.Id).Any(organisedBy) })
            .SingleOrDefaultAsync();
        if (convening is null) return OperationResult.Fail("There is no such convening.");
        if (convening.Visibility == "invitation" && !convening.Organises) return OperationResult.Fail("This convening takes proposals by invitation only.");
        if (Late(convening.ProposalsCloseAt, convening.TimeZone, convening.Organises) is { } late) return OperationResult.Fail(late);

        // The id is chosen here so that the event, its speakers and its history go to the database in one batch.
        var proposal = new SideEvent
        {
            Id = Guid.NewGuid(), ConveningId = convening.Id, SubmissionKey = form.SubmissionKey, ProposerUserId = actorUserId,
            Status = submit ? "submitted" : "draft",
        };
        Apply(form, proposal);
        db.SideEvents.Add(proposal);
        AddSpeakers(db, proposal.Id, form);
        Record(db, proposal.Id, actorUserId, submit ? "submitted" : "drafted", null);
        await using var tx = await db.Database.BeginTransactionAsync();
        try
        {
            await db.SaveChangesAsync();
            // The organisers' mail reads the saved proposal, and commits with it.
            if (submit && proposalMails is not null)
            {
                await proposalMails.QueueNewProposalAsync(db, proposal.Id);
                await db.SaveChangesAsync();
            }
            await tx.CommitAsync();
            return OperationResult.Ok(proposal.Id);
        }
        catch (DbUpdateException e) when (form.SubmissionKey is not null && DatabaseRefusal.Is(e, RefusalKind.Unique))
        {
            await tx.RollbackAsync();
            // A repeated post of the same form waited on the unique key for the first one: it finds that proposal instead.
            await using var again = await dbFactory.CreateDbContextAsync();
            return OperationResult.Ok(await again.SideEvents
                .Where(x => x.ProposerUserId == actorUserId && x.SubmissionKey == form.SubmissionKey)
                .Select(x => x.Id)
                .SingleAsync());
        }
    }

    public Task<OperationResult> SubmitAsync(Guid actorUserId, Guid sideEventId) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: false, async (db, e) =>
        {
            if (e.Status != SideEventStatus.Draft) return OperationResult.Fail("Only a draft can be submitted.");
            // A draft started before the deadline is still a proposal: it cannot be submitted after it.
            if (Late(e.Convening.ProposalsCloseAt, e.Convening.TimeZone, e.ActorOrganises) is { } late) return OperationResult.Fail(late);
            await db.SideEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(set => set.SetProperty(x => x.Status, "submitted"));
            Record(db, e.Id, actorUserId, "submitted", null);
            if (proposalMails is not null) await proposalMails.QueueNewProposalAsync(db, e.Id);
            return OperationResult.Ok(e.Id);
        });

    public Task<OperationResult> ReviewAsync(Guid actorUserId, Guid sideEventId, SideEventStatus decision, string? reason) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: false, organiserMayAct: true, async (db, e) =>
        {
            if (decision is not (SideEventStatus.Accepted or SideEventStatus.Declined or SideEventStatus.Waitlisted))
                return OperationResult.Fail("A review accepts, declines or waitlists a proposal.");
            if (!SideEventWorkflow.CanMove(e.Status, decision))
                return OperationResult.Fail($"A proposal that is {e.Status.ToString().ToLowerInvariant()} cannot be {decision.ToString().ToLowerInvariant()}.");
            if (decision == SideEventStatus.Declined && string.IsNullOrWhiteSpace(reason))
                return OperationResult.Fail("Give the proposer a reason for declining.");
            if (reason is { Length: > 2000 }) return OperationResult.Fail("The reason can be at most 2000 characters.");
            var status = SideEventWorkflow.Code(decision);
            var statusReason = Blank(reason);
            await db.SideEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(set => set
                .SetProperty(x => x.Status, status)
                .SetProperty(x => x.StatusReason, statusReason));
            Record(db, e.Id, actorUserId, status, statusReason);
            if (proposalMails is not null)
                await proposalMails.QueueToProposerAsync(db, e.Id, decision switch
                {
                    SideEventStatus.Accepted => ProposerMailKind.Accepted,
                    SideEventStatus.Declined => ProposerMailKind.Declined,
                    _ => ProposerMailKind.Waitlisted,
                });
            return OperationResult.Ok(e.Id);
        });

    public async Task<OperationResult> ScheduleAsync(Guid actorUserId, ScheduleForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        string? clashRoom = null;
        var clashed = false;
        var changeover = 0;
        DateTimeOffset startUtc = default, endUtc = default;
        Guid? roomId = form.RoomId;
        var result = await ChangeAsync(actorUserId, form.SideEventId!.Value, proposerMayAct: false, organiserMayAct: true, async (db, e) =>
        {
            if (e.Status is not (SideEventStatus.Accepted or SideEventStatus.Scheduled))
                return OperationResult.Fail("Only an accepted side event can be given a room and a time.");
            var c = e.Convening;
            if (form.Day < c.StartsOn || form.Day > c.EndsOn)
                return OperationResult.Fail($"The day must be between {TimeText.DayMonth(c.StartsOn)} and {TimeText.Date(c.EndsOn)}.");
            try
            {
                startUtc = ConveningClock.ToUtc(form.Day!.Value, form.Start!.Value, c.TimeZone);
                endUtc = ConveningClock.ToUtc(form.Day!.Value, form.End!.Value, c.TimeZone);
            }
            catch (ArgumentException invalid) { return OperationResult.Fail(invalid.Message); }

            var room = await db.Rooms.Where(r => r.Id == form.RoomId).Select(r => new { r.Name, r.Capacity, r.ConveningId }).SingleOrDefaultAsync();
            if (room is null || room.ConveningId != c.Id) return OperationResult.Fail("Choose one of this convening's rooms.");
            if (e.Capacity > room.Capacity)
                return OperationResult.Fail($"{room.Name} seats {room.Capacity}, fewer than the event's capacity of {e.Capacity}. Choose a larger room or lower the capacity.");
            clashRoom = room.Name;
            changeover = c.ChangeoverMinutes;

            var rescheduling = e.Status == SideEventStatus.Scheduled;
            var reason = Blank(form.Reason);
            var startsAt = startUtc.UtcDateTime;
            var endsAt = endUtc.UtcDateTime;
            var due = clock.GetUtcNow().AddDays(c.SlotResponseDays).UtcDateTime;
            // The exclusion constraint refuses a clash here; the schedule trigger refuses times outside the convening.
            await db.SideEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(set => set
                .SetProperty(x => x.RoomId, form.RoomId)
                .SetProperty(x => x.StartsAt, startsAt)
                .SetProperty(x => x.EndsAt, endsAt)
                .SetProperty(x => x.Status, "scheduled")
                .SetProperty(x => x.Sequence, x => x.Sequence + 1)
                .SetProperty(x => x.SlotResponse, "pending")
                .SetProperty(x => x.SlotResponseDue, due)
                .SetProperty(x => x.ChangeRequest, (string?)null)
                .SetProperty(x => x.StatusReason, x => rescheduling ? reason : x.StatusReason));
            var local = $"{TimeText.ShortDayAndTime(ConveningClock.ToLocal(startUtc, c.TimeZone))}–{TimeText.Time(form.End!.Value)} in {room.Name}";
            Record(db, e.Id, actorUserId, rescheduling ? "rescheduled" : "scheduled", rescheduling && reason is { } r ? $"{local}. {r}" : local);
            if (rescheduling && registrationMails is not null)
                await registrationMails.EnqueueEventChangeAsync(db, e.Id, RegistrationMailKind.EventRescheduled);
            if (proposalMails is not null)
                await proposalMails.QueueToProposerAsync(db, e.Id, rescheduling ? ProposerMailKind.Rescheduled : ProposerMailKind.SlotOffered);
            return OperationResult.Ok(e.Id, await SpeakerClashesAsync(db, e.Id, c.TimeZone));
        }, onDatabaseError: refusal =>
        {
            clashed = refusal.Kind == RefusalKind.RoomClash;
            return clashed || refusal.Kind == RefusalKind.Check ? OperationResult.Fail(refusal.Message) : null;
        });
        // The clash is explained once the failed transaction is gone: naming the other event needs a fresh query.
        if (clashed) return await ExplainClashAsync(form.SideEventId!.Value, roomId!.Value, clashRoom, startUtc, endUtc, changeover);
        return result;
    }

    public Task<OperationResult> CancelAsync(Guid actorUserId, Guid sideEventId, string reason) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: true, async (db, e) =>
        {
            if (string.IsNullOrWhiteSpace(reason)) return OperationResult.Fail("Give a reason for the cancellation; it is shown with the event.");
            if (reason.Length > 2000) return OperationResult.Fail("The reason can be at most 2000 characters.");
            if (!SideEventWorkflow.CanMove(e.Status, SideEventStatus.Cancelled))
                return OperationResult.Fail("Only an accepted or scheduled side event can be cancelled.");
            var trimmed = reason.Trim();
            await db.SideEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(set => set
                .SetProperty(x => x.Status, "cancelled")
                .SetProperty(x => x.StatusReason, trimmed)
                .SetProperty(x => x.Sequence, x => x.Sequence + 1));
            Record(db, e.Id, actorUserId, "cancelled", trimmed);
            if (registrationMails is not null) await registrationMails.EnqueueEventChangeAsync(db, e.Id, RegistrationMailKind.EventCancelled);
            return OperationResult.Ok(e.Id);
        });

    public Task<OperationResult> RespondToSlotAsync(Guid actorUserId, Guid sideEventId, bool accept, string? changeRequest) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: false, async (db, e) =>
        {
            if (e.Status != SideEventStatus.Scheduled || e.SlotResponse is null)
                return OperationResult.Fail("There is no slot to answer.");
            if (e.SlotResponseDue is { } due && clock.GetUtcNow() > due)
                return OperationResult.Fail($"The deadline to answer was {TimeText.Moment(ConveningClock.ToLocal(due, e.Convening.TimeZone))}; contact the organisers.");
            if (!accept && string.IsNullOrWhiteSpace(changeRequest)) return OperationResult.Fail("Say what change you need.");
            if (changeRequest is { Length: > 2000 }) return OperationResult.Fail("The request can be at most 2000 characters.");
            var response = accept ? "accepted" : "change_requested";
            var request = accept ? null : changeRequest!.Trim();
            await db.SideEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(set => set
                .SetProperty(x => x.SlotResponse, response)
                .SetProperty(x => x.ChangeRequest, request));
            Record(db, e.Id, actorUserId, accept ? "slot accepted" : "change requested", request);
            return OperationResult.Ok(e.Id);
        });

    public async Task<IReadOnlyList<SideEventSummary>> ForConveningAsync(Guid actorUserId, string conveningSlug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var conveningId = await db.Convenings
            .Where(c => c.Slug == conveningSlug)
            .Where(EventAccess.OrganisedBy(db, actorUserId))
            .Select(c => (Guid?)c.Id)
            .SingleOrDefaultAsync();
        if (conveningId is null) return [];
        return await SummariesAsync(db.SideEvents.Where(e => e.ConveningId == conveningId && e.Status != "draft"));
    }

    public async Task<IReadOnlyList<SideEventSummary>> MyProposalsAsync(Guid actorUserId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await SummariesAsync(db.SideEvents.Where(e => e.ProposerUserId == actorUserId));
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Guid actorUserId, Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // The proposer, the convening's organisers and Admins: the event's staff.
        if (!await db.SideEvents.Where(e => e.Id == sideEventId).AnyAsync(EventAccess.StaffOf(db, actorUserId))) return [];
        var rows = await db.SideEventHistory
            .Where(h => h.SideEventId == sideEventId)
            .OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new { h.At, Actor = db.Users.Where(u => u.Id == h.ActorUserId).Select(u => u.DisplayName).FirstOrDefault(), h.Action, h.Detail })
            .ToListAsync();
        return rows.Select(r => new HistoryEntry(new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Actor, r.Action, r.Detail)).ToList();
    }

    public async Task<WorkspaceCounts> CountsAsync(Guid actorUserId, string conveningSlug)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var organisedBy = EventAccess.OrganisedBy(db, actorUserId);
        var counts = await db.SideEvents
            .Where(e => e.Convening.Slug == conveningSlug && e.Status != "draft")
            .Where(e => db.Convenings.Where(c => c.Id == e.ConveningId).Any(organisedBy))
            .GroupBy(e => e.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.Status, r => r.Count);
        int Of(string s) => counts.GetValueOrDefault(s);
        return new WorkspaceCounts(Of("submitted"), Of("accepted"), Of("scheduled"), Of("cancelled"), Of("waitlisted"), Of("declined"));
    }

    public Task<OperationResult> AttachFlyerAsync(Guid actorUserId, Guid sideEventId, string? fileName, byte[] content)
    {
        if (content.Length == 0) return Task.FromResult(OperationResult.Fail(FlyerUploadErrors.Empty));
        if (content.Length > FlyerRules.MaxBytes) return Task.FromResult(OperationResult.Fail(FlyerUploadErrors.TooLarge));
        if (FlyerRules.DetectContentType(content) is not { } contentType)
            return Task.FromResult(OperationResult.Fail(FlyerUploadErrors.WrongType));
        return ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: true, async (db, e) =>
        {
            if (e.Status is SideEventStatus.Declined or SideEventStatus.Cancelled) return OperationResult.Fail(FlyerUploadErrors.Closed);
            var name = FlyerRules.SafeFileName(fileName, contentType);
            await db.SideEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(set => set
                .SetProperty(x => x.Flyer, content)
                .SetProperty(x => x.FlyerContentType, contentType)
                .SetProperty(x => x.FlyerFileName, name));
            Record(db, e.Id, actorUserId, "flyer uploaded", name);
            return OperationResult.Ok(e.Id);
        });
    }

    /// <summary>The flyer of a side event that the public programme shows.</summary>
    public async Task<Flyer?> PublicFlyerAsync(Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.SideEvents
            .Where(e => e.Id == sideEventId && e.Flyer != null && (e.Status == "scheduled" || e.Status == "cancelled")
                        && (e.Convening.Visibility == "public" || e.Convening.Visibility == "unlisted"))
            .Select(e => new { e.FlyerFileName, e.FlyerContentType, e.Flyer })
            .SingleOrDefaultAsync();
        return row is null ? null : new Flyer(row.FlyerFileName!, row.FlyerContentType!, row.Flyer!);
    }

    public async Task<ProposalForm?> EditableProposalAsync(Guid actorUserId, Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var e = await db.SideEvents
            .Where(e => e.Id == sideEventId && e.ProposerUserId == actorUserId && (e.Status == "draft" || e.Status == "submitted"))
            .Select(e => new
            {
                e.Title, e.AbstractMd, e.Themes, e.ProposingOrganisation, e.Format, e.Capacity, e.Languages, e.Interpretation, e.WebcastUrl,
                e.AccessibilityInfo,
                Speakers = e.Speakers.OrderBy(s => s.SortOrder).Select(s => new { s.Name, s.Title, s.Organisation, s.Bio, s.Role, s.PublishName }).ToList(),
            })
            .SingleOrDefaultAsync();
        if (e is null) return null;
        return new ProposalForm
        {
            Title = e.Title, AbstractMarkdown = e.AbstractMd, Themes = string.Join(", ", e.Themes), ProposingOrganisation = e.ProposingOrganisation,
            Format = SideEventWorkflow.ParseFormat(e.Format), Capacity = e.Capacity, Languages = string.Join(", ", e.Languages),
            Interpretation = e.Interpretation, WebcastUrl = e.WebcastUrl, AccessibilityInfo = e.AccessibilityInfo,
            Speakers = e.Speakers.Select(p => new SpeakerForm
            {
                Name = p.Name, Title = p.Title, Organisation = p.Organisation, Bio = p.Bio, IsModerator = p.Role == "moderator", WithholdName = !p.PublishName,
            }).ToList(),
        };
    }

    public async Task<OperationResult> UpdateProposalAsync(Guid actorUserId, Guid sideEventId, ProposalForm form, bool submit)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        return await ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: false, async (db, e) =>
        {
            var submittedNow = submit && e.Status == SideEventStatus.Draft;
            if (e.Status is not (SideEventStatus.Draft or SideEventStatus.Submitted))
                return OperationResult.Fail("Only a draft, or a proposal not yet reviewed, can be edited.");
            var edited = new SideEvent();
            Apply(form, edited);
            var status = submit ? "submitted" : SideEventWorkflow.Code(e.Status);
            await db.SideEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(set => set
                .SetProperty(x => x.Title, edited.Title)
                .SetProperty(x => x.AbstractMd, edited.AbstractMd)
                .SetProperty(x => x.Themes, edited.Themes)
                .SetProperty(x => x.ProposingOrganisation, edited.ProposingOrganisation)
                .SetProperty(x => x.Format, edited.Format)
                .SetProperty(x => x.Capacity, edited.Capacity)
                .SetProperty(x => x.Languages, edited.Languages)
                .SetProperty(x => x.Interpretation, edited.Interpretation)
                .SetProperty(x => x.WebcastUrl, edited.WebcastUrl)
                .SetProperty(x => x.AccessibilityInfo, edited.AccessibilityInfo)
                .SetProperty(x => x.Status, status));
            await db.Speakers.Where(s => s.SideEventId == e.Id).ExecuteDeleteAsync();
            AddSpeakers(db, e.Id, form);
            Record(db, e.Id, actorUserId, submittedNow ? "submitted" : "edited", null);
            if (submittedNow && proposalMails is not null) await proposalMails.QueueNewProposalAsync(db, e.Id);
            return OperationResult.Ok(e.Id);
        });
    }

    /// <summary>The proposal's own fields from the form, as stored: trimmed, blanks as NULL.</summary>
    private static void Apply(ProposalForm form, SideEvent e)
    {
        e.Title = form.Title.Trim();
        e.AbstractMd = form.AbstractMarkdown ?? "";
        e.Themes = ProposalForm.SplitList(form.Themes).ToList();
        e.ProposingOrganisation = form.ProposingOrganisation.Trim();
        e.Format = SideEventWorkflow.FormatCode(form.Format);
        e.Capacity = form.Capacity;
        e.Languages = ProposalForm.SplitList(form.Languages).ToList();
        e.Interpretation = Blank(form.Interpretation);
        e.WebcastUrl = Blank(form.WebcastUrl);
        e.AccessibilityInfo = Blank(form.AccessibilityInfo);
    }

    private static void AddSpeakers(EventsDbContext db, Guid sideEventId, ProposalForm form)
    {
        var order = 0;
        foreach (var speaker in form.Speakers.Where(s => !string.IsNullOrWhiteSpace(s.Name)))
        {
            db.Speakers.Add(new Speaker
            {
                SideEventId = sideEventId, Role = speaker.IsModerator ? "moderator" : "speaker", Name = speaker.Name!.Trim(),
                Title = Blank(speaker.Title), Organisation = Blank(speaker.Organisation), Bio = Blank(speaker.Bio),
                PublishName = !speaker.WithholdName, SortOrder = order++,
            });
        }
    }

    // ---- helpers ----

    private sealed record ConveningFacts(Guid Id, string TimeZone, DateOnly StartsOn, DateOnly EndsOn, int ChangeoverMinutes, int SlotResponseDays,
        DateTime? ProposalsCloseAt);
    private sealed record EventFacts(Guid Id, SideEventStatus Status, Guid? ProposerUserId, int? Capacity, SlotResponse? SlotResponse,
        DateTimeOffset? SlotResponseDue, ConveningFacts Convening, bool ActorOrganises);

    /// <summary>
    /// The refusal of a proposal after the organisers' deadline (ProposalDeadline), or null while proposals are taken.
    /// The convening's own organisers may still add one: they build the programme.
    /// </summary>
    private string? Late(DateTime? closesAt, string timeZone, bool actorOrganises)
    {
        if (closesAt is not { } at || actorOrganises) return null;
        var closes = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        return ProposalDeadline.HasPassed(closes, clock.GetUtcNow()) ? ProposalDeadline.Refusal(closes, timeZone) : null;
    }

    /// <summary>
    /// Loads and locks the event, checks who may act, runs the change and commits it with its history, or nothing.
    /// The change writes through <paramref name="change"/>'s context; history entries it records are saved before the commit.
    /// <paramref name="onDatabaseError"/> turns a constraint's refusal into a result (null: not one it expects).
    /// </summary>
    private async Task<OperationResult> ChangeAsync(Guid actorUserId, Guid sideEventId, bool proposerMayAct, bool organiserMayAct,
        Func<EventsDbContext, EventFacts, Task<OperationResult>> change, Func<DatabaseRefusal, OperationResult?>? onDatabaseError = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var organisedBy = EventAccess.OrganisedBy(db, actorUserId);
        // One round trip: the row lock, the facts and whether the actor organises the convening.
        var row = await SqlDialect.Of(db).Locked(db.SideEvents, sideEventId)
            .Select(e => new
            {
                e.Id, e.Status, e.ProposerUserId, e.Capacity, e.SlotResponse, e.SlotResponseDue,
                e.ConveningId, e.Convening.TimeZone, e.Convening.StartsOn, e.Convening.EndsOn, e.Convening.ChangeoverMinutes, e.Convening.SlotResponseDays,
                e.Convening.ProposalsCloseAt,
                IsOrganiser = db.Convenings.Where(c => c.Id == e.ConveningId).Any(organisedBy),
            })
            .SingleOrDefaultAsync();
        if (row is null) return OperationResult.Fail("There is no such side event.");
        var isProposer = row.ProposerUserId == actorUserId;
        if (!((proposerMayAct && isProposer) || (organiserMayAct && row.IsOrganiser)))
            return OperationResult.Fail(organiserMayAct && !proposerMayAct ? "Only the convening's organisers can do this." : "Only the proposer can do this.");
        var facts = new EventFacts(row.Id, SideEventWorkflow.Parse(row.Status), row.ProposerUserId, row.Capacity,
            row.SlotResponse switch { "pending" => SlotResponse.Pending, "accepted" => SlotResponse.Accepted, "change_requested" => SlotResponse.ChangeRequested, _ => null },
            row.SlotResponseDue is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null,
            new ConveningFacts(row.ConveningId, row.TimeZone, row.StartsOn, row.EndsOn, row.ChangeoverMinutes, row.SlotResponseDays, row.ProposalsCloseAt),
            row.IsOrganiser);
        try
        {
            var result = await change(db, facts);
            if (result.Succeeded)
            {
                await db.SaveChangesAsync();
                await tx.CommitAsync();
            }
            else await tx.RollbackAsync();
            return result;
        }
        catch (Exception e) when (onDatabaseError is not null && DatabaseRefusal.Of(e) is { } refusal)
        {
            await tx.RollbackAsync();
            logger.LogInformation("Side event {Id} change refused by the database: {Kind} {Constraint}", sideEventId, refusal.Kind, refusal.Constraint);
            if (onDatabaseError(refusal) is { } result) return result;
            throw;
        }
    }

    private async Task<OperationResult> ExplainClashAsync(Guid sideEventId, Guid roomId, string? roomName, DateTimeOffset startUtc, DateTimeOffset endUtc,
        int changeoverMinutes)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var other = await BookingsClashing(db, roomId, sideEventId, startUtc.UtcDateTime, endUtc.UtcDateTime.AddMinutes(changeoverMinutes))
            .OrderBy(e => e.StartsAt)
            .Select(e => new { e.Title, StartsAt = e.StartsAt!.Value, EndsAt = e.EndsAt!.Value, e.Convening.TimeZone, Changeover = e.Convening.ChangeoverMinutes })
            .FirstOrDefaultAsync();
        if (other is null)
            return OperationResult.Fail($"{roomName ?? "The room"} was booked by someone else at the same moment. Reload and choose another slot.");
        var from = ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(other.StartsAt, DateTimeKind.Utc)), other.TimeZone);
        var to = ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(other.EndsAt, DateTimeKind.Utc)), other.TimeZone);
        var buffer = other.Changeover > 0 ? $" (plus a {other.Changeover}-minute changeover)" : "";
        return OperationResult.Fail($"{roomName} is already booked for “{other.Title}” on {TimeText.ShortDay(DateOnly.FromDateTime(from.DateTime))} from {TimeText.Time(from)} to {TimeText.Time(to)}{buffer}. Choose another room or time.");
    }

    /// <summary>
    /// The room's other booked events in the way of [<paramref name="start"/>, <paramref name="until"/>) (the end plus the
    /// changeover): the clash rule's own test, each booking being [its start, occupied_until), its end plus the changeover.
    /// </summary>
    internal static IQueryable<SideEvent> BookingsClashing(EventsDbContext db, Guid roomId, Guid exceptEventId, DateTime start, DateTime until) =>
        db.SideEvents.Where(e => e.RoomId == roomId && e.Id != exceptEventId && (e.Status == "accepted" || e.Status == "scheduled") && e.StartsAt != null
                                 && e.StartsAt < until && start < e.OccupiedUntil);

    /// <summary>Speakers (by name) already booked in an overlapping event of the same convening: a warning, not a refusal.</summary>
    private static async Task<IReadOnlyList<string>> SpeakerClashesAsync(EventsDbContext db, Guid sideEventId, string timeZone)
    {
        var rows = await (
                from e in db.SideEvents
                where e.Id == sideEventId
                from s in e.Speakers
                from o in db.SideEvents
                where o.ConveningId == e.ConveningId && o.Id != e.Id && (o.Status == "accepted" || o.Status == "scheduled") && o.StartsAt != null
                      // [start, end) ranges overlap
                      && o.StartsAt < e.EndsAt && e.StartsAt < o.EndsAt
                from os in o.Speakers
                where os.Name.ToLower() == s.Name.ToLower()
                orderby o.StartsAt
                select new { s.Name, o.Title, StartsAt = o.StartsAt!.Value })
            .ToListAsync();
        return rows.Select(r => $"{r.Name} is also speaking at “{r.Title}” at {TimeText.Time(ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(r.StartsAt, DateTimeKind.Utc)), timeZone))}, which overlaps.")
            .Distinct().ToList();
    }

    private static async Task<IReadOnlyList<SideEventSummary>> SummariesAsync(IQueryable<SideEvent> events)
    {
        var rows = await events.AsNoTracking()
            .OrderBy(e => e.StartsAt == null).ThenBy(e => e.StartsAt).ThenBy(e => e.CreatedAt)
            .Select(e => new
            {
                e.Id, e.ConveningId, ConveningSlug = e.Convening.Slug, e.Convening.TimeZone, e.Title, e.ProposingOrganisation, e.Format, e.Status,
                e.RoomId, RoomName = e.Room!.Name, e.StartsAt, e.EndsAt, e.Capacity, e.SlotResponse, e.SlotResponseDue, e.ChangeRequest, e.StatusReason,
            })
            .ToListAsync();
        return rows.Select(r =>
        {
            DateTimeOffset? Local(DateTime? utc) => utc is { } u ? ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)), r.TimeZone) : null;
            return new SideEventSummary(r.Id, r.ConveningId, r.ConveningSlug, r.Title, r.ProposingOrganisation, SideEventWorkflow.ParseFormat(r.Format),
                SideEventWorkflow.Parse(r.Status), r.RoomId, r.RoomName, Local(r.StartsAt), Local(r.EndsAt), r.Capacity,
                r.SlotResponse switch { "pending" => SlotResponse.Pending, "accepted" => SlotResponse.Accepted, "change_requested" => SlotResponse.ChangeRequested, _ => null },
                r.SlotResponseDue is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null, r.ChangeRequest, r.StatusReason);
        }).ToList();
    }

    /// <summary>Adds the history entry; it is saved with the change, in its transaction.</summary>
    private static void Record(EventsDbContext db, Guid sideEventId, Guid actorUserId, string action, string? detail) =>
        db.SideEventHistory.Add(new SideEventHistory { SideEventId = sideEventId, ActorUserId = actorUserId, Action = action, Detail = detail });
}
