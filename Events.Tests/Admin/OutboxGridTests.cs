using Bunit;
using Events.Client.Admin;
using Events.Shared.Email;
using Events.Tests.Infrastructure;

namespace Events.Tests.Admin;

/// <summary>The Admins' outbox grid in bUnit: what each mail shows, retry in one click, discard only after a confirmation.</summary>
public sealed class OutboxGridTests : MudComponentContext
{
    private static readonly DateTimeOffset At = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly OutboxMailItem GivenUp =
        new(1, "amina@example.org", "Registered: Rush hour", 12, "SMTP 550 (MailboxUnavailable)", At, At.AddHours(1), At.AddHours(2));
    private static readonly OutboxMailItem Waiting = new(2, "bruno@example.org", "تمت دعوتك", 1, "SocketException: Connection refused", At, At.AddMinutes(5), null);

    [Fact]
    public void Each_mail_shows_its_state_recipient_subject_attempts_last_error_and_when()
    {
        Providers();
        var grid = Context.Render<OutboxGrid>(p => p.Add(g => g.Items, new[] { GivenUp, Waiting }));

        var rows = grid.FindAll("[data-testid=outbox] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("outbox-given-up", rows[0].ClassName);
        Assert.Equal("Given up", rows[0].QuerySelector("[data-testid=outbox-state]")!.TextContent);
        Assert.Contains("amina@example.org", rows[0].TextContent);
        Assert.Contains("SMTP 550 (MailboxUnavailable)", rows[0].TextContent);
        Assert.Contains("gave up 2030-03-01 11:00", rows[0].TextContent);
        Assert.Contains("12", rows[0].TextContent);
        Assert.Equal("Waiting", rows[1].QuerySelector("[data-testid=outbox-state]")!.TextContent);
        Assert.Contains("next attempt 2030-03-01 09:05", rows[1].TextContent);
        Assert.Equal("auto", rows[1].QuerySelector("span[dir]")!.GetAttribute("dir"));
    }

    [Fact]
    public void Retry_is_one_click_and_discard_reaches_the_page_only_after_yes()
    {
        var dialogs = Providers();
        var retried = new List<OutboxMailItem>();
        var discarded = new List<OutboxMailItem>();
        var grid = Context.Render<OutboxGrid>(p => p.Add(g => g.Items, new[] { GivenUp })
            .Add(g => g.OnRetry, m => retried.Add(m)).Add(g => g.OnDiscard, m => discarded.Add(m)));

        grid.Find("[data-testid=outbox-retry]").Click();
        Assert.Equal([GivenUp], retried);

        grid.Find("[data-testid=outbox-discard]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("is deleted from the outbox and never sent", dialogs.Find("[data-testid=confirm-message]").TextContent));
        Assert.Contains("mud-button-filled-error", dialogs.Find("[data-testid=confirm-yes]").ClassName);
        dialogs.Find("[data-testid=confirm-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-yes]")));
        Assert.Empty(discarded);

        grid.Find("[data-testid=outbox-discard]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-yes]").Click());
        grid.WaitForAssertion(() => Assert.Equal([GivenUp], discarded));
    }
}
