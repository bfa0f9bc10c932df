using System.Security.Cryptography;
using System.Text;
using Events.Server.CoSponsors;
using Events.Shared.CoSponsors;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.CoSponsors;

/// <summary>The invitation life cycle against a real PostgreSQL: every transition, expiry, revocation, lock, final, races.</summary>
public sealed class CoSponsorInvitationTests
{
    [Fact]
    public async Task An_invitation_mails_an_unguessable_link_and_the_database_keeps_only_its_hash()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, token) = await kit.InviteStateAsync("KEN");

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token); // 256 bits, base64url
        var mail = kit.Mail.Sent.Single(m => m.To.StartsWith("focal.", StringComparison.Ordinal));
        Assert.StartsWith("focal.ken-", mail.To);
        Assert.Contains($"{CoSponsorKit.SiteBaseUrl}cosponsor/{token}", mail.TextBody);
        Assert.Contains("Women's leadership in climate action", mail.Subject);
        Assert.Contains("We would be honoured.", mail.TextBody);

        var stored = (await kit.InvitationAsync(id)).TokenHash;
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(token)), stored);
        Assert.DoesNotContain(token, await kit.SnapshotAsync());
        Assert.Equal("invited", await kit.StatusAsync(id));
        Assert.Equal(["invited"], await kit.HistoryActionsAsync(id));
        var expires = (await kit.InvitationAsync(id)).TokenExpiresAt!.Value;
        Assert.Equal(kit.Clock.GetUtcNow().UtcDateTime.AddDays(30), expires, TimeSpan.FromSeconds(1));

        // Two invitations get two different tokens.
        var (_, other) = await kit.InviteStateAsync("GHA");
        Assert.NotEqual(token, other);
    }

    [Fact]
    public async Task Opening_the_link_marks_the_invitation_opened_once_however_often_and_however_concurrently_it_is_opened()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, token) = await kit.InviteStateAsync("BRA");

        var views = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => kit.Links.OpenAsync(token)));
        Assert.All(views, v => Assert.NotNull(v));
        Assert.Equal("Brazil", views[0]!.SponsorName);
        Assert.Equal("Women's leadership in climate action", views[0]!.EventTitle);
        Assert.Equal("opened", await kit.StatusAsync(id));
        Assert.Equal(["invited", "opened the link"], await kit.HistoryActionsAsync(id));
        Assert.Equal(InvitationStatus.Opened, await kit.BoardStatusAsync(id));

        // Opening after answering does not move the answer back.
        await kit.ConfirmAsync(token, "Brazil");
        await kit.Links.OpenAsync(token);
        Assert.Equal("confirmed", await kit.StatusAsync(id));
    }

    [Fact]
    public async Task A_focal_point_confirms_changes_their_mind_and_back_and_every_answer_is_in_the_history()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, token) = await kit.InviteStateAsync("MEX");

        Assert.True((await kit.Links.ConfirmAsync(token, CoSponsorKit.Confirmation("Mexico", "Juan Pérez", "Ambassador"))).Succeeded);
        var board = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!;
        var confirmed = board.Invitations.Single();
        Assert.Equal(InvitationStatus.Confirmed, confirmed.Status);
        Assert.Equal("Juan Pérez", confirmed.AuthorisingOfficialName);
        Assert.Equal("Ambassador", confirmed.AuthorisingOfficialTitle);

        Assert.True((await kit.Links.DeclineAsync(token, new DeclineForm { Reason = "Capital has not cleared it" })).Succeeded);
        var declined = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!.Invitations.Single();
        Assert.Equal(InvitationStatus.Declined, declined.Status);
        Assert.Equal("Capital has not cleared it", declined.DeclineReason);
        Assert.Null(declined.AuthorisingOfficialName);

        Assert.True((await kit.Links.ConfirmAsync(token, CoSponsorKit.Confirmation("United Mexican States", "Juan Pérez", "Ambassador"))).Succeeded);
        var again = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!;
        Assert.Equal(InvitationStatus.Confirmed, again.Invitations.Single().Status);
        Assert.Null(again.Invitations.Single().DeclineReason);
        Assert.Equal("United Mexican States", again.Invitations.Single().DisplayName);
        Assert.Equal("Mexico", again.Invitations.Single().SponsorName);

        Assert.Equal(["invited", "confirmed", "withdrew the confirmation and declined", "changed the answer to confirmed"], await kit.HistoryActionsAsync(id));
        var history = again.History;
        Assert.Equal("Olga Organiser", history[0].Actor);
        Assert.All(history.Skip(1), h => Assert.Equal("focal point of Mexico", h.Actor));
        Assert.Contains("Juan Pérez, Ambassador", history[1].Detail);
    }

    [Fact]
    public async Task A_confirmation_needs_the_official_and_a_display_name_and_a_refused_one_changes_nothing()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (_, token) = await kit.InviteStateAsync("FRA");
        await kit.Links.OpenAsync(token);
        var before = await kit.SnapshotAsync();

        var result = await kit.Links.ConfirmAsync(token, new ConfirmationForm { OfficialName = "", OfficialTitle = "", DisplayName = new string('x', 201) });
        Assert.Equal(FocalPointOutcome.Refused, result.Outcome);
        Assert.Contains("authorises", result.Error);
        Assert.Contains("at most 200", result.Error);
        var longReason = await kit.Links.DeclineAsync(token, new DeclineForm { Reason = new string('x', 2001) });
        Assert.Equal(FocalPointOutcome.Refused, longReason.Outcome);
        Assert.Equal(before, await kit.SnapshotAsync());
    }

    [Fact]
    public async Task A_link_expires_after_the_configured_days_then_changes_nothing_and_the_board_shows_expired()
    {
        var kit = await CoSponsorKit.CreateAsync(new CoSponsorOptions { LinkLifetimeDays = 3 });
        var (pendingId, pending) = await kit.InviteStateAsync("IND");
        var (answeredId, answered) = await kit.InviteStateAsync("JPN");
        await kit.ConfirmAsync(answered, "Japan");

        kit.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.NotNull(await kit.Links.OpenAsync(pending));

        kit.Clock.Advance(TimeSpan.FromMinutes(2));
        var before = await kit.SnapshotAsync();
        Assert.Null(await kit.Links.OpenAsync(pending));
        Assert.Equal(FocalPointOutcome.InvalidLink, (await kit.Links.ConfirmAsync(pending, CoSponsorKit.Confirmation("India"))).Outcome);
        Assert.Equal(FocalPointOutcome.InvalidLink, (await kit.Links.DeclineAsync(answered, new DeclineForm())).Outcome);
        Assert.Equal(before, await kit.SnapshotAsync());

        // The unanswered invitation shows as expired; the answer given in time stands.
        Assert.Equal(InvitationStatus.Expired, await kit.BoardStatusAsync(pendingId));
        Assert.Equal(InvitationStatus.Confirmed, await kit.BoardStatusAsync(answeredId));
        Assert.Equal(1, (await kit.Board.OverviewAsync(kit.Organiser, kit.Slug)).Single().Confirmed);
        Assert.Equal(0, (await kit.Board.OverviewAsync(kit.Organiser, kit.Slug)).Single().Pending);

        // A reminder gives a fresh link with a fresh lifetime.
        Assert.True((await kit.Board.ResendAsync(kit.Organiser, pendingId)).Succeeded);
        var renewed = kit.Mail.TokenFor(kit.Mail.Sent.Last().To);
        Assert.StartsWith("Reminder:", kit.Mail.Sent.Last().Subject);
        Assert.NotNull(await kit.Links.OpenAsync(renewed));
        Assert.Equal(InvitationStatus.Opened, await kit.BoardStatusAsync(pendingId));
    }

    [Fact]
    public async Task Re_sending_issues_a_new_link_and_the_old_one_stops_working()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, first) = await kit.InviteStateAsync("NOR");
        Assert.True((await kit.Board.ResendAsync(kit.Organiser, id)).Succeeded);
        var second = kit.Mail.TokenFor(kit.Mail.Sent.Last().To);
        Assert.NotEqual(first, second);

        Assert.Null(await kit.Links.OpenAsync(first));
        Assert.Equal(FocalPointOutcome.InvalidLink, (await kit.Links.ConfirmAsync(first, CoSponsorKit.Confirmation("Norway"))).Outcome);
        await kit.ConfirmAsync(second, "Norway");
        Assert.Equal(2, (await kit.InvitationAsync(id)).SendCount);
        Assert.Equal(["invited", "re-sent the link", "confirmed"], await kit.HistoryActionsAsync(id));
    }

    [Fact]
    public async Task A_revoked_invitation_s_link_stops_working_its_confirmation_is_no_longer_public_and_it_can_be_invited_again()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, token) = await kit.InviteStateAsync("DEU");
        await kit.ConfirmAsync(token, "Germany");
        Assert.Equal(["Germany"], (await kit.Display.ForEventAsync(kit.EventId))!.Groups.SelectMany(g => g.States));

        Assert.True((await kit.Board.RevokeAsync(kit.Organiser, id)).Succeeded);
        Assert.Equal("revoked", await kit.StatusAsync(id));
        Assert.Null((await kit.InvitationAsync(id)).TokenHash);
        var before = await kit.SnapshotAsync();
        Assert.Null(await kit.Links.OpenAsync(token));
        Assert.Equal(FocalPointOutcome.InvalidLink, (await kit.Links.ConfirmAsync(token, CoSponsorKit.Confirmation("Germany"))).Outcome);
        Assert.Equal(FocalPointOutcome.InvalidLink, (await kit.Links.DeclineAsync(token, new DeclineForm())).Outcome);
        Assert.Equal(before, await kit.SnapshotAsync());
        Assert.True((await kit.Display.ForEventAsync(kit.EventId))!.IsEmpty);
        Assert.False((await kit.Board.RevokeAsync(kit.Organiser, id)).Succeeded);

        Assert.True((await kit.Board.ResendAsync(kit.Organiser, id)).Succeeded);
        var fresh = kit.Mail.TokenFor(kit.Mail.Sent.Last().To);
        Assert.Equal("invited", await kit.StatusAsync(id));
        Assert.Null(await kit.Links.OpenAsync(token));
        Assert.Null((await kit.Links.OpenAsync(fresh))!.AuthorisingOfficialName);
        Assert.Equal(["invited", "confirmed", "revoked", "invited again", "opened the link"], await kit.HistoryActionsAsync(id));
    }

    [Fact]
    public async Task A_locked_list_refuses_answers_and_invitations_until_it_is_unlocked()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, token) = await kit.InviteStateAsync("CHL");
        await kit.ConfirmAsync(token, "Chile");
        Assert.True((await kit.Board.SetLockedAsync(kit.Organiser, kit.EventId, locked: true)).Succeeded);
        Assert.True((await kit.Links.OpenAsync(token))!.Locked);

        var before = await kit.SnapshotAsync();
        var decline = await kit.Links.DeclineAsync(token, new DeclineForm { Reason = "Changed our mind" });
        Assert.Equal(FocalPointOutcome.Locked, decline.Outcome);
        Assert.Contains("closed the list", decline.Error);
        Assert.Contains("locked", (await kit.Board.InviteAsync(kit.Organiser, kit.EventId, new InvitationForm
        {
            Kind = SponsorKind.State, StateIso3 = "PER", FocalPointName = "F", FocalPointEmail = "f@peru.example.org",
        })).Error);
        Assert.False((await kit.Board.ResendAsync(kit.Organiser, id)).Succeeded);
        Assert.False((await kit.Board.SetLockedAsync(kit.Organiser, kit.EventId, locked: true)).Succeeded);
        Assert.Equal(before, await kit.SnapshotAsync());

        Assert.True((await kit.Board.SetLockedAsync(kit.Organiser, kit.EventId, locked: false)).Succeeded);
        Assert.True((await kit.Links.DeclineAsync(token, new DeclineForm { Reason = "Changed our mind" })).Succeeded);
        Assert.Equal("declined", await kit.StatusAsync(id));
        var history = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!.History;
        Assert.Contains(history, h => h is { Action: "locked the list", Actor: "Olga Organiser", Sponsor: null });
        Assert.Contains(history, h => h is { Action: "unlocked the list" });
    }

    [Fact]
    public async Task Two_confirmations_through_one_link_at_the_same_moment_give_one_result_and_one_history_entry_each()
    {
        var kit = await CoSponsorKit.CreateAsync();
        for (var round = 0; round < 5; round++)
        {
            var (id, token) = await kit.InviteStateAsync(new[] { "ARG", "COL", "URY", "ECU", "BOL" }[round]);
            var a = CoSponsorKit.Confirmation("Name A", "Official A", "Title A");
            var b = CoSponsorKit.Confirmation("Name B", "Official B", "Title B");
            var results = await Task.WhenAll(Task.Run(() => kit.Links.ConfirmAsync(token, a)), Task.Run(() => kit.Links.ConfirmAsync(token, b)));
            Assert.All(results, r => Assert.True(r.Succeeded));

            // One coherent result: the row is wholly one submission or wholly the other, never a mix.
            var stored = await kit.InvitationAsync(id);
            var row = $"{stored.DisplayName}|{stored.AuthorisingOfficialName}|{stored.AuthorisingOfficialTitle}";
            Assert.Contains(row, new[] { "Name A|Official A|Title A", "Name B|Official B|Title B" });
            // Each confirmation wrote exactly one entry, in the order they took effect; the later one is what the row holds.
            var actions = await kit.HistoryActionsAsync(id);
            Assert.Equal(["invited", "confirmed", "changed the confirmation"], actions);
            var last = await kit.LastHistoryDetailAsync(id);
            Assert.Contains(row.Split('|')[1], last);
        }
    }

    [Fact]
    public async Task An_answer_racing_a_lock_either_lands_before_it_or_is_refused()
    {
        var kit = await CoSponsorKit.CreateAsync();
        for (var round = 0; round < 5; round++)
        {
            var eventId = await kit.ScheduledEventAsync($"Race {round}", round + 1);
            var (id, token) = await kit.InviteStateAsync("SEN", eventId);
            var answer = Task.Run(() => kit.Links.ConfirmAsync(token, CoSponsorKit.Confirmation("Senegal")));
            var locking = Task.Run(() => kit.Board.SetLockedAsync(kit.Organiser, eventId, locked: true));
            var (answered, locked) = (await answer, await locking);
            Assert.True(locked.Succeeded);
            var status = await kit.StatusAsync(id);
            if (answered.Succeeded) Assert.Equal("confirmed", status);
            else { Assert.Equal(FocalPointOutcome.Locked, answered.Outcome); Assert.NotEqual("confirmed", status); }
        }
    }

    [Fact]
    public async Task An_answer_that_waits_for_a_lock_being_committed_sees_the_list_locked()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, token) = await kit.InviteStateAsync("GMB");

        // An organiser's lock, held open: the event's row locked and the list marked locked, not yet committed.
        await using var organiser = await kit.Data.Db.CreateDbContextAsync();
        await using var tx = await organiser.Database.BeginTransactionAsync();
        await organiser.Database.ExecuteSqlAsync($"SELECT 1 FROM side_events WHERE id = {kit.EventId} FOR NO KEY UPDATE");
        await organiser.SideEvents.Where(e => e.Id == kit.EventId).ExecuteUpdateAsync(s => s.SetProperty(e => e.CoSponsorsLocked, true));

        var answer = Task.Run(() => kit.Links.ConfirmAsync(token, CoSponsorKit.Confirmation("Gambia")));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(answer.IsCompleted); // waiting for the event's row
        await tx.CommitAsync();

        Assert.Equal(FocalPointOutcome.Locked, (await answer).Outcome);
        Assert.Equal("invited", await kit.StatusAsync(id));
    }

    [Fact]
    public async Task An_event_that_does_not_meet_the_convening_s_rules_cannot_be_marked_final()
    {
        var kit = await CoSponsorKit.CreateAsync();
        Assert.True((await kit.Board.UpdateRulesAsync(kit.Organiser, kit.Slug, new CoSponsorRulesForm { MinMemberStatesOrUnEntities = 2, MinRegionalGroups = 2 })).Succeeded);

        // An observer State and an NGO do not count as Member States or UN entities, and the Holy See is in no group.
        var (_, holySee) = await kit.InviteStateAsync("VAT");
        await kit.ConfirmAsync(holySee, "Holy See");
        var ngo = await kit.Board.InviteAsync(kit.Organiser, kit.EventId, new InvitationForm
        {
            Kind = SponsorKind.Organisation, OrganisationName = "Equality Now", FocalPointName = "N", FocalPointEmail = "n@equalitynow.example.org",
        });
        await kit.ConfirmAsync(kit.Mail.TokenFor("n@equalitynow.example.org"), "Equality Now");

        var board = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!;
        Assert.False(board.Eligibility.IsMet);
        Assert.False((await kit.Board.OverviewAsync(kit.Organiser, kit.Slug)).Single().Eligibility.IsMet);
        var before = await kit.SnapshotAsync();
        var refused = await kit.Board.MarkFinalAsync(kit.Organiser, kit.EventId);
        Assert.False(refused.Succeeded);
        Assert.Contains("cannot be marked final", refused.Error);
        Assert.Contains("at least 2 confirmed Member States or UN entities and has 0", refused.Error);
        Assert.Contains("at least 2 regional groups and has 0", refused.Error);
        Assert.Equal(before, await kit.SnapshotAsync());

        // A UN entity and one Member State: enough Member States or UN entities, but one regional group only.
        var (_, unWomen) = await kit.InviteEntityAsync("UN-WOMEN");
        await kit.ConfirmAsync(unWomen, "UN Women");
        var (_, kenya) = await kit.InviteStateAsync("KEN");
        await kit.ConfirmAsync(kenya, "Kenya");
        var stillShort = await kit.Board.MarkFinalAsync(kit.Organiser, kit.EventId);
        Assert.Contains("at least 2 regional groups and has 1", stillShort.Error);
        Assert.DoesNotContain("Member States or UN entities", stillShort.Error);

        // The United States counts in WEOG through its electoral group: two groups now.
        var (_, usa) = await kit.InviteStateAsync("USA");
        await kit.ConfirmAsync(usa, "United States of America");
        Assert.True((await kit.Board.MarkFinalAsync(kit.Organiser, kit.EventId)).Succeeded);
        board = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!;
        Assert.True(board.Final);
        Assert.True(board.Locked);
        Assert.True(board.Eligibility.IsMet);
        Assert.Equal(FocalPointOutcome.Locked, (await kit.Links.DeclineAsync(kenya, new DeclineForm())).Outcome);
        Assert.Contains("final", (await kit.Board.RevokeAsync(kit.Organiser, board.Invitations.First(i => i.SponsorName == "Kenya").Id)).Error);
        Assert.False((await kit.Board.MarkFinalAsync(kit.Organiser, kit.EventId)).Succeeded);

        // Reopening clears "final" as well as the lock.
        Assert.True((await kit.Board.SetLockedAsync(kit.Organiser, kit.EventId, locked: false)).Succeeded);
        board = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!;
        Assert.False(board.Final || board.Locked);
        Assert.Contains(board.History, h => h.Action == "marked the list final");
    }

    [Fact]
    public async Task Only_the_convening_s_organisers_see_the_board_and_act_on_it()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, _) = await kit.InviteStateAsync("ZAF");
        var outsider = await kit.Data.AddUserAsync("Oscar Outsider", "Organiser");
        var admin = await kit.Data.AddUserAsync("Ada Admin", "Admin");
        var before = await kit.SnapshotAsync();

        Assert.Null(await kit.Board.BoardAsync(outsider, kit.EventId));
        Assert.Empty(await kit.Board.OverviewAsync(outsider, kit.Slug));
        Assert.False((await kit.Board.InviteAsync(outsider, kit.EventId, new InvitationForm
        {
            Kind = SponsorKind.State, StateIso3 = "EGY", FocalPointName = "F", FocalPointEmail = "f@egypt.example.org",
        })).Succeeded);
        Assert.False((await kit.Board.ResendAsync(outsider, id)).Succeeded);
        Assert.False((await kit.Board.RevokeAsync(outsider, id)).Succeeded);
        Assert.False((await kit.Board.SetLockedAsync(outsider, kit.EventId, true)).Succeeded);
        Assert.False((await kit.Board.MarkFinalAsync(outsider, kit.EventId)).Succeeded);
        Assert.False((await kit.Board.UpdateRulesAsync(outsider, kit.Slug, new CoSponsorRulesForm { MinRegionalGroups = 5 })).Succeeded);
        Assert.Equal(before, await kit.SnapshotAsync());

        Assert.NotNull(await kit.Board.BoardAsync(admin, kit.EventId));
    }

    [Fact]
    public async Task Inviting_several_States_at_once_sends_all_or_nothing_and_names_every_bad_line()
    {
        var kit = await CoSponsorKit.CreateAsync();
        await kit.InviteStateAsync("KEN");
        var mailsBefore = kit.Mail.Sent.Count;

        var bad = await kit.Board.InviteStatesAsync(kit.Organiser, kit.EventId, new BulkInvitationForm
        {
            Lines = "GHA, Kofi Mensah, kofi@ghana.example.org\nXXX, Nobody, nobody@example.org\nKEN, Again, again@kenya.example.org\n" +
                    "ghana, Twice, twice@ghana.example.org\nBRA, No mail\nFRA, Marie Curie, not-an-address",
        });
        Assert.False(bad.Succeeded);
        Assert.Contains(bad.Errors, e => e.StartsWith("Line 5:"));
        Assert.Contains(bad.Errors, e => e.StartsWith("Line 6:") && e.Contains("not a valid e-mail"));
        Assert.Equal(mailsBefore, kit.Mail.Sent.Count);

        var unknown = await kit.Board.InviteStatesAsync(kit.Organiser, kit.EventId, new BulkInvitationForm
        {
            Lines = "GHA, Kofi Mensah, kofi@ghana.example.org\nXXX, Nobody, nobody@example.org\nKEN, Again, again@kenya.example.org\nghana, Twice, twice@ghana.example.org",
        });
        Assert.False(unknown.Succeeded);
        Assert.Contains(unknown.Errors, e => e.StartsWith("Line 2:") && e.Contains("no State"));
        Assert.Contains(unknown.Errors, e => e.StartsWith("Line 3:") && e.Contains("Kenya is already"));
        Assert.Contains(unknown.Errors, e => e.StartsWith("Line 4:") && e.Contains("Ghana is already on line 1"));
        Assert.Equal(1, await kit.InvitationCountAsync());
        Assert.Equal(mailsBefore, kit.Mail.Sent.Count);

        var good = await kit.Board.InviteStatesAsync(kit.Organiser, kit.EventId, new BulkInvitationForm
        {
            Lines = "# code, focal point, e-mail\nGHA, Kofi Mensah, kofi@ghana.example.org\n\nbrazil; Ana Souza; ana@brasil.example.org\nDEU\tHans, Jr.\thans@germany.example.org",
            Message = "Please confirm by Friday.",
        });
        Assert.True(good.Succeeded, string.Join(" ", good.Errors));
        Assert.Equal(3, good.Invited);
        Assert.Equal(mailsBefore + 3, kit.Mail.Sent.Count);
        var board = (await kit.Board.BoardAsync(kit.Organiser, kit.EventId))!;
        Assert.Equal(["Brazil", "Germany", "Ghana", "Kenya"], board.Invitations.Select(i => i.SponsorName).Order());
        Assert.Equal("Hans, Jr.", board.Invitations.Single(i => i.SponsorName == "Germany").FocalPointName);
        Assert.All(kit.Mail.Sent.Skip(mailsBefore), m => Assert.Contains("Please confirm by Friday.", m.TextBody));
        // Each link opens its own invitation.
        Assert.Equal("Brazil", (await kit.Links.OpenAsync(kit.Mail.TokenFor("ana@brasil.example.org")))!.SponsorName);
    }

    [Fact]
    public async Task The_same_co_sponsor_cannot_be_invited_twice_to_one_event()
    {
        var kit = await CoSponsorKit.CreateAsync();
        await kit.InviteStateAsync("PHL");
        await kit.InviteEntityAsync("UNICEF");
        Assert.Contains("already", (await kit.Board.InviteAsync(kit.Organiser, kit.EventId, new InvitationForm
        {
            Kind = SponsorKind.State, StateIso3 = "phl", FocalPointName = "F", FocalPointEmail = "f@phl.example.org",
        })).Error);
        Assert.Contains("already", (await kit.Board.InviteAsync(kit.Organiser, kit.EventId, new InvitationForm
        {
            Kind = SponsorKind.UnEntity, UnEntityCode = "UNICEF", FocalPointName = "F", FocalPointEmail = "f@unicef.example.org",
        })).Error);
        Assert.Contains("Choose a State", (await kit.Board.InviteAsync(kit.Organiser, kit.EventId, new InvitationForm
        {
            Kind = SponsorKind.State, StateIso3 = "ZZZ", FocalPointName = "F", FocalPointEmail = "f@zzz.example.org",
        })).Error);
        Assert.Contains("valid e-mail", (await kit.Board.InviteAsync(kit.Organiser, kit.EventId, new InvitationForm
        {
            Kind = SponsorKind.State, StateIso3 = "THA", FocalPointName = "F", FocalPointEmail = "nodomain@localhost",
        })).Error);
        Assert.Equal(2, await kit.InvitationCountAsync());
    }

    [Fact]
    public async Task A_link_for_one_invitation_acts_on_that_invitation_only()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var other = await kit.ScheduledEventAsync("Another event", 2);
        var (a, tokenA) = await kit.InviteStateAsync("AUS");
        var (b, _) = await kit.InviteStateAsync("NZL");
        var (c, _) = await kit.InviteStateAsync("AUS", other);

        Assert.Equal("Australia", (await kit.Links.OpenAsync(tokenA))!.SponsorName);
        await kit.ConfirmAsync(tokenA, "Australia");
        Assert.True((await kit.Links.DeclineAsync(tokenA, new DeclineForm { Reason = "x" })).Succeeded);
        Assert.Equal("declined", await kit.StatusAsync(a));
        Assert.Equal("invited", await kit.StatusAsync(b));
        Assert.Equal("invited", await kit.StatusAsync(c));
        Assert.Equal(["invited"], await kit.HistoryActionsAsync(b));
        Assert.Equal(["invited"], await kit.HistoryActionsAsync(c));
    }

    [Fact]
    public async Task A_thousand_random_tokens_and_a_thousand_modified_ones_find_nothing_and_change_nothing()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (_, token) = await kit.InviteStateAsync("CAN");
        var before = await kit.SnapshotAsync();
        for (var i = 0; i < 1000; i++)
        {
            var random = CoSponsorTokens.NewToken();
            Assert.Null(await kit.Links.OpenAsync(random));
            var chars = token.ToCharArray();
            var at = i % chars.Length;
            chars[at] = chars[at] == 'A' ? 'B' : 'A';
            Assert.Null(await kit.Links.OpenAsync(new string(chars)));
        }
        foreach (var malformed in new[] { "", " ", token[..42], token + "A", token.ToUpperInvariant() == token ? token.ToLowerInvariant() : token.ToUpperInvariant(),
                     "' OR 1=1 --", new string('A', 10_000), null })
        {
            Assert.Null(await kit.Links.OpenAsync(malformed));
            Assert.Equal(FocalPointOutcome.InvalidLink, (await kit.Links.ConfirmAsync(malformed, CoSponsorKit.Confirmation("Canada"))).Outcome);
        }
        Assert.Equal(before, await kit.SnapshotAsync());
    }

    [Fact]
    public async Task Focal_points_addresses_never_reach_the_logs()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var (id, token) = await kit.InviteStateAsync("ITA");
        await kit.Links.OpenAsync(token);
        await kit.ConfirmAsync(token, "Italy");
        await kit.Board.ResendAsync(kit.Organiser, id);
        await kit.Board.InviteStatesAsync(kit.Organiser, kit.EventId, new BulkInvitationForm { Lines = "ESP, Lucia, lucia@spain.example.org" });
        Assert.NotEmpty(kit.Log.Lines);
        foreach (var mail in kit.Mail.Sent)
            Assert.DoesNotContain(kit.Log.Lines, line => line.Contains(mail.To, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(kit.Log.Lines, line => line.Contains(token));
    }
}
