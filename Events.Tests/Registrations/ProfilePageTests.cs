using AngleSharp.Dom;
using Bunit;
using Events.Client.Registrations;
using Events.Shared.Registrations;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Registrations;

/// <summary>The participant's profile page in bUnit, on the app's own profile service and a real database.</summary>
public sealed class ProfilePageTests : MudComponentContext
{
    private async Task<(TestData Data, Guid User, IParticipantProfiles Profiles)> PersonAsync()
    {
        var data = await TestData.CreateAsync();
        var user = await data.AddUserAsync("Amina Yusuf");
        var scope = data.Services.CreateScope().ServiceProvider;
        Use<IParticipantProfiles>(scope);
        SignIn(user);
        return (data, user, scope.GetRequiredService<IParticipantProfiles>());
    }

    private static IElement Field(IRenderedComponent<ProfilePage> page, string label) =>
        page.Find($"input#{page.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for")}");

    private static async Task<Events.Server.Registrations.ParticipantProfile?> StoredAsync(TestData data, Guid user)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        return await db.ParticipantProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user);
    }

    [Fact]
    public async Task The_stored_profile_is_shown_and_saving_the_form_stores_the_changes()
    {
        var (data, user, profiles) = await PersonAsync();
        Assert.True((await profiles.SaveProfileAsync(user, new ParticipantProfileForm { Organisation = "Defenders Network", Country = "Kenya" })).Succeeded);

        var page = Context.Render<ProfilePage>();
        page.WaitForAssertion(() => Assert.Equal("Defenders Network", Field(page, "Organisation").GetAttribute("value")));
        Assert.Equal("Kenya", Field(page, "Country").GetAttribute("value"));

        await page.InvokeAsync(() => Field(page, "Organisation").Change("Women's Rights Action Network"));
        await page.InvokeAsync(() => Field(page, "Interpretation needs").Change("French"));
        await page.InvokeAsync(() => page.FindAll("label.events-checkbox").Single(l => l.TextContent.Contains("public attendee lists")).QuerySelector("input")!.Change(true));
        await page.InvokeAsync(() => page.Find("form").Submit());

        page.WaitForAssertion(() => Assert.Contains("Saved.", page.Find("[data-testid=profile-saved]").TextContent));
        var stored = (await StoredAsync(data, user))!;
        Assert.Equal(("Women's Rights Action Network", "Kenya", "French", true, false),
            (stored.Organisation, stored.Country, stored.InterpretationNeeds, stored.ConsentPublishName, stored.ConsentPhotograph));
    }

    [Fact]
    public async Task An_oversized_organisation_is_refused_with_its_message_and_nothing_is_stored()
    {
        var (data, user, profiles) = await PersonAsync();
        Assert.True((await profiles.SaveProfileAsync(user, new ParticipantProfileForm { Organisation = "Defenders Network" })).Succeeded);

        var page = Context.Render<ProfilePage>();
        page.WaitForAssertion(() => Assert.Equal("Defenders Network", Field(page, "Organisation").GetAttribute("value")));
        await page.InvokeAsync(() => Field(page, "Organisation").Change(new string('x', 201)));
        await page.InvokeAsync(() => page.Find("form").Submit());

        page.WaitForAssertion(() => Assert.Contains("The organisation can be at most 200 characters.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=profile-saved]"));
        Assert.Equal("Defenders Network", (await StoredAsync(data, user))!.Organisation);
    }
}
