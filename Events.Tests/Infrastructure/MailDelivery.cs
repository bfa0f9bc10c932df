using Events.Server.Database;
using Events.Server.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Infrastructure;

/// <summary>
/// Mail leaves through the outbox after the commit, so a test delivers what is due before it reads a mailbox, and waits
/// for a mail that the app's own background sender holds at that moment (it is locked, so this sender skips it).
/// </summary>
public static class MailDelivery
{
    public static Task DeliverAsync(IServiceProvider app) =>
        DeliverAsync(app.GetRequiredService<IDbContextFactory<EventsDbContext>>(), app.GetRequiredService<MailOutboxSender>());

    public static async Task DeliverAsync(IDbContextFactory<EventsDbContext> dbFactory, MailOutboxSender sender)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await sender.DeliverDueAsync();
            await using var db = await dbFactory.CreateDbContextAsync();
            // A plain read sees locked rows too: none due means none is being sent either.
            if (!await db.OutboxMails.AnyAsync(m => m.GaveUpAt == null && m.NextAttemptAt <= DateTime.UtcNow)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Mail in the outbox was not delivered within 30 s.");
            await Task.Delay(20);
        }
    }
}
