using Bunit;
using Events.Client.Admin;
using Events.Shared.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Admin;

/// <summary>The accounts and roles page in bUnit, on the app's own account services and a real database.</summary>
public sealed class UsersPageTests : MudComponentContext
{
    private async Task<TestData> DataAsync()
    {
        var data = await TestData.CreateAsync();
        Use<IUserAdmin>(data.Services.CreateScope().ServiceProvider);
        return data;
    }

    private static Task<bool> HasRoleAsync(TestData data, Guid userId, string role) =>
        data.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @userId AND r.name = @role)",
            new { userId, role });

    private IRenderedComponent<UsersPage> Open()
    {
        var page = Context.Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=users-title]").GetAttribute("data-interactive")));
        return page;
    }

    [Fact]
    public async Task An_admin_finds_an_account_and_grants_it_a_role()
    {
        var data = await DataAsync();
        var admin = await data.Db.AddAccountAsync("Ada Admin", roles: "Admin");
        var pat = await data.Db.AddAccountAsync("Pat Participant");
        await data.Db.AddAccountAsync("Olga Organiser", roles: "Organiser");
        SignIn(admin.Id, "Admin");

        var page = Open();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-email]").Count));
        await page.InvokeAsync(() => page.Find(".desk-form input").Input("pat participant"));
        page.WaitForAssertion(() => Assert.Equal(["Pat Participant"], page.FindAll("[data-email]").Select(e => e.TextContent.Trim()).ToArray()));

        var moderator = $"input[aria-label='Moderator: {pat.Email}']";
        Assert.False(page.Find(moderator).HasAttribute("checked"));
        await page.InvokeAsync(() => page.Find(moderator).Change(true));
        page.WaitForAssertion(() => Assert.Contains("Pat Participant is now a Moderator.", page.Markup));
        page.WaitForAssertion(() => Assert.True(page.Find(moderator).HasAttribute("checked")));
        Assert.True(await HasRoleAsync(data, pat.Id, "Moderator"));
        Assert.False(await HasRoleAsync(data, pat.Id, "Admin"));
    }

    [Fact]
    public async Task An_admin_cannot_take_away_their_own_admin_role()
    {
        var data = await DataAsync();
        var admin = await data.Db.AddAccountAsync("Ada Admin", roles: "Admin");
        SignIn(admin.Id, "Admin");

        var page = Open();
        var own = $"input[aria-label='Admin: {admin.Email}']";
        page.WaitForAssertion(() => Assert.True(page.Find(own).HasAttribute("checked")));
        await page.InvokeAsync(() => page.Find(own).Change(false));
        page.WaitForAssertion(() => Assert.Contains("The Admin role of Ada Admin was not changed.", page.Markup));
        // The switch shows the role as it stands.
        page.WaitForAssertion(() => Assert.True(page.Find(own).HasAttribute("checked")));
        Assert.True(await HasRoleAsync(data, admin.Id, "Admin"));
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_sees_no_accounts()
    {
        var data = await DataAsync();
        await data.Db.AddAccountAsync("Ada Admin", roles: "Admin");
        var olga = await data.Db.AddAccountAsync("Olga Organiser", roles: "Organiser");
        // Even were the page reached (the route asks for the Admin role), the service lists nothing and changes nothing.
        SignIn(olga.Id, "Organiser");

        var page = Open();
        page.WaitForAssertion(() => Assert.Contains("Accounts and roles", page.Markup));
        Assert.Empty(page.FindAll("[data-email]"));
        Assert.DoesNotContain("Ada Admin", page.Markup);
        Assert.False(await data.Services.CreateScope().ServiceProvider.GetRequiredService<IUserAdmin>().SetRoleAsync(olga.Id, olga.Id, "Admin", true));
        Assert.False(await HasRoleAsync(data, olga.Id, "Admin"));
    }
}
