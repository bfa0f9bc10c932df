using System.Data;
using Dapper;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Server.Registrations;
using Events.Shared;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Npgsql;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.SideEvents;

/// <summary>
/// Proposal, review and scheduling of side events. Every change happens in one transaction with its history entry;
/// the database's exclusion constraint has the last word on room clashes, so two organisers booking one slot at the
/// same moment cannot both win.
/// </summary>
public sealed class SideEventWorkflowService(
    DatabaseConnections database, TimeProvider clock, ILogger<SideEventWorkflowService> logger, RegistrationMails? registrationMails = null) : ISideEventWorkflow
{
    public async Task<OperationResult> ProposeAsync(Guid actorUserId, string conveningSlug, ProposalForm form, bool submit)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await database.OpenAsync();
        var convening = await db.QuerySingleOrDefaultAsync<(Guid Id, string Visibility)>(
            "SELECT id, visibility FROM convenings WHERE slug = @conveningSlug", new { conveningSlug });
        if (convening.Id == Guid.Empty) return OperationResult.Fail("There is no such convening.");
        if (convening.Visibility == "invitation" && !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, convening.Id))
            return OperationResult.Fail("This convening takes proposals by invitation only.");

        await using var tx = await db.BeginTransactionAsync();
        // A repeated post of the same form waits here for the first one, then finds its proposal instead of making another.
        var id = await db.ExecuteScalarAsync<Guid?>("""
            INSERT INTO side_events (convening_id, title, abstract_md, themes, proposing_organisation, proposer_user_id, format, status,
                                     capacity, languages, interpretation, webcast_url, accessibility_info, submission_key)
            VALUES (@ConveningId, @Title, @Abstract, @Themes, @Organisation, @actorUserId, @Format, @Status,
                    @Capacity, @Languages, @Interpretation, @Webcast, @Accessibility, @SubmissionKey)
            ON CONFLICT (proposer_user_id, submission_key) WHERE submission_key IS NOT NULL DO NOTHING
            RETURNING id
            """, new
        {
            form.SubmissionKey,
            ConveningId = convening.Id, Title = form.Title.Trim(), Abstract = form.AbstractMarkdown ?? "",
            Themes = ProposalForm.SplitList(form.Themes).ToArray(), Organisation = form.ProposingOrganisation.Trim(), actorUserId,
            Format = SideEventWorkflow.FormatCode(form.Format), Status = submit ? "submitted" : "draft", form.Capacity,
            Languages = ProposalForm.SplitList(form.Languages).ToArray(), Interpretation = Blank(form.Interpretation),
            Webcast = Blank(form.WebcastUrl), Accessibility = Blank(form.AccessibilityInfo),
        }, tx);
        if (id is null)
            return OperationResult.Ok(await db.ExecuteScalarAsync<Guid>(
                "SELECT id FROM side_events WHERE proposer_user_id = @actorUserId AND submission_key = @SubmissionKey",
                new { actorUserId, form.SubmissionKey }, tx));
        await WriteSpeakersAsync(db, tx, id.Value, form);
        await RecordAsync(db, tx, id.Value, actorUserId, submit ? "submitted" : "drafted", null);
        await tx.CommitAsync();
        return OperationResult.Ok(id.Value);
    }

    public Task<OperationResult> SubmitAsync(Guid actorUserId, Guid sideEventId) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: false, async (db, tx, e) =>
        {
            if (e.Status != SideEventStatus.Draft) return OperationResult.Fail("Only a draft can be submitted.");
            await db.ExecuteAsync("UPDATE side_events SET status = 'submitted' WHERE id = @Id", new { e.Id }, tx);
            await RecordAsync(db, tx, e.Id, actorUserId, "submitted", null);
            return OperationResult.Ok(e.Id);
        });

    public Task<OperationResult> ReviewAsync(Guid actorUserId, Guid sideEventId, SideEventStatus decision, string? reason) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: false, organiserMayAct: true, async (db, tx, e) =>
        {
            if (decision is not (SideEventStatus.Accepted or SideEventStatus.Declined or SideEventStatus.Waitlisted))
                return OperationResult.Fail("A review accepts, declines or waitlists a proposal.");
            if (!SideEventWorkflow.CanMove(e.Status, decision))
                return OperationResult.Fail($"A proposal that is {e.Status.ToString().ToLowerInvariant()} cannot be {decision.ToString().ToLowerInvariant()}.");
            if (decision == SideEventStatus.Declined && string.IsNullOrWhiteSpace(reason))
                return OperationResult.Fail("Give the proposer a reason for declining.");
            if (reason is { Length: > 2000 }) return OperationResult.Fail("The reason can be at most 2000 characters.");
            await db.ExecuteAsync("UPDATE side_events SET status = @Status, status_reason = @reason WHERE id = @Id",
                new { Status = SideEventWorkflow.Code(decision), reason = Blank(reason), e.Id }, tx);
            await RecordAsync(db, tx, e.Id, actorUserId, SideEventWorkflow.Code(decision), Blank(reason));
            return OperationResult.Ok(e.Id);
        });

    public async Task<OperationResult> ScheduleAsync(Guid actorUserId, ScheduleForm form)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        string? clashRoom = null;
        var wasScheduled = false;
        var clashed = false;
        DateTimeOffset startUtc = default, endUtc = default;
        Guid? roomId = form.RoomId;
        var result = await ChangeAsync(actorUserId, form.SideEventId!.Value, proposerMayAct: false, organiserMayAct: true, async (db, tx, e) =>
        {
            if (e.Status is not (SideEventStatus.Accepted or SideEventStatus.Scheduled))
                return OperationResult.Fail("Only an accepted side event can be given a room and a time.");
            var c = e.Convening;
            if (form.Day < c.StartsOn || form.Day > c.EndsOn)
                return OperationResult.Fail($"The day must be between {c.StartsOn:d MMMM} and {c.EndsOn:d MMMM yyyy}.");
            try
            {
                startUtc = ConveningClock.ToUtc(form.Day!.Value, form.Start!.Value, c.TimeZone);
                endUtc = ConveningClock.ToUtc(form.Day!.Value, form.End!.Value, c.TimeZone);
            }
            catch (ArgumentException invalid) { return OperationResult.Fail(invalid.Message); }

            var room = await db.QuerySingleOrDefaultAsync<(string Name, int Capacity, Guid ConveningId)>(
                "SELECT name, capacity, convening_id FROM rooms WHERE id = @RoomId", new { form.RoomId }, tx);
            if (room.Name is null || room.ConveningId != c.Id) return OperationResult.Fail("Choose one of this convening's rooms.");
            if (e.Capacity > room.Capacity)
                return OperationResult.Fail($"{room.Name} seats {room.Capacity}, fewer than the event's capacity of {e.Capacity}. Choose a larger room or lower the capacity.");
            clashRoom = room.Name;

            var rescheduling = wasScheduled = e.Status == SideEventStatus.Scheduled;
            await db.ExecuteAsync("""
                UPDATE side_events SET room_id = @RoomId, starts_at = @startUtc, ends_at = @endUtc, status = 'scheduled',
                       sequence = sequence + 1, slot_response = 'pending', slot_response_due = @due, change_request = NULL,
                       status_reason = CASE WHEN @rescheduling THEN @Reason ELSE status_reason END
                WHERE id = @Id
                """, new
            {
                form.RoomId, startUtc = startUtc.UtcDateTime, endUtc = endUtc.UtcDateTime, due = clock.GetUtcNow().AddDays(c.SlotResponseDays).UtcDateTime,
                rescheduling, Reason = Blank(form.Reason), e.Id,
            }, tx);
            var local = $"{form.Day:ddd d MMM yyyy} {form.Start:HH\\:mm}–{form.End:HH\\:mm} in {room.Name}";
            await RecordAsync(db, tx, e.Id, actorUserId, rescheduling ? "rescheduled" : "scheduled", rescheduling && Blank(form.Reason) is { } r ? $"{local}. {r}" : local);
            return OperationResult.Ok(e.Id, await SpeakerClashesAsync(db, tx, e.Id, c.TimeZone));
        }, onDatabaseError: e =>
        {
            clashed = e.SqlState == PostgresErrorCodes.ExclusionViolation;
            return clashed || e.SqlState == PostgresErrorCodes.CheckViolation ? OperationResult.Fail(e.MessageText) : throw e;
        });
        // The clash is explained once the failed transaction is gone: naming the other event needs a fresh query.
        if (clashed) return await ExplainClashAsync(form.SideEventId!.Value, roomId!.Value, clashRoom, startUtc, endUtc);
        if (result.Succeeded && wasScheduled && registrationMails is not null)
            await registrationMails.NotifyEventChangeAsync(form.SideEventId!.Value, RegistrationMailKind.EventRescheduled);
        return result;
    }

    public async Task<OperationResult> CancelAsync(Guid actorUserId, Guid sideEventId, string reason)
    {
        var result = await CancelOnlyAsync(actorUserId, sideEventId, reason);
        if (result.Succeeded && registrationMails is not null)
            await registrationMails.NotifyEventChangeAsync(sideEventId, RegistrationMailKind.EventCancelled);
        return result;
    }

    private Task<OperationResult> CancelOnlyAsync(Guid actorUserId, Guid sideEventId, string reason) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: true, async (db, tx, e) =>
        {
            if (string.IsNullOrWhiteSpace(reason)) return OperationResult.Fail("Give a reason for the cancellation; it is shown with the event.");
            if (reason.Length > 2000) return OperationResult.Fail("The reason can be at most 2000 characters.");
            if (!SideEventWorkflow.CanMove(e.Status, SideEventStatus.Cancelled))
                return OperationResult.Fail("Only an accepted or scheduled side event can be cancelled.");
            await db.ExecuteAsync("UPDATE side_events SET status = 'cancelled', status_reason = @reason, sequence = sequence + 1 WHERE id = @Id",
                new { reason = reason.Trim(), e.Id }, tx);
            await RecordAsync(db, tx, e.Id, actorUserId, "cancelled", reason.Trim());
            return OperationResult.Ok(e.Id);
        });

    public Task<OperationResult> RespondToSlotAsync(Guid actorUserId, Guid sideEventId, bool accept, string? changeRequest) =>
        ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: false, async (db, tx, e) =>
        {
            if (e.Status != SideEventStatus.Scheduled || e.SlotResponse is null)
                return OperationResult.Fail("There is no slot to answer.");
            if (e.SlotResponseDue is { } due && clock.GetUtcNow() > due)
                return OperationResult.Fail($"The deadline to answer was {ConveningClock.ToLocal(due, e.Convening.TimeZone):d MMMM yyyy HH:mm}; contact the organisers.");
            if (!accept && string.IsNullOrWhiteSpace(changeRequest)) return OperationResult.Fail("Say what change you need.");
            if (changeRequest is { Length: > 2000 }) return OperationResult.Fail("The request can be at most 2000 characters.");
            await db.ExecuteAsync("UPDATE side_events SET slot_response = @Response, change_request = @Request WHERE id = @Id",
                new { Response = accept ? "accepted" : "change_requested", Request = accept ? null : changeRequest!.Trim(), e.Id }, tx);
            await RecordAsync(db, tx, e.Id, actorUserId, accept ? "slot accepted" : "change requested", accept ? null : changeRequest!.Trim());
            return OperationResult.Ok(e.Id);
        });

    public async Task<IReadOnlyList<SideEventSummary>> ForConveningAsync(Guid actorUserId, string conveningSlug)
    {
        await using var db = await database.OpenAsync();
        var convening = await db.QuerySingleOrDefaultAsync<(Guid Id, string TimeZone)>("SELECT id, time_zone FROM convenings WHERE slug = @conveningSlug", new { conveningSlug });
        if (convening.Id == Guid.Empty || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, convening.Id)) return [];
        return await SummariesAsync(db, "e.convening_id = @Id AND e.status <> 'draft'", new { convening.Id });
    }

    public async Task<IReadOnlyList<SideEventSummary>> MyProposalsAsync(Guid actorUserId)
    {
        await using var db = await database.OpenAsync();
        return await SummariesAsync(db, "e.proposer_user_id = @actorUserId", new { actorUserId });
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Guid actorUserId, Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var e = await db.QuerySingleOrDefaultAsync<(Guid ConveningId, Guid? ProposerUserId)>(
            "SELECT convening_id, proposer_user_id FROM side_events WHERE id = @sideEventId", new { sideEventId });
        if (e.ConveningId == Guid.Empty) return [];
        if (e.ProposerUserId != actorUserId && !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, e.ConveningId)) return [];
        var rows = await db.QueryAsync<(DateTime At, string? Actor, string Action, string? Detail)>("""
            SELECT h.at, u.display_name, h.action, h.detail FROM side_event_history h LEFT JOIN users u ON u.id = h.actor_user_id
            WHERE h.side_event_id = @sideEventId ORDER BY h.at, h.id
            """, new { sideEventId });
        return rows.Select(r => new HistoryEntry(new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Actor, r.Action, r.Detail)).ToList();
    }

    public async Task<WorkspaceCounts> CountsAsync(Guid actorUserId, string conveningSlug)
    {
        await using var db = await database.OpenAsync();
        var conveningId = await db.ExecuteScalarAsync<Guid?>("SELECT id FROM convenings WHERE slug = @conveningSlug", new { conveningSlug });
        if (conveningId is null || !await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, conveningId.Value)) return new(0, 0, 0, 0, 0, 0);
        var counts = (await db.QueryAsync<(string Status, int Count)>(
            "SELECT status, count(*)::int FROM side_events WHERE convening_id = @conveningId AND status <> 'draft' GROUP BY status", new { conveningId }))
            .ToDictionary(r => r.Status, r => r.Count);
        int Of(string s) => counts.GetValueOrDefault(s);
        return new WorkspaceCounts(counts.Values.Sum(), Of("accepted") + Of("scheduled"), Of("scheduled"), Of("cancelled"), Of("waitlisted"), Of("declined"));
    }

    public Task<OperationResult> AttachFlyerAsync(Guid actorUserId, Guid sideEventId, string? fileName, byte[] content)
    {
        if (content.Length == 0) return Task.FromResult(OperationResult.Fail(FlyerUploadErrors.Empty));
        if (content.Length > FlyerRules.MaxBytes) return Task.FromResult(OperationResult.Fail(FlyerUploadErrors.TooLarge));
        if (FlyerRules.DetectContentType(content) is not { } contentType)
            return Task.FromResult(OperationResult.Fail(FlyerUploadErrors.WrongType));
        return ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: true, async (db, tx, e) =>
        {
            if (e.Status is SideEventStatus.Declined or SideEventStatus.Cancelled) return OperationResult.Fail(FlyerUploadErrors.Closed);
            var name = FlyerRules.SafeFileName(fileName, contentType);
            await db.ExecuteAsync("UPDATE side_events SET flyer = @content, flyer_content_type = @contentType, flyer_file_name = @name WHERE id = @Id",
                new { content, contentType, name, e.Id }, tx);
            await RecordAsync(db, tx, e.Id, actorUserId, "flyer uploaded", name);
            return OperationResult.Ok(e.Id);
        });
    }

    /// <summary>The flyer of a side event that the public programme shows.</summary>
    public async Task<Flyer?> PublicFlyerAsync(Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var row = await db.QuerySingleOrDefaultAsync<(string FileName, string ContentType, byte[] Content)>("""
            SELECT e.flyer_file_name, e.flyer_content_type, e.flyer FROM side_events e JOIN convenings c ON c.id = e.convening_id
            WHERE e.id = @sideEventId AND e.flyer IS NOT NULL AND e.status IN ('scheduled', 'cancelled') AND c.visibility IN ('public', 'unlisted')
            """, new { sideEventId });
        return row.Content is null ? null : new Flyer(row.FileName, row.ContentType, row.Content);
    }

    public async Task<ProposalForm?> EditableProposalAsync(Guid actorUserId, Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var e = await db.QuerySingleOrDefaultAsync<EditRow>("""
            SELECT title, abstract_md AS AbstractMd, themes, proposing_organisation AS ProposingOrganisation, format, capacity, languages,
                   interpretation, webcast_url AS WebcastUrl, accessibility_info AS AccessibilityInfo
            FROM side_events WHERE id = @sideEventId AND proposer_user_id = @actorUserId AND status IN ('draft', 'submitted')
            """, new { sideEventId, actorUserId });
        if (e is null) return null;
        var speakers = await db.QueryAsync<(string Name, string? Title, string? Organisation, string? Bio, string Role, bool PublishName)>(
            "SELECT name, title, organisation, bio, role, publish_name FROM speakers WHERE side_event_id = @sideEventId ORDER BY sort_order", new { sideEventId });
        return new ProposalForm
        {
            Title = e.Title, AbstractMarkdown = e.AbstractMd, Themes = string.Join(", ", e.Themes ?? []), ProposingOrganisation = e.ProposingOrganisation,
            Format = SideEventWorkflow.ParseFormat(e.Format), Capacity = e.Capacity, Languages = string.Join(", ", e.Languages ?? []),
            Interpretation = e.Interpretation, WebcastUrl = e.WebcastUrl, AccessibilityInfo = e.AccessibilityInfo,
            Speakers = speakers.Select(p => new SpeakerForm
            {
                Name = p.Name, Title = p.Title, Organisation = p.Organisation, Bio = p.Bio, IsModerator = p.Role == "moderator", WithholdName = !p.PublishName,
            }).ToList(),
        };
    }

    public async Task<OperationResult> UpdateProposalAsync(Guid actorUserId, Guid sideEventId, ProposalForm form, bool submit)
    {
        if (FormValidation.FirstError(form) is { } error) return OperationResult.Fail(error);
        return await ChangeAsync(actorUserId, sideEventId, proposerMayAct: true, organiserMayAct: false, async (db, tx, e) =>
        {
            if (e.Status is not (SideEventStatus.Draft or SideEventStatus.Submitted))
                return OperationResult.Fail("Only a draft, or a proposal not yet reviewed, can be edited.");
            await db.ExecuteAsync("""
                UPDATE side_events SET title = @Title, abstract_md = @Abstract, themes = @Themes, proposing_organisation = @Organisation,
                       format = @Format, capacity = @Capacity, languages = @Languages, interpretation = @Interpretation,
                       webcast_url = @Webcast, accessibility_info = @Accessibility, status = CASE WHEN @submit THEN 'submitted' ELSE status END
                WHERE id = @Id
                """, new
            {
                e.Id, Title = form.Title.Trim(), Abstract = form.AbstractMarkdown ?? "", Themes = ProposalForm.SplitList(form.Themes).ToArray(),
                Organisation = form.ProposingOrganisation.Trim(), Format = SideEventWorkflow.FormatCode(form.Format), form.Capacity,
                Languages = ProposalForm.SplitList(form.Languages).ToArray(), Interpretation = Blank(form.Interpretation),
                Webcast = Blank(form.WebcastUrl), Accessibility = Blank(form.AccessibilityInfo), submit,
            }, tx);
            await db.ExecuteAsync("DELETE FROM speakers WHERE side_event_id = @Id", new { e.Id }, tx);
            await WriteSpeakersAsync(db, tx, e.Id, form);
            await RecordAsync(db, tx, e.Id, actorUserId, submit && e.Status == SideEventStatus.Draft ? "submitted" : "edited", null);
            return OperationResult.Ok(e.Id);
        });
    }

    // A class with setters: Dapper maps text[] columns onto string[] properties, not onto record constructor parameters.
    private sealed class EditRow
    {
        public string Title { get; set; } = "";
        public string AbstractMd { get; set; } = "";
        public string[]? Themes { get; set; }
        public string ProposingOrganisation { get; set; } = "";
        public string Format { get; set; } = "";
        public int? Capacity { get; set; }
        public string[]? Languages { get; set; }
        public string? Interpretation { get; set; }
        public string? WebcastUrl { get; set; }
        public string? AccessibilityInfo { get; set; }
    }

    private static async Task WriteSpeakersAsync(IDbConnection db, IDbTransaction tx, Guid id, ProposalForm form)
    {
        var order = 0;
        foreach (var speaker in form.Speakers.Where(s => !string.IsNullOrWhiteSpace(s.Name)))
        {
            await db.ExecuteAsync("""
                INSERT INTO speakers (side_event_id, role, name, title, organisation, bio, publish_name, sort_order)
                VALUES (@id, @Role, @Name, @Title, @Organisation, @Bio, @Publish, @order)
                """, new
            {
                id, Role = speaker.IsModerator ? "moderator" : "speaker", Name = speaker.Name!.Trim(), Title = Blank(speaker.Title),
                Organisation = Blank(speaker.Organisation), Bio = Blank(speaker.Bio), Publish = !speaker.WithholdName, order = order++,
            }, tx);
        }
    }

    // ---- helpers ----

    private sealed record ConveningFacts(Guid Id, string TimeZone, DateOnly StartsOn, DateOnly EndsOn, int ChangeoverMinutes, int SlotResponseDays);
    private sealed record EventFacts(Guid Id, SideEventStatus Status, Guid? ProposerUserId, int? Capacity, SlotResponse? SlotResponse,
        DateTimeOffset? SlotResponseDue, ConveningFacts Convening);

    /// <summary>Loads and locks the event, checks who may act, runs the change and commits it with its history, or nothing.</summary>
    private async Task<OperationResult> ChangeAsync(Guid actorUserId, Guid sideEventId, bool proposerMayAct, bool organiserMayAct,
        Func<NpgsqlConnection, NpgsqlTransaction, EventFacts, Task<OperationResult>> change, Func<PostgresException, OperationResult>? onDatabaseError = null)
    {
        await using var db = await database.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        var row = await db.QuerySingleOrDefaultAsync<EventRow>("""
            SELECT e.id, e.status, e.proposer_user_id AS ProposerUserId, e.capacity, e.slot_response AS SlotResponse, e.slot_response_due AS SlotResponseDue,
                   c.id AS ConveningId, c.time_zone AS TimeZone, c.starts_on AS StartsOn, c.ends_on AS EndsOn,
                   c.changeover_minutes AS ChangeoverMinutes, c.slot_response_days AS SlotResponseDays
            FROM side_events e JOIN convenings c ON c.id = e.convening_id WHERE e.id = @sideEventId
            FOR UPDATE OF e
            """, new { sideEventId }, tx);
        if (row is null) return OperationResult.Fail("There is no such side event.");
        var isProposer = row.ProposerUserId == actorUserId;
        var isOrganiser = await OrganiserAccess.IsConveningOrganiserAsync(db, actorUserId, row.ConveningId, tx);
        if (!((proposerMayAct && isProposer) || (organiserMayAct && isOrganiser)))
            return OperationResult.Fail(organiserMayAct && !proposerMayAct ? "Only the convening's organisers can do this." : "Only the proposer can do this.");
        var facts = new EventFacts(row.Id, SideEventWorkflow.Parse(row.Status), row.ProposerUserId, row.Capacity,
            row.SlotResponse switch { "pending" => SlotResponse.Pending, "accepted" => SlotResponse.Accepted, "change_requested" => SlotResponse.ChangeRequested, _ => null },
            row.SlotResponseDue is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null,
            new ConveningFacts(row.ConveningId, row.TimeZone, row.StartsOn, row.EndsOn, row.ChangeoverMinutes, row.SlotResponseDays));
        try
        {
            var result = await change(db, tx, facts);
            if (result.Succeeded) await tx.CommitAsync(); else await tx.RollbackAsync();
            return result;
        }
        catch (PostgresException e) when (onDatabaseError is not null)
        {
            await tx.RollbackAsync();
            logger.LogInformation("Side event {Id} change refused by the database: {SqlState} {Constraint}", sideEventId, e.SqlState, e.ConstraintName);
            return onDatabaseError(e);
        }
    }

    private sealed record EventRow(Guid Id, string Status, Guid? ProposerUserId, int? Capacity, string? SlotResponse, DateTime? SlotResponseDue,
        Guid ConveningId, string TimeZone, DateOnly StartsOn, DateOnly EndsOn, int ChangeoverMinutes, int SlotResponseDays);

    private async Task<OperationResult> ExplainClashAsync(Guid sideEventId, Guid roomId, string? roomName, DateTimeOffset startUtc, DateTimeOffset endUtc)
    {
        await using var db = await database.OpenAsync();
        var clash = await db.QueryFirstOrDefaultAsync<(string Title, DateTime StartsAt, DateTime EndsAt, string TimeZone, int Changeover)>("""
            SELECT e.title, e.starts_at, e.ends_at, c.time_zone, c.changeover_minutes
            FROM side_events e JOIN convenings c ON c.id = e.convening_id
            WHERE e.room_id = @roomId AND e.id <> @sideEventId AND e.status IN ('accepted', 'scheduled') AND e.starts_at IS NOT NULL
              AND tstzrange(e.starts_at, e.occupied_until, '[)') && tstzrange(@startUtc, @endUtc + make_interval(mins => c.changeover_minutes), '[)')
            ORDER BY e.starts_at LIMIT 1
            """, new { roomId, sideEventId, startUtc = startUtc.UtcDateTime, endUtc = endUtc.UtcDateTime });
        if (clash.Title is null)
            return OperationResult.Fail($"{roomName ?? "The room"} was booked by someone else at the same moment. Reload and choose another slot.");
        var from = ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(clash.StartsAt, DateTimeKind.Utc)), clash.TimeZone);
        var to = ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(clash.EndsAt, DateTimeKind.Utc)), clash.TimeZone);
        var buffer = clash.Changeover > 0 ? $" (plus a {clash.Changeover}-minute changeover)" : "";
        return OperationResult.Fail($"{roomName} is already booked for “{clash.Title}” on {from:ddd d MMM} from {from:HH:mm} to {to:HH:mm}{buffer}. Choose another room or time.");
    }

    /// <summary>Speakers (by name) already booked in an overlapping event of the same convening: a warning, not a refusal.</summary>
    private static async Task<IReadOnlyList<string>> SpeakerClashesAsync(NpgsqlConnection db, NpgsqlTransaction tx, Guid sideEventId, string timeZone)
    {
        var rows = await db.QueryAsync<(string Name, string Title, DateTime StartsAt)>("""
            SELECT s.name, o.title, o.starts_at
            FROM side_events e
            JOIN speakers s ON s.side_event_id = e.id
            JOIN side_events o ON o.convening_id = e.convening_id AND o.id <> e.id AND o.status IN ('accepted', 'scheduled') AND o.starts_at IS NOT NULL
                AND tstzrange(o.starts_at, o.ends_at, '[)') && tstzrange(e.starts_at, e.ends_at, '[)')
            JOIN speakers os ON os.side_event_id = o.id AND lower(os.name) = lower(s.name)
            WHERE e.id = @sideEventId
            ORDER BY o.starts_at
            """, new { sideEventId }, tx);
        return rows.Select(r => $"{r.Name} is also speaking at “{r.Title}” at {ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(r.StartsAt, DateTimeKind.Utc)), timeZone):HH:mm}, which overlaps.")
            .Distinct().ToList();
    }

    private static async Task<IReadOnlyList<SideEventSummary>> SummariesAsync(IDbConnection db, string where, object parameters)
    {
        var rows = await db.QueryAsync<SummaryRow>($"""
            SELECT e.id, e.convening_id AS ConveningId, c.slug AS ConveningSlug, c.time_zone AS TimeZone, e.title, e.proposing_organisation AS ProposingOrganisation,
                   e.format, e.status, e.room_id AS RoomId, r.name AS RoomName, e.starts_at AS StartsAt, e.ends_at AS EndsAt, e.capacity,
                   e.slot_response AS SlotResponse, e.slot_response_due AS SlotResponseDue, e.change_request AS ChangeRequest, e.status_reason AS StatusReason
            FROM side_events e JOIN convenings c ON c.id = e.convening_id LEFT JOIN rooms r ON r.id = e.room_id
            WHERE {where}
            ORDER BY e.starts_at NULLS LAST, e.created_at
            """, parameters);
        return rows.Select(r =>
        {
            DateTimeOffset? Local(DateTime? utc) => utc is { } u ? ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)), r.TimeZone) : null;
            return new SideEventSummary(r.Id, r.ConveningId, r.ConveningSlug, r.Title, r.ProposingOrganisation, SideEventWorkflow.ParseFormat(r.Format),
                SideEventWorkflow.Parse(r.Status), r.RoomId, r.RoomName, Local(r.StartsAt), Local(r.EndsAt), r.Capacity,
                r.SlotResponse switch { "pending" => SlotResponse.Pending, "accepted" => SlotResponse.Accepted, "change_requested" => SlotResponse.ChangeRequested, _ => null },
                r.SlotResponseDue is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null, r.ChangeRequest, r.StatusReason);
        }).ToList();
    }

    private sealed record SummaryRow(Guid Id, Guid ConveningId, string ConveningSlug, string TimeZone, string Title, string ProposingOrganisation,
        string Format, string Status, Guid? RoomId, string? RoomName, DateTime? StartsAt, DateTime? EndsAt, int? Capacity,
        string? SlotResponse, DateTime? SlotResponseDue, string? ChangeRequest, string? StatusReason);

    private static Task RecordAsync(IDbConnection db, IDbTransaction tx, Guid sideEventId, Guid actorUserId, string action, string? detail) =>
        db.ExecuteAsync("INSERT INTO side_event_history (side_event_id, actor_user_id, action, detail) VALUES (@sideEventId, @actorUserId, @action, @detail)",
            new { sideEventId, actorUserId, action, detail }, tx);

}
