using System.Data;
using System.Security.Cryptography;
using Dapper;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared;
using Events.Shared.Accounts;
using Events.Shared.Registrations;
using Npgsql;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.Registrations;

/// <summary>
/// Registrations with capacity and a first-come-first-served waitlist. Every change to one event's registrations
/// runs in a transaction that first locks the event's row, so parallel attempts queue up and the seat count is exact.
/// Mails go out after the commit, so a failed mail never undoes a registration.
/// </summary>
public sealed class RegistrationService(
    DatabaseConnections database, RegistrationMails mails, TimeProvider clock) : IRegistrations
{
    private const string LiveStatuses = "('pending', 'confirmed', 'waitlisted')";

    public async Task<EventRegistrationInfo?> InfoAsync(Guid sideEventId, Guid? userId)
    {
        await using var db = await database.OpenAsync();
        var e = await LoadEventAsync(db, null, sideEventId, lockRow: false);
        if (e is null || e.Status is not ("scheduled" or "cancelled") || e.Visibility == "invitation") return null;
        var counts = await CountsAsync(db, null, e);
        var mine = userId is null ? default : await db.QueryFirstOrDefaultAsync<(Guid Id, string Status)>(
            $"SELECT id, status FROM registrations WHERE {e.Where()} AND user_id = @userId AND status IN {LiveStatuses}", e.Args(new { userId }));
        return new EventRegistrationInfo(sideEventId, e.Title, RegistrationCodes.ParseMode(e.Mode), e.Capacity, counts.Confirmed, counts.Waitlisted,
            ClosedReason(e) is not null, ClosedReason(e) is { } reason ? RegistrationOutcomeTexts.Text(reason) : null, mine.Status is null ? null : RegistrationCodes.ParseStatus(mine.Status), mine.Status is null ? null : mine.Id,
            e.PagePath);
    }

    public async Task<RegistrationOutcome> RegisterAsync(Guid userId, Guid sideEventId, string? invitationToken = null)
    {
        RegistrationOutcome outcome;
        // In a rush, queue here rather than in the database: waiting requests then hold no connection, so the ones
        // that have their turn (and the mails after them) are not starved of connections. The row lock below stays the
        // guarantee; this gate is per server process and only about fairness and speed.
        using (await RegistrationGate.EnterAsync(sideEventId))
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            var e = await LoadEventAsync(db, tx, sideEventId, lockRow: true);
            if (e is null || e.Status is not ("scheduled" or "cancelled" or "closed") || e.Visibility == "invitation" && invitationToken is null)
                return RegistrationOutcome.Refused(RegistrationOutcomeCode.NoSuchEvent);
            if (ClosedReason(e) is { } closed) return RegistrationOutcome.Refused(closed);

            var existing = await db.QueryFirstOrDefaultAsync<(Guid Id, string Status)>(
                $"SELECT id, status FROM registrations WHERE {e.Where()} AND user_id = @userId AND status IN {LiveStatuses}", e.Args(new { userId }), tx);
            if (existing.Status is not null)
                return new RegistrationOutcome(true, RegistrationCodes.ParseStatus(existing.Status), AlreadyCode(existing.Status), existing.Id);

            var mode = RegistrationCodes.ParseMode(e.Mode);
            // An invitation-only convening needs a valid invitation for every one of its events, whatever each event's own mode.
            if (mode == RegistrationMode.Invitation || e.Visibility == "invitation")
            {
                var invitationId = invitationToken is null ? null : await db.ExecuteScalarAsync<Guid?>($"""
                    UPDATE registration_invitations SET used_at = now(), used_by = @userId
                    WHERE token_hash = @hash AND {e.Where()} AND revoked_at IS NULL AND used_at IS NULL
                    RETURNING id
                    """, e.Args(new { hash = HashToken(invitationToken), userId }), tx);
                if (invitationId is null)
                    return RegistrationOutcome.Refused(RegistrationOutcomeCode.InvitationInvalid);
            }

            var counts = await CountsAsync(db, tx, e);
            var status = mode == RegistrationMode.Approval ? RegistrationStatus.Pending
                : e.Capacity is null || counts.Confirmed < e.Capacity ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
            var id = await InsertAsync(db, tx, e, userId, status);
            await tx.CommitAsync();
            outcome = new RegistrationOutcome(true, status, status switch
            {
                RegistrationStatus.Confirmed => RegistrationOutcomeCode.Registered,
                RegistrationStatus.Waitlisted => RegistrationOutcomeCode.Waitlisted,
                _ => RegistrationOutcomeCode.Pending,
            }, id);
        }
        await mails.SendAsync(outcome.RegistrationId!.Value, outcome.Status switch
        {
            RegistrationStatus.Confirmed => RegistrationMailKind.Registered,
            RegistrationStatus.Waitlisted => RegistrationMailKind.Waitlisted,
            _ => RegistrationMailKind.PendingApproval,
        });
        return outcome;
    }

    public async Task<RegistrationOutcome> CancelAsync(Guid userId, Guid registrationId)
    {
        var promoted = new List<Guid>();
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            var owner = await db.ExecuteScalarAsync<Guid?>("SELECT user_id FROM registrations WHERE id = @registrationId", new { registrationId }, tx);
            if (owner != userId) return RegistrationOutcome.Refused(RegistrationOutcomeCode.NoSuchRegistration);
            var e = (await LoadTargetOfAsync(db, tx, registrationId, lockRow: true))!;
            var previous = await ChangeLiveStatusAsync(db, tx, registrationId, "cancelled", null);
            if (previous is null) return new RegistrationOutcome(true, RegistrationStatus.Cancelled, RegistrationOutcomeCode.AlreadyCancelled, registrationId);
            if (previous == "confirmed") promoted.AddRange(await PromoteAsync(db, tx, e));
            await tx.CommitAsync();
        }
        await mails.SendAsync(registrationId, RegistrationMailKind.Cancelled);
        foreach (var id in promoted) await mails.SendAsync(id, RegistrationMailKind.Promoted);
        return new RegistrationOutcome(true, RegistrationStatus.Cancelled, RegistrationOutcomeCode.Cancelled, registrationId);
    }

    public async Task<IReadOnlyList<MyRegistration>> MineAsync(Guid userId)
    {
        await using var db = await database.OpenAsync();
        var rows = await db.QueryAsync<MyRow>("""
            SELECT g.id, COALESCE(e.id, c.id) AS SideEventId, COALESCE(e.title, c.name) AS Title, c.name AS ConveningName,
                   COALESCE(e.starts_at, c.starts_on::timestamp AT TIME ZONE c.time_zone) AS StartsAt,
                   COALESCE(e.ends_at, (c.ends_on + 1)::timestamp AT TIME ZONE c.time_zone) AS EndsAt, c.time_zone AS TimeZone,
                   r.name AS Room, g.status, g.check_in_code AS CheckInCode, g.checked_in_at AS CheckedInAt, g.decision_message AS DecisionMessage,
                   COALESCE(e.status = 'cancelled', false) AS EventCancelled,
                   CASE WHEN e.id IS NULL THEN '/c/' || c.slug ELSE '/e/' || e.id END AS PagePath
            FROM registrations g JOIN convenings c ON c.id = g.convening_id LEFT JOIN side_events e ON e.id = g.side_event_id
            LEFT JOIN rooms r ON r.id = e.room_id
            WHERE g.user_id = @userId
            ORDER BY 5 NULLS LAST, g.created_at
            """, new { userId });
        return rows.Select(r => new MyRegistration(r.Id, r.SideEventId, r.Title, r.ConveningName, Local(r.StartsAt, r.TimeZone), Local(r.EndsAt, r.TimeZone),
            r.TimeZone, r.Room, RegistrationCodes.ParseStatus(r.Status), r.Status == "confirmed" ? r.CheckInCode : null, Utc(r.CheckedInAt),
            r.DecisionMessage, r.EventCancelled, r.PagePath)).ToList();
    }

    public async Task<OperationResult> DecideAsync(Guid organiserId, Guid registrationId, bool approve, string? message)
    {
        if (message is { Length: > 2000 }) return OperationResult.Fail("The message can be at most 2000 characters.");
        RegistrationMailKind kind;
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            var e = await LoadTargetOfAsync(db, tx, registrationId, lockRow: true);
            if (e is null || !await IsEventStaffAsync(db, tx, organiserId, e.Id)) return OperationResult.Fail("Only the event's organisers can do this.");
            var status = await db.ExecuteScalarAsync<string>("SELECT status FROM registrations WHERE id = @registrationId", new { registrationId }, tx);
            if (status != "pending") return OperationResult.Fail("Only a request waiting for approval can be approved or declined.");
            if (!approve)
            {
                await db.ExecuteAsync("UPDATE registrations SET status = 'declined', decision_message = @message, updated_at = now() WHERE id = @registrationId",
                    new { registrationId, message = Blank(message) }, tx);
                kind = RegistrationMailKind.Declined;
            }
            else
            {
                var counts = await CountsAsync(db, tx, e);
                var seat = e.Capacity is null || counts.Confirmed < e.Capacity;
                await db.ExecuteAsync("""
                    UPDATE registrations SET status = @status, check_in_code = @code, decision_message = @message, updated_at = now(),
                           queued_at = clock_timestamp()
                    WHERE id = @registrationId
                    """, new { registrationId, status = seat ? "confirmed" : "waitlisted", code = seat ? NewCode() : null, message = Blank(message) }, tx);
                kind = seat ? RegistrationMailKind.Approved : RegistrationMailKind.Waitlisted;
            }
            await tx.CommitAsync();
        }
        await mails.SendAsync(registrationId, kind);
        return OperationResult.Ok(registrationId);
    }

    public async Task<OperationResult> RemoveAsync(Guid organiserId, Guid registrationId, string? message)
    {
        if (message is { Length: > 2000 }) return OperationResult.Fail("The message can be at most 2000 characters.");
        var promoted = new List<Guid>();
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            var e = await LoadTargetOfAsync(db, tx, registrationId, lockRow: true);
            if (e is null || !await IsEventStaffAsync(db, tx, organiserId, e.Id)) return OperationResult.Fail("Only the event's organisers can do this.");
            var previous = await ChangeLiveStatusAsync(db, tx, registrationId, "removed", Blank(message));
            if (previous is null) return OperationResult.Fail("This registration is no longer active.");
            if (previous == "confirmed") promoted.AddRange(await PromoteAsync(db, tx, e));
            await tx.CommitAsync();
        }
        await mails.SendAsync(registrationId, RegistrationMailKind.Removed);
        foreach (var id in promoted) await mails.SendAsync(id, RegistrationMailKind.Promoted);
        return OperationResult.Ok(registrationId);
    }

    public async Task<OperationResult> UpdateSettingsAsync(Guid organiserId, Guid sideEventId, RegistrationSettings settings)
    {
        var promoted = new List<Guid>();
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            var e = await LoadEventAsync(db, tx, sideEventId, lockRow: true);
            if (e is null || !await IsEventStaffAsync(db, tx, organiserId, e.Id)) return OperationResult.Fail("Only the event's organisers can do this.");
            if (settings.Capacity is < 1 or > 100000) return OperationResult.Fail("The capacity must be between 1 and 100000 people.");
            var args = new { Mode = RegistrationCodes.Mode(settings.Mode), settings.AttendeeListPublic, Id = e.Id, settings.Enabled, settings.Capacity };
            if (e.SideEventId is null)
            {
                await db.ExecuteAsync("""
                    UPDATE convenings SET registration_mode = @Mode, attendee_list_public = @AttendeeListPublic, registration_enabled = @Enabled,
                           registration_capacity = @Capacity
                    WHERE id = @Id
                    """, args, tx);
                // A larger capacity frees seats for the waitlist at once.
                promoted.AddRange(await PromoteAsync(db, tx, e with { Capacity = settings.Capacity }));
            }
            else
                await db.ExecuteAsync("UPDATE side_events SET registration_mode = @Mode, attendee_list_public = @AttendeeListPublic WHERE id = @Id", args, tx);
            await tx.CommitAsync();
        }
        foreach (var id in promoted) await mails.SendAsync(id, RegistrationMailKind.Promoted);
        return OperationResult.Ok(sideEventId);
    }

    public async Task<RegistrationSettings?> SettingsAsync(Guid organiserId, Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        if (!await IsEventStaffAsync(db, null, organiserId, sideEventId)) return null;
        var row = await db.QuerySingleOrDefaultAsync<(string Mode, bool Public, bool Enabled, int? Capacity, string Title, bool IsConvening)>("""
            SELECT registration_mode, attendee_list_public, true, NULL::int, title, false FROM side_events WHERE id = @sideEventId
            UNION ALL
            SELECT registration_mode, attendee_list_public, registration_enabled, registration_capacity, name, true FROM convenings WHERE id = @sideEventId
            """, new { sideEventId });
        return new RegistrationSettings(RegistrationCodes.ParseMode(row.Mode), row.Public, row.Enabled, row.Capacity, row.Title, row.IsConvening);
    }

    public async Task<IReadOnlyList<AttendeeRow>> AttendeesAsync(Guid organiserId, Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var e = await LoadEventAsync(db, null, sideEventId, lockRow: false);
        if (e is null || !await IsEventStaffAsync(db, null, organiserId, sideEventId)) return [];
        var rows = await db.QueryAsync<AttendeeDbRow>($"""
            SELECT g.id, u.display_name AS Name, u.email, p.organisation, p.stakeholder_group AS StakeholderGroup, p.country,
                   p.accessibility_needs AS AccessibilityNeeds, p.interpretation_needs AS InterpretationNeeds,
                   COALESCE(p.consent_publish_name, false) AS ConsentPublishName, COALESCE(p.consent_photograph, false) AS ConsentPhotograph,
                   g.status, g.created_at AS RegisteredAt, g.checked_in_at AS CheckedInAt, g.user_id IS NULL AS Erased
            FROM registrations g LEFT JOIN users u ON u.id = g.user_id LEFT JOIN participant_profiles p ON p.user_id = g.user_id
            WHERE {e.Where("g.")}
            ORDER BY g.queue_order
            """, e.Args());
        return rows.Select(r => new AttendeeRow(r.Id, r.Erased ? "Erased participant" : r.Name!, r.Erased ? null : r.Email, r.Organisation,
            RegistrationCodes.ParseGroup(r.StakeholderGroup), r.Country, r.AccessibilityNeeds, r.InterpretationNeeds, r.ConsentPublishName,
            r.ConsentPhotograph, RegistrationCodes.ParseStatus(r.Status), Utc(r.RegisteredAt)!.Value, Utc(r.CheckedInAt), r.Erased)).ToList();
    }

    public async Task<AttendanceFigures?> FiguresAsync(Guid staffId, Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var e = await LoadEventAsync(db, null, sideEventId, lockRow: false);
        if (e is null || !await IsEventStaffAsync(db, null, staffId, sideEventId)) return null;
        var c = await CountsAsync(db, null, e);
        // No-shows only mean something once the event is over.
        var ended = e.EndsAt is { } end && DateTime.SpecifyKind(end, DateTimeKind.Utc) < clock.GetUtcNow().UtcDateTime;
        return new AttendanceFigures(c.Confirmed, c.Waitlisted, c.Pending, c.CheckedIn, ended ? c.Confirmed - c.CheckedIn : 0);
    }

    public async Task<CheckInResult> CheckInAsync(Guid staffId, Guid sideEventId, string code)
    {
        var normalised = RegistrationCodes.NormaliseCode(code);
        if (normalised.Length == 0 || normalised.Length > 64) return new CheckInResult(false, "Enter or scan a check-in code.", null, null);
        await using var db = await database.OpenAsync();
        var e = await LoadEventAsync(db, null, sideEventId, lockRow: false);
        if (e is null || !await IsEventStaffAsync(db, null, staffId, sideEventId)) return new CheckInResult(false, "Only the event's staff can check people in.", null, null);
        // One statement, so that two scanners at the door cannot both check the same person in.
        var row = await db.QueryFirstOrDefaultAsync<(string? Name, DateTime? Before, DateTime At, string Status)>($"""
            WITH target AS (SELECT id, checked_in_at, status FROM registrations WHERE {e.Where()} AND check_in_code = @normalised FOR UPDATE),
                 done AS (UPDATE registrations g SET checked_in_at = COALESCE(g.checked_in_at, now())
                          FROM target WHERE g.id = target.id AND target.status = 'confirmed' RETURNING g.id, g.checked_in_at)
            SELECT u.display_name, target.checked_in_at, COALESCE(done.checked_in_at, now()), target.status
            FROM target LEFT JOIN done ON done.id = target.id JOIN registrations g ON g.id = target.id LEFT JOIN users u ON u.id = g.user_id
            """, e.Args(new { normalised }));
        if (row.Status is null) return new CheckInResult(false, "No registration with this code for this event. Check the code, or the event.", null, null);
        if (row.Status != "confirmed") return new CheckInResult(false, "This registration is not confirmed (it was cancelled or is on the waitlist).", row.Name, null);
        var name = row.Name ?? "Participant";
        if (row.Before is { } before)
        {
            var at = ConveningLocal(before, e.TimeZone);
            return new CheckInResult(false, $"{name} is already checked in at {at:HH:mm}.", name, at);
        }
        var now = ConveningLocal(row.At, e.TimeZone);
        return new CheckInResult(true, $"{name} checked in at {now:HH:mm}.", name, now);
    }

    public async Task<IReadOnlyList<string>?> PublicAttendeesAsync(Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var e = await LoadEventAsync(db, null, sideEventId, lockRow: false);
        if (e is null || e.Status is not ("scheduled" or "cancelled") || e.Visibility is not ("public" or "unlisted")) return null;
        var isPublic = await db.ExecuteScalarAsync<bool>(e.SideEventId is null
            ? "SELECT attendee_list_public FROM convenings WHERE id = @Id" : "SELECT attendee_list_public FROM side_events WHERE id = @Id", new { e.Id });
        if (!isPublic) return null;
        // Only confirmed participants who said yes to publication; never anyone who did not answer.
        return (await db.QueryAsync<string>($"""
            SELECT u.display_name FROM registrations g JOIN users u ON u.id = g.user_id JOIN participant_profiles p ON p.user_id = g.user_id
            WHERE {e.Where("g.")} AND g.status = 'confirmed' AND p.consent_publish_name
            ORDER BY u.display_name
            """, e.Args())).ToList();
    }

    public async Task<OperationResult> InviteAsync(Guid organiserId, Guid sideEventId, IReadOnlyList<string> emails)
    {
        var cleaned = emails.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (cleaned.Count == 0) return OperationResult.Fail("Enter at least one e-mail address.");
        if (cleaned.Count > 500) return OperationResult.Fail("At most 500 invitations at once.");
        if (cleaned.FirstOrDefault(e => !EmailAddressRules.IsValid(e)) is { } bad) return OperationResult.Fail($"'{Shorten(bad)}' is not a valid e-mail address; nothing was sent.");
        var links = new List<(string Email, string Token)>();
        await using (var db = await database.OpenAsync())
        {
            var e = await LoadEventAsync(db, null, sideEventId, lockRow: false);
            if (e is null || !await IsEventStaffAsync(db, null, organiserId, sideEventId)) return OperationResult.Fail("Only the event's organisers can do this.");
            await using var tx = await db.BeginTransactionAsync();
            foreach (var email in cleaned)
            {
                var token = NewToken();
                await db.ExecuteAsync("""
                    INSERT INTO registration_invitations (convening_id, side_event_id, email, token_hash, created_by)
                    VALUES (@TargetConvening, @TargetEvent, @email, @hash, @organiserId)
                    """, e.Args(new { email, hash = HashToken(token), organiserId }), tx);
                links.Add((email, token));
            }
            await tx.CommitAsync();
        }
        foreach (var (email, token) in links)
            await mails.SendInvitationAsync(sideEventId, email, token);
        return OperationResult.Ok(sideEventId, [$"{links.Count} invitation(s) sent."]);
    }

    /// <summary>Moves a live registration to a closed status; returns the status it had, or null when it was not live.</summary>
    private static Task<string?> ChangeLiveStatusAsync(IDbConnection db, IDbTransaction tx, Guid registrationId, string status, string? message) =>
        db.ExecuteScalarAsync<string?>($"""
            UPDATE registrations r SET status = @status, decision_message = COALESCE(@message, r.decision_message), updated_at = now()
            FROM (SELECT status FROM registrations WHERE id = @registrationId) before
            WHERE r.id = @registrationId AND r.status IN {LiveStatuses}
            RETURNING before.status
            """, new { registrationId, status, message }, tx);

    public async Task<ParticipantProfileForm> ProfileAsync(Guid userId)
    {
        await using var db = await database.OpenAsync();
        var row = await db.QueryFirstOrDefaultAsync<ProfileRow>("""
            SELECT organisation, stakeholder_group AS StakeholderGroup, country, gender, accessibility_needs AS AccessibilityNeeds,
                   interpretation_needs AS InterpretationNeeds, consent_publish_name AS ConsentPublishName, consent_photograph AS ConsentPhotograph
            FROM participant_profiles WHERE user_id = @userId
            """, new { userId });
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
        await using var db = await database.OpenAsync();
        await db.ExecuteAsync("""
            INSERT INTO participant_profiles (user_id, organisation, stakeholder_group, country, gender, accessibility_needs, interpretation_needs,
                                              consent_publish_name, consent_photograph, updated_at)
            VALUES (@userId, @Organisation, @Group, @Country, @Gender, @AccessibilityNeeds, @InterpretationNeeds, @ConsentPublishName, @ConsentPhotograph, now())
            ON CONFLICT (user_id) DO UPDATE SET organisation = EXCLUDED.organisation, stakeholder_group = EXCLUDED.stakeholder_group,
                country = EXCLUDED.country, gender = EXCLUDED.gender, accessibility_needs = EXCLUDED.accessibility_needs,
                interpretation_needs = EXCLUDED.interpretation_needs, consent_publish_name = EXCLUDED.consent_publish_name,
                consent_photograph = EXCLUDED.consent_photograph, updated_at = now()
            """, new
        {
            userId, Organisation = Blank(form.Organisation), Group = form.StakeholderGroup is { } g ? RegistrationCodes.Group(g) : null,
            Country = Blank(form.Country), Gender = Blank(form.Gender), AccessibilityNeeds = Blank(form.AccessibilityNeeds),
            InterpretationNeeds = Blank(form.InterpretationNeeds), form.ConsentPublishName, form.ConsentPhotograph,
        });
        return OperationResult.Ok();
    }

    /// <summary>
    /// Erasure: live registrations for events still to come are cancelled (freeing seats for the waitlist); past ones stay,
    /// without the person, so that attendance figures stay right. Called inside the account deletion's transaction.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> ForgetParticipantAsync(NpgsqlConnection db, NpgsqlTransaction tx, Guid userId, string email)
    {
        var promoted = new List<Guid>();
        var upcoming = (await db.QueryAsync<Guid>($"""
            SELECT DISTINCT COALESCE(g.side_event_id, g.convening_id) FROM registrations g
            JOIN convenings c ON c.id = g.convening_id LEFT JOIN side_events e ON e.id = g.side_event_id
            WHERE g.user_id = @userId AND g.status IN {LiveStatuses}
              AND COALESCE(e.ends_at, (c.ends_on + 1)::timestamp AT TIME ZONE c.time_zone) > now()
            ORDER BY 1
            """, new { userId }, tx)).ToList();
        foreach (var targetId in upcoming)
        {
            var e = (await LoadEventAsync(db, tx, targetId, lockRow: true))!;
            var wasConfirmed = await db.ExecuteScalarAsync<bool>(
                $"SELECT EXISTS (SELECT 1 FROM registrations WHERE {e.Where()} AND user_id = @userId AND status = 'confirmed')", e.Args(new { userId }), tx);
            await db.ExecuteAsync($"UPDATE registrations SET status = 'cancelled', updated_at = now() WHERE {e.Where()} AND user_id = @userId AND status IN {LiveStatuses}",
                e.Args(new { userId }), tx);
            if (wasConfirmed) promoted.AddRange(await PromoteAsync(db, tx, e));
        }
        await db.ExecuteAsync("UPDATE registrations SET user_id = NULL, decision_message = NULL, updated_at = now() WHERE user_id = @userId", new { userId }, tx);
        await db.ExecuteAsync("DELETE FROM registration_invitations WHERE lower(email) = lower(@email)", new { email }, tx);
        await db.ExecuteAsync("DELETE FROM participant_profiles WHERE user_id = @userId", new { userId }, tx);
        return promoted;
    }

    /// <summary>A few registrations per target at a time inside this process.</summary>
    private static class RegistrationGate
    {
        private const int PerTarget = 4;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();

        public static async Task<IDisposable> EnterAsync(Guid targetId)
        {
            var gate = Gates.GetOrAdd(targetId, _ => new SemaphoreSlim(PerTarget, PerTarget));
            await gate.WaitAsync();
            return new Release(gate);
        }

        private sealed class Release(SemaphoreSlim gate) : IDisposable
        {
            private int _done;
            public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release(); }
        }
    }

    // ---- helpers ----

    /// <summary>
    /// What people register for: one side event, or a convening as a whole (SideEventId null). Ids never collide, so
    /// the same pages and endpoints serve both.
    /// </summary>
    private sealed record EventRow(Guid Id, Guid ConveningId, Guid? SideEventId, string Title, string Status, string Mode, int? Capacity,
        DateTime? EndsAt, string Visibility, string TimeZone, string Slug)
    {
        public string PagePath => SideEventId is null ? $"/c/{Slug}" : $"/e/{Id}";

        /// <summary>The SQL condition selecting this target's registrations (table alias optional).</summary>
        public string Where(string alias = "") => SideEventId is null
            ? $"{alias}convening_id = @TargetConvening AND {alias}side_event_id IS NULL"
            : $"{alias}side_event_id = @TargetEvent";

        public DynamicParameters Args(object? more = null)
        {
            var args = new DynamicParameters(more);
            args.Add("TargetConvening", ConveningId);
            args.Add("TargetEvent", SideEventId);
            return args;
        }
    }

    private static async Task<EventRow?> LoadEventAsync(IDbConnection db, IDbTransaction? tx, Guid id, bool lockRow) =>
        await db.QuerySingleOrDefaultAsync<EventRow>($"""
            SELECT e.id, e.convening_id AS ConveningId, e.id AS SideEventId, e.title, e.status, e.registration_mode AS Mode,
                   COALESCE(e.capacity, r.capacity) AS Capacity, e.ends_at AS EndsAt, c.visibility, c.time_zone AS TimeZone, c.slug
            FROM side_events e JOIN convenings c ON c.id = e.convening_id LEFT JOIN rooms r ON r.id = e.room_id
            WHERE e.id = @id {(lockRow ? "FOR UPDATE OF e" : "")}
            """, new { id }, tx)
        ?? await db.QuerySingleOrDefaultAsync<EventRow>($"""
            SELECT c.id, c.id AS ConveningId, NULL::uuid AS SideEventId, c.name AS Title,
                   CASE WHEN c.registration_enabled THEN 'scheduled' ELSE 'closed' END AS Status, c.registration_mode AS Mode,
                   c.registration_capacity AS Capacity, ((c.ends_on + 1)::timestamp AT TIME ZONE c.time_zone) AS EndsAt, c.visibility,
                   c.time_zone AS TimeZone, c.slug
            FROM convenings c WHERE c.id = @id {(lockRow ? "FOR UPDATE" : "")}
            """, new { id }, tx);

    /// <summary>The target a registration belongs to.</summary>
    private static async Task<EventRow?> LoadTargetOfAsync(IDbConnection db, IDbTransaction tx, Guid registrationId, bool lockRow)
    {
        var owner = await db.QuerySingleOrDefaultAsync<(Guid ConveningId, Guid? SideEventId)>(
            "SELECT convening_id, side_event_id FROM registrations WHERE id = @registrationId", new { registrationId }, tx);
        return owner.ConveningId == Guid.Empty ? null : await LoadEventAsync(db, tx, owner.SideEventId ?? owner.ConveningId, lockRow);
    }

    private RegistrationOutcomeCode? ClosedReason(EventRow e) =>
        e.Status == "closed" ? RegistrationOutcomeCode.ConveningNotOpen
        : e.Status == "cancelled" ? RegistrationOutcomeCode.EventCancelled
        : e.EndsAt is { } end && DateTime.SpecifyKind(end, DateTimeKind.Utc) < clock.GetUtcNow().UtcDateTime ? RegistrationOutcomeCode.EventOver
        : null;

    private sealed record Counts(int Confirmed, int Waitlisted, int Pending, int CheckedIn);

    private static Task<Counts> CountsAsync(IDbConnection db, IDbTransaction? tx, EventRow e) =>
        db.QuerySingleAsync<Counts>($"""
            SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS Confirmed, count(*) FILTER (WHERE status = 'waitlisted')::int AS Waitlisted,
                   count(*) FILTER (WHERE status = 'pending')::int AS Pending,
                   count(*) FILTER (WHERE status = 'confirmed' AND checked_in_at IS NOT NULL)::int AS CheckedIn
            FROM registrations WHERE {e.Where()}
            """, e.Args(), tx);

    /// <summary>Fills free seats from the waitlist, earliest first. The caller holds the target's lock.</summary>
    private static async Task<IReadOnlyList<Guid>> PromoteAsync(IDbConnection db, IDbTransaction tx, EventRow e)
    {
        var promoted = new List<Guid>();
        while (true)
        {
            var counts = await CountsAsync(db, tx, e);
            if (e.Capacity is { } capacity && counts.Confirmed >= capacity) break;
            var next = await db.ExecuteScalarAsync<Guid?>($"""
                UPDATE registrations SET status = 'confirmed', check_in_code = @code, updated_at = now()
                WHERE id = (SELECT id FROM registrations WHERE {e.Where()} AND status = 'waitlisted' ORDER BY queue_order LIMIT 1)
                RETURNING id
                """, e.Args(new { code = NewCode() }), tx);
            if (next is null) break;
            promoted.Add(next.Value);
        }
        return promoted;
    }

    private static Task<Guid> InsertAsync(IDbConnection db, IDbTransaction tx, EventRow e, Guid userId, RegistrationStatus status) =>
        db.ExecuteScalarAsync<Guid>("""
            INSERT INTO registrations (convening_id, side_event_id, user_id, status, check_in_code)
            VALUES (@TargetConvening, @TargetEvent, @userId, @Status, @code) RETURNING id
            """, e.Args(new { userId, Status = RegistrationCodes.Status(status), code = status == RegistrationStatus.Confirmed ? NewCode() : null }), tx);

    /// <summary>The staff of a side event: its proposer, the convening's organisers, and admins. Of a convening: its organisers and admins.</summary>
    internal static async Task<bool> IsEventStaffAsync(IDbConnection db, IDbTransaction? tx, Guid userId, Guid targetId)
    {
        var e = await db.QuerySingleOrDefaultAsync<(Guid ConveningId, Guid? ProposerUserId)>(
            "SELECT convening_id, proposer_user_id FROM side_events WHERE id = @targetId", new { targetId }, tx);
        if (e.ConveningId != Guid.Empty)
            return e.ProposerUserId == userId || await OrganiserAccess.IsConveningOrganiserAsync(db, userId, e.ConveningId, tx);
        return await db.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM convenings WHERE id = @targetId)", new { targetId }, tx)
               && await OrganiserAccess.IsConveningOrganiserAsync(db, userId, targetId, tx);
    }

    private static RegistrationOutcomeCode AlreadyCode(string status) => status switch
    {
        "confirmed" => RegistrationOutcomeCode.AlreadyRegistered,
        "waitlisted" => RegistrationOutcomeCode.AlreadyWaitlisted,
        _ => RegistrationOutcomeCode.AlreadyPending,
    };

    private static string NewCode() => RandomNumberGenerator.GetString(RegistrationCodes.CodeAlphabet, RegistrationCodes.CodeLength);
    private static string NewToken() => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
    internal static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;
    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
    private static DateTimeOffset? Local(DateTime? t, string zone) => Utc(t) is { } u ? Events.Shared.Convenings.ConveningClock.ToLocal(u, zone) : null;
    private static DateTimeOffset ConveningLocal(DateTime t, string zone) => Events.Shared.Convenings.ConveningClock.ToLocal(Utc(t)!.Value, zone);

    private sealed record MyRow(Guid Id, Guid SideEventId, string Title, string ConveningName, DateTime? StartsAt, DateTime? EndsAt, string TimeZone,
        string? Room, string Status, string? CheckInCode, DateTime? CheckedInAt, string? DecisionMessage, bool EventCancelled, string PagePath);
    private sealed record AttendeeDbRow(Guid Id, string? Name, string? Email, string? Organisation, string? StakeholderGroup, string? Country,
        string? AccessibilityNeeds, string? InterpretationNeeds, bool ConsentPublishName, bool ConsentPhotograph, string Status,
        DateTime RegisteredAt, DateTime? CheckedInAt, bool Erased);
    private sealed record ProfileRow(string? Organisation, string? StakeholderGroup, string? Country, string? Gender, string? AccessibilityNeeds,
        string? InterpretationNeeds, bool ConsentPublishName, bool ConsentPhotograph);
}
