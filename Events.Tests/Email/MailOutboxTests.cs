using System.Collections.Concurrent;
using Dapper;
using Events.Server.Database;
using Events.Server.Email;
using Events.Server.Registrations;
using Events.Shared.Email;
using Events.Shared.Registrations;
using Events.Tests.Infrastructure;
using Events.Tests.Registrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Events.Tests.Email;

/// <summary>
/// The mail outbox: mails are committed with their change, delivered by the background sender through a real SMTP
/// conversation (a small SMTP server in the test), retried with growing waits, claimed once among several senders, and
/// erased with the person.
/// </summary>
public sealed class MailOutboxTests
{
    /// <summary>The app's outbox sender on the test database, with these mail settings (SMTP, MailKit) or this transport.</summary>
    private static async Task<MailOutboxSender> SenderAsync(TestData data, Dictionary<string, string?>? settings = null, IMailSender? transport = null) =>
        (await TestServices.BuildAsync(data.ConnectionString, settings: settings,
            replace: transport is null ? null : services => services.Replace(ServiceDescriptor.Singleton(transport)))).GetRequiredService<MailOutboxSender>();

    private static async Task<int> OutboxCountAsync(TestData data) => await data.ScalarAsync<int>("SELECT count(*)::int FROM mail_outbox", new { });

    [Fact]
    public async Task A_mail_the_SMTP_server_refuses_twice_goes_on_the_third_attempt_after_growing_waits_and_only_once()
    {
        await using var smtp = new TestSmtpServer();
        smtp.RefuseNext(2);
        var data = await TestData.CreateAsync();
        var sender = await SenderAsync(data, smtp.AppSettings());
        var ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"u8.ToArray();
        await data.Services.GetRequiredService<MailOutbox>().EnqueueAsync(new OutgoingMail("amina@example.org", "Registered: Rush hour",
            "You are registered.", "<p>You are registered.</p>", [new MailAttachment("invite.ics", "text/calendar; charset=utf-8; method=REQUEST", ics)]));

        await sender.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (smtp.Accepted.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(50);
            await Task.Delay(1000); // time for a wrong second delivery
        }
        finally { await sender.StopAsync(CancellationToken.None); }

        var mail = Assert.Single(smtp.Accepted);
        Assert.Contains("Subject: Registered: Rush hour", mail);
        Assert.Contains("To: amina@example.org", mail);
        Assert.Contains("Message-Id: <", mail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/calendar", mail);
        var attempts = smtp.Attempts.ToArray();
        Assert.Equal(3, attempts.Length);
        // Exponential backoff: 0.3 s after the first refusal, 0.6 s after the second.
        Assert.InRange((attempts[1] - attempts[0]).TotalSeconds, 0.29, 10);
        Assert.InRange((attempts[2] - attempts[1]).TotalSeconds, 0.59, 10);
        Assert.Equal(0, await OutboxCountAsync(data));
    }

    [Fact]
    public async Task A_mail_refused_at_every_attempt_is_given_up_after_the_last_and_stays_marked_for_an_operator()
    {
        await using var smtp = new TestSmtpServer();
        var data = await TestData.CreateAsync();
        var settings = smtp.AppSettings(maxAttempts: 2);
        smtp.RefuseNext(5);
        var sender = await SenderAsync(data, settings);
        await data.Services.GetRequiredService<MailOutbox>().EnqueueAsync(new OutgoingMail("amina@example.org", "Hello", "Text"));
        await sender.DeliverDueAsync();
        await Task.Delay(400);
        await sender.DeliverDueAsync();
        Assert.Equal(2, smtp.Attempts.Count);
        await sender.DeliverDueAsync();
        Assert.Equal(2, smtp.Attempts.Count); // given up after MaxAttempts
        var row = await data.ScalarAsync<string>("SELECT attempts || ' ' || (gave_up_at IS NOT NULL) || ' ' || last_error FROM mail_outbox", new { });
        Assert.Equal("2 true SMTP 451 (SenderNotAccepted)", row);
    }

    [Fact]
    public async Task Two_instances_sending_at_once_deliver_each_of_two_hundred_mails_exactly_once()
    {
        var data = await TestData.CreateAsync();
        var outbox = data.Services.GetRequiredService<MailOutbox>();
        await using (var db = await data.Db.CreateDbContextAsync())
        {
            for (var i = 0; i < 200; i++) outbox.Enqueue(db, new OutgoingMail($"p{i}@example.org", $"Mail {i}", "Text"));
            await db.SaveChangesAsync();
        }
        var transport = new CountingTransport();
        var senders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SenderAsync(data, transport: transport)));
        await Task.WhenAll(senders.Select(s => Task.Run(() => s.DeliverDueAsync())));
        Assert.Equal(200, transport.Delivered.Count);
        Assert.All(transport.Delivered.GroupBy(d => d), g => Assert.Single(g));
        Assert.Equal(0, await OutboxCountAsync(data));
    }

    [Fact]
    public async Task A_change_that_fails_after_its_mail_was_enqueued_leaves_neither_the_change_nor_the_mail()
    {
        var (data, id, _, registrations, mailbox) = await RegistrationRuleTests.ScheduledEventAsync(capacity: 10);
        var user = await data.AddUserAsync("Amina");
        Assert.Equal(RegistrationOutcomeCode.Registered, (await registrations.Participants.RegisterAsync(user, id)).Code);
        Assert.Single(await mailbox.ListAsync());

        // A second live registration for the same person breaks a unique index: its mail, written in the same
        // transaction, must not survive the failure.
        var conveningId = await data.ScalarAsync<Guid>("SELECT convening_id FROM side_events WHERE id = @id", new { id });
        await using (var db = await data.Db.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Registrations.Add(new Registration { ConveningId = conveningId, SideEventId = id, UserId = user, Status = RegistrationStatuses.Confirmed });
            data.Services.GetRequiredService<MailOutbox>().Enqueue(db, new OutgoingMail("amina@example.org", "Registered again", "Text"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        Assert.Equal(0, await OutboxCountAsync(data));
        Assert.Equal(1, await data.ScalarAsync<int>("SELECT count(*)::int FROM registrations WHERE side_event_id = @id", new { id }));
        Assert.Single(await mailbox.ListAsync());
    }

    [Fact]
    public async Task Erasing_a_participant_deletes_the_mails_not_yet_delivered_to_them_and_keeps_everyone_elses()
    {
        var (data, id, _, registrations, _) = await RegistrationRuleTests.ScheduledEventAsync(capacity: 1);
        var leaving = await data.AddUserAsync("Leila Leaving");
        var staying = await data.AddUserAsync("Sam Staying");
        await registrations.Participants.RegisterAsync(leaving, id);
        await registrations.Participants.RegisterAsync(staying, id);
        var leavingEmail = await data.ScalarAsync<string>("SELECT email FROM users WHERE id = @leaving", new { leaving });
        Assert.Equal(2, await OutboxCountAsync(data)); // not delivered: nobody read the mailbox

        await using (var db = await data.Db.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            // In another case, as an address may be typed.
            await registrations.Profiles.ForgetParticipantAsync(db, leaving, leavingEmail.ToUpperInvariant());
            await tx.CommitAsync();
        }
        await using var connection = await data.Connections.OpenAsync();
        var left = (await connection.QueryAsync<string>("SELECT to_address FROM mail_outbox")).ToList();
        Assert.DoesNotContain(leavingEmail, left);
        Assert.Single(left);
    }

    [Fact]
    public async Task The_development_mailbox_keeps_one_file_when_the_same_outbox_mail_is_delivered_twice()
    {
        var directory = Path.Combine(TestPostgres.RunDirectory, "mail-" + Guid.NewGuid().ToString("N")[..8]);
        var mailbox = new DevelopmentMailbox(new EmailOptions { MailboxDirectory = directory }, NullLogger<DevelopmentMailbox>.Instance);
        var mail = new OutgoingMail("amina@example.org", "Hello", "Text");
        await mailbox.SendAsync(mail, "202611302300000000000-42");
        await mailbox.SendAsync(mail, "202611302300000000000-42");
        Assert.Single(await mailbox.ListAsync());
    }

    [Theory]
    [InlineData("Events:Email:Outbox:Senders", "0")]
    [InlineData("Events:Email:Outbox:RetryBaseSeconds", "-1")]
    [InlineData("Events:Email:From", "not an address")]
    [InlineData("Events:Email:Smtp:Port", "70000")]
    public async Task Start_up_stops_on_a_bad_mail_setting(string key, string value)
    {
        await using var app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?> { [key] = value });
        var failure = Record.Exception(() => app.CreateClient());
        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(key.Split(':')[^1], failure.Message);
    }

    /// <summary>Counts deliveries, slowly enough that several senders overlap.</summary>
    private sealed class CountingTransport : IMailSender
    {
        public ConcurrentQueue<string> Delivered { get; } = new();

        public async Task SendAsync(OutgoingMail mail, string deliveryId, CancellationToken cancellationToken = default)
        {
            await Task.Delay(2, cancellationToken);
            Delivered.Enqueue(mail.Subject);
        }
    }
}
