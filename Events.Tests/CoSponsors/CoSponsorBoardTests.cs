using AngleSharp.Dom;
using Bunit;
using Events.Client.CoSponsors;
using Events.Shared.ReferenceData;
using Events.Shared.CoSponsors;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.CoSponsors;

/// <summary>The organisers' co-sponsor board in bUnit, on the app's own services (mail captured) and a real database.</summary>
public sealed class CoSponsorBoardTests : MudComponentContext
{
    private async Task<CoSponsorKit> KitAsync()
    {
        var kit = await CoSponsorKit.CreateAsync();
        var scope = kit.Data.Services.CreateScope().ServiceProvider;
        Use<ICoSponsorInvitations>(scope);
        Use<IReferenceData>(scope);
        return kit;
    }

    private IRenderedComponent<CoSponsorBoard> Open(CoSponsorKit kit)
    {
        var page = Context.Render<CoSponsorBoard>(p => p.Add(b => b.Slug, kit.Slug).Add(b => b.Id, kit.EventId));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=board-title]").GetAttribute("data-interactive")));
        return page;
    }

    private static IElement Button(IRenderedComponent<CoSponsorBoard> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static async Task<(bool Locked, bool Final, int Invitations)> StoredAsync(CoSponsorKit kit)
    {
        await using var db = await kit.Data.Db.CreateDbContextAsync();
        var e = await db.SideEvents.SingleAsync(e => e.Id == kit.EventId);
        return (e.CoSponsorsLocked, e.CoSponsorsFinal, await db.CoSponsorships.CountAsync(c => c.SideEventId == kit.EventId));
    }

    [Fact]
    public async Task Inviting_a_State_stores_the_invitation_mails_the_focal_point_and_lists_it()
    {
        var kit = await KitAsync();
        SignIn(kit.Organiser, "Organiser");
        var page = Open(kit);
        Assert.Equal("Co-sponsors: Women's leadership in climate action", page.Find("[data-testid=board-title]").TextContent.Trim());
        Assert.Contains("No one has been invited yet.", page.Markup);

        await page.InvokeAsync(() => page.Find("select[aria-label='State']").Change("KEN"));
        await page.InvokeAsync(() => page.Find("input[aria-label=\"Focal point's name\"]").Change("Amina Wanjiru"));
        await page.InvokeAsync(() => page.Find("input[aria-label=\"Focal point's e-mail\"]").Change("amina.wanjiru@mission.example.org"));
        await page.InvokeAsync(() => Button(page, "Send invitation").Click());

        // Kenya is on the list now (once the board has reloaded) and cannot be invited twice from the form.
        page.WaitForAssertion(() => Assert.True(page.Find("select[aria-label='State'] option[value=KEN]").HasAttribute("disabled")));
        Assert.Contains("Kenya (on the list)", page.Find("select[aria-label='State'] option[value=KEN]").TextContent);
        Assert.Contains("Invitation sent to Amina Wanjiru for Kenya.", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=board-error]"));
        Assert.Contains("Amina Wanjiru", page.Find("[data-testid=history]").TextContent);
        await using var db = await kit.Data.Db.CreateDbContextAsync();
        var stored = await db.CoSponsorships.SingleAsync(c => c.SideEventId == kit.EventId);
        Assert.Equal(("KEN", "Amina Wanjiru", "amina.wanjiru@mission.example.org"), (stored.StateIso3, stored.FocalPointName, stored.FocalPointEmail));
        Assert.Contains(kit.Mail.Sent, m => m.To == "amina.wanjiru@mission.example.org");
    }

    [Fact]
    public async Task An_invitation_without_a_focal_point_s_address_is_refused_and_stores_nothing()
    {
        var kit = await KitAsync();
        SignIn(kit.Organiser, "Organiser");
        var page = Open(kit);

        await page.InvokeAsync(() => page.Find("select[aria-label='State']").Change("KEN"));
        await page.InvokeAsync(() => page.Find("input[aria-label=\"Focal point's name\"]").Change("Amina Wanjiru"));
        await page.InvokeAsync(() => Button(page, "Send invitation").Click());
        page.WaitForAssertion(() => Assert.Equal("Give the focal point's e-mail address.", page.Find("[data-testid=board-error]").TextContent.Trim()));
        // What was typed stays, to be completed.
        Assert.Equal("Amina Wanjiru", page.Find("input[aria-label=\"Focal point's name\"]").GetAttribute("value"));
        Assert.Equal(0, (await StoredAsync(kit)).Invitations);
        Assert.DoesNotContain(kit.Mail.Sent, m => m.To.Contains("mission.example.org"));
    }

    [Fact]
    public async Task Locking_asks_first_and_an_event_short_of_the_rules_cannot_be_marked_final()
    {
        var kit = await KitAsync();
        SignIn(kit.Organiser, "Organiser");
        var page = Open(kit);

        // The rules, set from the board: two Member States or UN entities.
        await page.InvokeAsync(() => page.Find("input[aria-label='Minimum Member States or UN entities']").Change("2"));
        await page.InvokeAsync(() => Button(page, "Save rules").Click());
        page.WaitForAssertion(() => Assert.Contains("This event does not meet them yet.", page.Find("[data-testid=rules]").TextContent));
        await page.InvokeAsync(() => Button(page, "Mark final").Click());
        page.WaitForAssertion(() => Assert.Contains("cannot be marked final", page.Find("[data-testid=board-error]").TextContent));
        Assert.Equal("open", page.Find("[data-testid=list-state]").TextContent);
        Assert.Equal((false, false), ((await StoredAsync(kit)).Locked, (await StoredAsync(kit)).Final));

        await page.InvokeAsync(() => Button(page, "Lock the list").Click());
        page.WaitForAssertion(() => Assert.Contains("Focal points can no longer confirm", page.Find("[data-testid=confirm-message]").TextContent));
        await page.InvokeAsync(() => page.Find("[data-testid=confirm-cancel]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-dialog]")));
        Assert.False((await StoredAsync(kit)).Locked);

        await page.InvokeAsync(() => Button(page, "Lock the list").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-yes]").Click());
        page.WaitForAssertion(() => Assert.Equal("locked", page.Find("[data-testid=list-state]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=invite-form]"));
        Assert.Contains("Unlock the list to invite more co-sponsors", page.Markup);
        Assert.True((await StoredAsync(kit)).Locked);
    }

    [Fact]
    public async Task Someone_who_does_not_organise_the_convening_sees_no_board_and_no_addresses()
    {
        var kit = await KitAsync();
        await kit.InviteStateAsync("KEN");
        var other = await kit.Data.AddUserAsync("Other Organiser", "Organiser");
        SignIn(other, "Organiser");

        var page = Context.Render<CoSponsorBoard>(p => p.Add(b => b.Slug, kit.Slug).Add(b => b.Id, kit.EventId));
        page.WaitForAssertion(() => Assert.Contains("you do not organise its convening", page.Find("[data-access=refused]").TextContent));
        Assert.DoesNotContain("mission.example.org", page.Markup);
        Assert.DoesNotContain("Women's leadership", page.Markup);
        Assert.Empty(page.FindAll("button"));
        Assert.Equal((false, 1), ((await StoredAsync(kit)).Locked, (await StoredAsync(kit)).Invitations));
    }
}
