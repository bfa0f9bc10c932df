using Events.Server.Convenings;
using Events.Server.Database;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.Convenings;

/// <summary>The one rule for who may act on a convening and its events, on a real database.</summary>
public sealed class EventAccessTests
{
    [Fact]
    public async Task Staff_are_the_proposer_the_conveners_and_Admins_and_moderators_add_the_Moderator_role()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var proposer = await data.AddUserAsync("Proposer");
        var otherOrganiser = await data.AddUserAsync("Other", "Organiser");
        var admin = await data.AddUserAsync("Admin", "Admin");
        var moderator = await data.AddUserAsync("Mod", "Moderator");
        var (slug, _, _) = await data.AddConveningAsync(organiser);
        var eventId = await data.AddAcceptedEventAsync(slug, proposer, organiser);
        await using var db = await data.Db.CreateDbContextAsync();
        var conveningId = await db.Convenings.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();

        foreach (var (user, staff) in new[] { (organiser, true), (proposer, true), (admin, true), (otherOrganiser, false), (moderator, false) })
            Assert.Equal(staff, await EventAccess.IsEventStaffAsync(db, user, eventId));
        foreach (var (user, organises) in new[] { (organiser, true), (admin, true), (proposer, false), (otherOrganiser, false) })
        {
            Assert.Equal(organises, await EventAccess.IsConveningOrganiserAsync(db, user, conveningId));
            Assert.Equal(organises, await EventAccess.IsEventStaffAsync(db, user, conveningId)); // convening-wide registration desk
        }
        Assert.True(await EventAccess.CanCreateConveningsAsync(db, otherOrganiser));
        Assert.False(await EventAccess.CanCreateConveningsAsync(db, proposer));
        Assert.True(await EventAccess.IsSiteModeratorAsync(db, moderator));
        Assert.True(await EventAccess.IsSiteModeratorAsync(db, admin));
        Assert.False(await EventAccess.IsSiteModeratorAsync(db, organiser));
        Assert.True(await EventAccess.IsAdminAsync(db, admin));
        Assert.False(await EventAccess.IsAdminAsync(db, organiser));
    }
}
