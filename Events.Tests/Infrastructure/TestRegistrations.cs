using Events.Server.Email;
using Events.Server.Registrations;
using Events.Shared.Registrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Infrastructure;

/// <summary>The app's registration services on a test database, mailing through the outbox into a development mailbox of their own.</summary>
public static class TestRegistrations
{
    public static async Task<(RegistrationServices Service, TestMailbox Mailbox)> CreateAsync(TestData data, TimeProvider? clock = null)
    {
        // Mail of the set-up so far (proposals, slots) goes to the data's own mailbox, so this one holds what follows.
        await MailDelivery.DeliverAsync(data.Services);
        // A build of its own: its own mailbox folder, and the clock when one is given.
        var app = await TestServices.BuildAsync(data.ConnectionString, clock);
        var scope = app.CreateScope().ServiceProvider;
        return (new RegistrationServices(scope.GetRequiredService<IParticipantRegistrations>(), scope.GetRequiredService<IRegistrationDesk>(),
            scope.GetRequiredService<IRegistrationQueries>(), scope.GetRequiredService<ParticipantProfiles>()), MailboxOf(app));
    }

    /// <summary>The development mailbox of these services, fed by their outbox sender (delivering this database's outbox).</summary>
    public static TestMailbox MailboxOf(IServiceProvider app) =>
        new(app.GetRequiredService<DevelopmentMailbox>(), () => MailDelivery.DeliverAsync(app));

    /// <summary>Many confirmed accounts at once, for rush tests.</summary>
    public static async Task<IReadOnlyList<Guid>> AddUsersAsync(TestData data, int count, string prefix = "Participant") =>
        (await data.Db.AddAccountsAsync(count, prefix)).Select(a => a.Id).ToList();
}

/// <summary>A development mailbox that first delivers what the outbox holds, so a test reads it right after a change.</summary>
public sealed class TestMailbox(DevelopmentMailbox mailbox, Func<Task> deliver)
{
    public async Task<IReadOnlyList<Events.Shared.Email.MailboxMessage>> ListAsync()
    {
        await deliver();
        return await mailbox.ListAsync();
    }

    public async Task<Events.Shared.Email.MailAttachment?> FindAttachmentAsync(string id, int index)
    {
        await deliver();
        return await mailbox.FindAttachmentAsync(id, index);
    }
}
