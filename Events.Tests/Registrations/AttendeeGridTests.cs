using Bunit;
using Events.Client.Registrations;
using Events.Shared.Registrations;
using Events.Tests.Infrastructure;
using MudBlazor;

namespace Events.Tests.Registrations;

/// <summary>The organisers' attendee grid in bUnit: search, sorting, paging, the full print list, and confirmations.</summary>
public sealed class AttendeeGridTests : MudComponentContext
{
    private static AttendeeRow Row(string name, RegistrationStatus status, string? organisation = null, int minutes = 0) =>
        new(Guid.NewGuid(), name, $"{name.Split(' ')[0].ToLowerInvariant()}@example.org", organisation, null, null, null, null, true, false,
            status, new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(minutes), null, false);

    private static string[] Names(IRenderedComponent<AttendeeGrid> grid) =>
        grid.FindAll("[data-testid=attendees] tbody tr td:first-child span[dir=auto]").Select(e => e.TextContent.Trim()).ToArray();

    [Fact]
    public void Search_narrows_the_grid_but_the_print_list_keeps_everyone()
    {
        Providers();
        var rows = new[] { Row("Amina Diallo", RegistrationStatus.Confirmed, "Defenders Network"), Row("Bruno Costa", RegistrationStatus.Waitlisted), Row("Chen Wei", RegistrationStatus.Pending) };
        var grid = Context.Render<AttendeeGrid>(p => p.Add(g => g.Items, rows));
        Assert.Equal(3, Names(grid).Length);

        grid.Find("[data-testid=attendees] input").Input("defenders");
        grid.WaitForAssertion(() => Assert.Equal(["Amina Diallo"], Names(grid)));
        Assert.Equal(3, grid.FindAll("[data-testid=attendees-print] tbody tr").Count);
        Assert.Contains("awaiting approval", grid.Find("[data-testid=attendees-print]").TextContent);
    }

    [Fact]
    public void A_column_sorts_and_a_long_list_is_paged()
    {
        Providers();
        var rows = Enumerable.Range(1, 30).Select(i => Row($"Person {i:00}", RegistrationStatus.Confirmed, minutes: i)).Reverse().ToArray();
        var grid = Context.Render<AttendeeGrid>(p => p.Add(g => g.Items, rows));
        Assert.Equal(25, Names(grid).Length); // the first page
        Assert.Equal(30, grid.FindAll("[data-testid=attendees-print] tbody tr").Count);

        grid.FindAll(".sortable-column-header").First(h => h.TextContent.Trim() == "Name").Click();
        grid.WaitForAssertion(() => Assert.Equal("Person 01", Names(grid)[0]));
        grid.FindAll(".sortable-column-header").First(h => h.TextContent.Trim() == "Name").Click();
        grid.WaitForAssertion(() => Assert.Equal("Person 30", Names(grid)[0]));
    }

    [Fact]
    public void Removing_asks_first_and_only_a_confirmed_removal_reaches_the_page()
    {
        var dialogs = Providers();
        var amina = Row("Amina Diallo", RegistrationStatus.Confirmed);
        var removed = new List<AttendeeRow>();
        var grid = Context.Render<AttendeeGrid>(p => p.Add(g => g.Items, new[] { amina }).Add(g => g.OnRemove, r => removed.Add(r)));

        grid.Find("button[aria-label='Remove Amina Diallo']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Remove this person?", dialogs.Markup));
        // The destructive button is styled apart: filled, in the error colour.
        Assert.Contains("mud-button-filled-error", dialogs.Find("[data-testid=confirm-yes]").ClassName);
        dialogs.Find("[data-testid=confirm-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Remove this person?", dialogs.Markup));
        Assert.Empty(removed);

        grid.Find("button[aria-label='Remove Amina Diallo']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-yes]").Click());
        grid.WaitForAssertion(() => Assert.Equal([amina], removed));
    }

    [Fact]
    public void Approving_is_one_click_and_declining_asks()
    {
        var dialogs = Providers();
        var chen = Row("Chen Wei", RegistrationStatus.Pending);
        var decisions = new List<(AttendeeRow, bool)>();
        var grid = Context.Render<AttendeeGrid>(p => p.Add(g => g.Items, new[] { chen }).Add(g => g.OnDecide, d => decisions.Add(d)));

        grid.Find("button[aria-label='Approve Chen Wei']").Click();
        Assert.Equal([(chen, true)], decisions);
        grid.Find("button[aria-label='Decline Chen Wei']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-yes]").Click());
        grid.WaitForAssertion(() => Assert.Equal([(chen, true), (chen, false)], decisions));
        // Confirmed attendees have no approve or decline buttons.
        var confirmed = Context.Render<AttendeeGrid>(p => p.Add(g => g.Items, new[] { Row("Dana", RegistrationStatus.Confirmed) }));
        Assert.Empty(confirmed.FindAll("button[aria-label^=Approve]"));
    }
}
