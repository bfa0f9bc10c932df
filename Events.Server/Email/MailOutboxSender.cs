using Events.Server.Database;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Events.Server.Email;

/// <summary>
/// Delivers the outbox. Each mail is claimed, sent and deleted in one database transaction: the claim is a row lock
/// (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, <c>UPDLOCK, READPAST</c> on SQL Server: <see cref="SqlDialect.NextDueMail"/>), so several senders and several instances never take the same mail, and the lock
/// goes with the process if it dies, leaving the mail for the next attempt. A refused mail is tried again with
/// exponential backoff until <see cref="OutboxOptions.MaxAttempts"/>.
/// <para>
/// Delivery is at least once, and at most once except in one window: between the SMTP server's "250 accepted" after
/// the message and this transaction's commit (one DELETE and a COMMIT, milliseconds). A crash exactly there leaves the
/// row, and the mail goes again after the restart. The window is kept that small (nothing else happens between the
/// two), and the repeat carries the same Message-ID (and the development mailbox the same file name), so that
/// receiving systems and the mailbox can recognise it. A crash at any other point either sends nothing yet or has
/// already deleted the row.
/// </para>
/// </summary>
public sealed class MailOutboxSender(
    IDbContextFactory<EventsDbContext> dbFactory, IMailSender transport, MailOutboxSignal signal, IOptions<EmailOptions> options,
    TimeProvider clock, ILogger<MailOutboxSender> logger) : BackgroundService
{
    private OutboxOptions Settings => options.Value.Outbox;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !Settings.Deliver ? Task.CompletedTask
        : Task.WhenAll(Enumerable.Range(0, Settings.Senders).Select(_ => Task.Run(() => RunAsync(stoppingToken), stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so that a commit while this sender looks still wakes it.
            var wake = signal.Next;
            try
            {
                while (await TryDeliverOneAsync(stoppingToken)) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogError(e, "The mail outbox could not be read; trying again at the next poll");
            }
            try { await wake.WaitAsync(TimeSpan.FromSeconds(Settings.PollSeconds), clock, stoppingToken); }
            catch (TimeoutException) { }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
        }
    }

    /// <summary>Delivers every mail that is due now (tests call this instead of waiting for the background loop). Returns how many were tried.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var tried = 0;
        while (await TryDeliverOneAsync(cancellationToken)) tried++;
        return tried;
    }

    /// <summary>Claims one due mail and tries it; false when none is due (or every due one is being sent by someone else).</summary>
    private async Task<bool> TryDeliverOneAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var mail = await SqlDialect.Of(db).NextDueMail(db.OutboxMails, now).SingleOrDefaultAsync(cancellationToken);
        if (mail is null) return false;

        var deliveryId = $"{mail.CreatedAt:yyyyMMddHHmmssfffffff}-{mail.Id}";
        try
        {
            await transport.SendAsync(MailOutbox.ToMail(mail), deliveryId, cancellationToken);
            db.OutboxMails.Remove(mail);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // shutting down: the rollback leaves the mail as it was, for the next start
        }
        catch (Exception e)
        {
            mail.Attempts++;
            mail.LastError = Describe(e);
            var permanent = e is SmtpCommandException { StatusCode: >= (MailKit.Net.Smtp.SmtpStatusCode)500 };
            if (permanent || mail.Attempts >= Settings.MaxAttempts)
            {
                mail.GaveUpAt = now;
                // The address is personal data: the log names the outbox row, never the address.
                logger.LogError("Gave up on mail {DeliveryId} after {Attempts} attempt(s): {Reason}", deliveryId, mail.Attempts, mail.LastError);
            }
            else
            {
                var delay = TimeSpan.FromSeconds(Math.Min(Settings.MaxRetryDelaySeconds, Settings.RetryBaseSeconds * Math.Pow(2, mail.Attempts - 1)));
                // Counted from the failure, not from the claim: a slow refusal still waits the whole delay.
                mail.NextAttemptAt = clock.GetUtcNow().UtcDateTime + delay;
                logger.LogWarning("Mail {DeliveryId} was not delivered (attempt {Attempts}); next attempt in {Delay}: {Reason}", deliveryId, mail.Attempts, delay, mail.LastError);
            }
        }
        // The delete (or the retry's schedule) commits right after the server's answer: see the class comment.
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>What went wrong, without the recipient (SMTP answers often quote it).</summary>
    private static string Describe(Exception e)
    {
        var text = e is SmtpCommandException smtp ? $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode})" : $"{e.GetType().Name}: {e.Message}";
        return text.Length > 500 ? text[..500] : text;
    }
}
