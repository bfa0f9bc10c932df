using Bunit;
using Events.Client.CoSponsors;
using Events.Shared.CoSponsors;
using Events.Shared.ReferenceData;
using Events.Tests.Infrastructure;

namespace Events.Tests.CoSponsors;

/// <summary>The co-sponsor board's invitation grid in bUnit: times on the convening's clock, confirmations, what each state allows.</summary>
public sealed class InvitationGridTests : MudComponentContext
{
    private static InvitationView Invitation(string sponsor, InvitationStatus status, RegionalGroup? group = RegionalGroup.African) =>
        new(Guid.NewGuid(), SponsorKind.State, sponsor, null, group, sponsor, $"Focal point of {sponsor}", $"{sponsor.ToLowerInvariant()}@mission.example.org",
            status, new DateTimeOffset(2030, 3, 1, 15, 30, 0, TimeSpan.Zero), 2, new DateTimeOffset(2030, 3, 31, 15, 30, 0, TimeSpan.Zero), null, null, null, null, null);

    [Fact]
    public void Rows_carry_the_sponsor_and_state_and_show_times_on_the_conventions_clock()
    {
        Providers();
        var grid = Context.Render<InvitationGrid>(p => p.Add(g => g.Items, new[] { Invitation("Kenya", InvitationStatus.Invited), Invitation("Norway", InvitationStatus.Declined, RegionalGroup.WesternEuropeanOther) })
            .Add(g => g.TimeZone, "America/New_York").Add(g => g.CanInvite, true));
        Assert.Equal("invited", grid.Find("[data-sponsor=Kenya]").GetAttribute("data-status"));
        Assert.Equal("declined", grid.Find("[data-sponsor=Norway]").GetAttribute("data-status"));
        // 15:30 UTC is 10:30 in New York in March 2030 (before the clocks change on the 10th).
        Assert.Contains("sent 1 Mar 2030 10:30 (2 times)", grid.Markup);
        // Every column has a header: no empty table headers.
        Assert.All(grid.FindAll("thead th"), th => Assert.False(string.IsNullOrWhiteSpace(th.TextContent), "An empty column header"));
    }

    [Fact]
    public void Revoking_asks_with_the_destructive_button_apart_and_re_sending_asks_too()
    {
        var dialogs = Providers();
        var kenya = Invitation("Kenya", InvitationStatus.Opened);
        var revoked = new List<InvitationView>();
        var resent = new List<InvitationView>();
        var grid = Context.Render<InvitationGrid>(p => p.Add(g => g.Items, new[] { kenya }).Add(g => g.TimeZone, "UTC").Add(g => g.CanInvite, true)
            .Add(g => g.OnRevoke, i => revoked.Add(i)).Add(g => g.OnResend, i => resent.Add(i)));

        grid.Find("button[aria-label='Revoke: Kenya']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke this invitation?", dialogs.Markup));
        Assert.Contains("mud-button-filled-error", dialogs.Find("[data-testid=confirm-yes]").ClassName);
        Assert.DoesNotContain("mud-button-filled-error", dialogs.Find("[data-testid=confirm-cancel]").ClassName);
        dialogs.Find("[data-testid=confirm-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Revoke this invitation?", dialogs.Markup));
        Assert.Empty(revoked);

        grid.Find("button[aria-label='Re-send: Kenya']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("the link sent before stops working", dialogs.Markup));
        dialogs.Find("[data-testid=confirm-yes]").Click();
        grid.WaitForAssertion(() => Assert.Equal([kenya], resent));

        grid.Find("button[aria-label='Revoke: Kenya']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-yes]").Click());
        grid.WaitForAssertion(() => Assert.Equal([kenya], revoked));
    }

    [Fact]
    public void A_final_list_cannot_be_revoked_and_a_revoked_invitation_can_be_sent_again()
    {
        Providers();
        var final = Context.Render<InvitationGrid>(p => p.Add(g => g.Items, new[] { Invitation("Kenya", InvitationStatus.Confirmed) }).Add(g => g.TimeZone, "UTC").Add(g => g.Final, true));
        Assert.Empty(final.FindAll("button[aria-label^=Revoke]"));
        Assert.Empty(final.FindAll("button[aria-label^=Re-send]")); // nothing can be sent while the list is locked
        var revoked = Context.Render<InvitationGrid>(p => p.Add(g => g.Items, new[] { Invitation("Ghana", InvitationStatus.Revoked) }).Add(g => g.TimeZone, "UTC").Add(g => g.CanInvite, true));
        Assert.Single(revoked.FindAll("button[aria-label='Invite again: Ghana']"));
        Assert.Empty(revoked.FindAll("button[aria-label^=Revoke]"));
    }
}
