using Bunit;
using Events.Client.Admin;
using Events.Shared.Accounts;
using Events.Tests.Infrastructure;

namespace Events.Tests.Admin;

/// <summary>The accounts grid in bUnit: a switch per role reports the change; search by column filter and sorting work.</summary>
public sealed class UserRoleGridTests : MudComponentContext
{
    [Fact]
    public void Each_role_has_a_labelled_switch_and_a_change_is_reported_with_the_account_and_role()
    {
        Providers();
        var olga = new UserListItem(Guid.NewGuid(), "Olga Organiser", "olga@example.org", true, ["Organiser"]);
        var pat = new UserListItem(Guid.NewGuid(), "Pat Participant", "pat@example.org", false, []);
        var changes = new List<(UserListItem, string, bool)>();
        var grid = Context.Render<UserRoleGrid>(p => p.Add(g => g.Items, new[] { pat, olga }).Add(g => g.OnRoleChanged, c => changes.Add(c)));

        Assert.True(grid.Find("input[aria-label='Organiser: olga@example.org']").HasAttribute("checked"));
        Assert.False(grid.Find("input[aria-label='Moderator: pat@example.org']").HasAttribute("checked"));
        grid.Find("input[aria-label='Moderator: pat@example.org']").Change(true);
        grid.WaitForAssertion(() => Assert.Equal([(pat, "Moderator", true)], changes));

        grid.FindAll(".sortable-column-header").First(h => h.TextContent.Trim() == "Name").Click();
        grid.WaitForAssertion(() => Assert.Equal("Olga Organiser", grid.FindAll("[data-email]")[0].TextContent.Trim()));
    }
}
