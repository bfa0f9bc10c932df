using System.Data.Common;
using Events.Server.Database;
using Events.Server.QandA;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Events.Tests.QandA;

/// <summary>
/// <see cref="QaStanding"/> is read on every join, question and vote: it must stay one round trip, whoever asks, with
/// the staff rule, the Moderator role, registrations and the public-page rule all in it.
/// </summary>
public sealed class QaStandingTests
{
    [Fact]
    public async Task Each_callers_standing_is_read_in_one_command_and_says_who_moderates_and_who_takes_part()
    {
        var world = await QaWorld.CreateAsync();
        var admin = await world.Data.AddUserAsync("Ada Admin", "Admin");
        var moderator = await world.Data.AddUserAsync("Mo Moderator", "Moderator");
        var participant = await world.ParticipantAsync("Amina Participant");
        var stranger = await world.Data.AddUserAsync("Stranger");

        var commands = new CommandCounter();
        await using var db = new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>()
            .UseNpgsql(world.Data.ConnectionString).AddInterceptors(commands).Options);
        foreach (var (userId, moderates, registered) in new (Guid?, bool, bool)[]
                 { (world.Organiser, true, false), (admin, true, false), (moderator, true, false), (participant, false, true), (stranger, false, false), (null, false, false) })
        {
            var before = commands.Count;
            var standing = await QaStanding.LoadAsync(db, world.EventId, userId);
            Assert.Equal(before + 1, commands.Count);
            Assert.NotNull(standing);
            Assert.Equal(moderates, standing.IsModerator);
            Assert.Equal(registered, standing.IsRegistered);
            Assert.Equal("Defenders at risk: reprisals and the UN", standing.Title);
            Assert.True(standing.PagePublic);
            Assert.False(standing.SessionExists);
            Assert.Equal(userId is null ? null : await world.Data.QueryAsync(d => d.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync()),
                standing.DisplayName);
        }
        Assert.Null(await QaStanding.LoadAsync(db, Guid.NewGuid(), world.Organiser));
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
