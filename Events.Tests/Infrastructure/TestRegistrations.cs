using Dapper;
using Events.Server.Email;
using Events.Server.Hosting;
using Events.Server.Registrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Events.Tests.Infrastructure;

/// <summary>The registration service on a test database, mailing into its own development mailbox folder.</summary>
public static class TestRegistrations
{
    public static (RegistrationService Service, DevelopmentMailbox Mailbox) Create(TestData data, TimeProvider? clock = null)
    {
        var mailbox = new DevelopmentMailbox(new EmailOptions { MailboxDirectory = Path.Combine(TestPostgres.RunDirectory, "mail-" + Guid.NewGuid().ToString("N")[..8]) },
            NullLogger<DevelopmentMailbox>.Instance);
        var site = new Events.Shared.Site.SiteAddress(new Uri("https://events.example.org"));
        var mails = new RegistrationMails(data.Connections, mailbox, new RegistrationCalendar(data.Connections,
            new Events.Server.Calendar.CalendarQueries(data.Connections, new Events.Server.Convenings.ProgrammeQueries(data.Db)), site,
            new EmailOptions(), clock ?? TimeProvider.System), site,
            NullLogger<RegistrationMails>.Instance);
        return (new RegistrationService(data.Connections, mails, clock ?? TimeProvider.System), mailbox);
    }

    /// <summary>Many confirmed accounts at once, for rush tests.</summary>
    public static async Task<IReadOnlyList<Guid>> AddUsersAsync(TestData data, int count, string prefix = "Participant")
    {
        await using var db = await data.Connections.OpenAsync();
        return (await db.QueryAsync<Guid>("""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name)
            SELECT id, e, upper(e), e, upper(e), true, @prefix || ' ' || n
            FROM (SELECT gen_random_uuid() AS id, n, 'p' || n || '-' || substr(md5(random()::text), 1, 8) || '@example.org' AS e
                  FROM generate_series(1, @count) n) s
            RETURNING id
            """, new { count, prefix })).ToList();
    }
}
