using Events.Server.Email;
using Events.Shared.Email;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Email;

/// <summary>
/// The Admins' view of the outbox on a real PostgreSQL and a real SMTP conversation: given-up and waiting mails listed,
/// a given-up mail tried again and delivered, a waiting one discarded, and nobody but an Admin sees or touches any.
/// </summary>
public sealed class OutboxAdminTests
{
    [Fact]
    public async Task Admins_list_given_up_and_waiting_mails_retry_one_that_then_goes_and_discard_another()
    {
        await using var smtp = new TestSmtpServer();
        var data = await TestData.CreateAsync();
        var admin = await data.AddUserAsync("Admin", "Admin");
        var organiser = await data.AddUserAsync("Organiser", "Organiser");
        // The app's services with mail to the test's SMTP server, one attempt before giving up.
        var app = await TestServices.BuildAsync(data.ConnectionString, settings: smtp.AppSettings(maxAttempts: 1));
        var sender = app.GetRequiredService<MailOutboxSender>();
        var outbox = app.CreateScope().ServiceProvider.GetRequiredService<IOutboxAdmin>();
        var mails = data.Services.GetRequiredService<MailOutbox>();

        // One mail refused at its only attempt (given up), one waiting for a later attempt.
        smtp.RefuseNext(1);
        await mails.EnqueueAsync(new OutgoingMail("amina@example.org", "Registered: Rush hour", "You are registered."));
        Assert.Equal(1, await sender.DeliverDueAsync());
        await mails.EnqueueAsync(new OutgoingMail("bruno@example.org", "Invitation: Dialogue", "You are invited."));
        await data.ScalarAsync<int>("UPDATE mail_outbox SET next_attempt_at = now() + interval '1 hour' WHERE to_address = 'bruno@example.org' RETURNING 1", new { });

        // Nobody but an Admin.
        Assert.Null(await outbox.ListAsync(organiser));
        var list = (await outbox.ListAsync(admin))!;
        Assert.Equal(["Registered: Rush hour", "Invitation: Dialogue"], list.Select(m => m.Subject));
        var (givenUp, waiting) = (list[0], list[1]);
        Assert.True(givenUp.GaveUp);
        Assert.Equal(("amina@example.org", 1, "SMTP 451 (SenderNotAccepted)"), (givenUp.To, givenUp.Attempts, givenUp.LastError));
        Assert.False(waiting.GaveUp);
        Assert.Equal(0, waiting.Attempts);
        Assert.True(waiting.NextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Contains("Only Admins", (await outbox.RetryNowAsync(organiser, givenUp.Id)).Error);
        Assert.Contains("Only Admins", (await outbox.DiscardAsync(organiser, waiting.Id)).Error);
        Assert.Equal(2, await data.ScalarAsync<int>("SELECT count(*)::int FROM mail_outbox WHERE (gave_up_at IS NOT NULL) = (id = @Id)", new { givenUp.Id }));

        // Retry now: the given-up mail is taken up again and goes; the waiting one keeps its time.
        Assert.True((await outbox.RetryNowAsync(admin, givenUp.Id)).Succeeded);
        Assert.Equal(1, await sender.DeliverDueAsync());
        Assert.Contains("Subject: Registered: Rush hour", Assert.Single(smtp.Accepted));
        Assert.Equal([waiting.Id], (await outbox.ListAsync(admin))!.Select(m => m.Id));

        // Discard: gone, never sent; a second discard (or a retry) of it says so.
        Assert.True((await outbox.DiscardAsync(admin, waiting.Id)).Succeeded);
        Assert.Empty((await outbox.ListAsync(admin))!);
        Assert.Contains("no longer in the outbox", (await outbox.DiscardAsync(admin, waiting.Id)).Error);
        Assert.Contains("no longer in the outbox", (await outbox.RetryNowAsync(admin, waiting.Id)).Error);
        Assert.Equal(0, await sender.DeliverDueAsync());
        Assert.Single(smtp.Accepted);
    }
}
