using Events.Server.Calendar;
using Events.Server.Convenings;
using Events.Server.Email;
using Events.Server.Hosting;
using Events.Server.Registrations;
using Events.Shared.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Events.Tests.Infrastructure;

/// <summary>The registration services on a test database, mailing through the outbox into their own development mailbox folder.</summary>
public static class TestRegistrations
{
    public static (RegistrationServices Service, TestMailbox Mailbox) Create(TestData data, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var site = new SiteAddress(new Uri("https://events.example.org"));
        // The programme queries take whatever data access the app gives them.
        var calendars = new CalendarQueries(data.Db, ActivatorUtilities.CreateInstance<ProgrammeQueries>(data.Services));
        var mails = new RegistrationMails(data.Services.GetRequiredService<MailOutbox>(), new RegistrationCalendar(calendars, site, new EmailOptions(), clock), site);
        return (new RegistrationServices(new ParticipantRegistrations(data.Db, mails, clock), new RegistrationDesk(data.Db, mails),
            new RegistrationQueries(data.Db, clock), new ParticipantProfiles(data.Db, clock)), NewMailbox(data, clock));
    }

    /// <summary>A development mailbox of its own, fed by a sender that delivers the test database's outbox.</summary>
    public static TestMailbox NewMailbox(TestData data, TimeProvider? clock = null)
    {
        var options = new EmailOptions { MailboxDirectory = Path.Combine(TestPostgres.RunDirectory, "mail-" + Guid.NewGuid().ToString("N")[..8]) };
        var mailbox = new DevelopmentMailbox(options, NullLogger<DevelopmentMailbox>.Instance);
        var sender = new MailOutboxSender(data.Db, mailbox, data.Services.GetRequiredService<MailOutboxSignal>(), Options.Create(options),
            clock ?? TimeProvider.System, NullLogger<MailOutboxSender>.Instance);
        return new TestMailbox(mailbox, () => MailDelivery.DeliverAsync(data.Db, sender));
    }

    /// <summary>Many confirmed accounts at once, for rush tests.</summary>
    public static async Task<IReadOnlyList<Guid>> AddUsersAsync(TestData data, int count, string prefix = "Participant")
    {
        await using var db = await data.Db.CreateDbContextAsync();
        // One statement: a rush test needs hundreds of accounts.
        return await db.Database.SqlQuery<Guid>($"""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name)
            SELECT id, e, upper(e), e, upper(e), true, {prefix} || ' ' || n
            FROM (SELECT gen_random_uuid() AS id, n, 'p' || n || '-' || substr(md5(random()::text), 1, 8) || '@example.org' AS e
                  FROM generate_series(1, {count}) n) s
            RETURNING id AS "Value"
            """).ToListAsync();
    }
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
