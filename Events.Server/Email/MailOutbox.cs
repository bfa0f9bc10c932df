using System.Text.Json;
using Events.Server.Database;
using Events.Shared.Email;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Email;

/// <summary>
/// The one way the app sends mail. <see cref="Enqueue"/> adds the mail to the caller's context, so it is saved and
/// committed with the change it reports (or rolled back with it); <see cref="MailOutboxSender"/> delivers it after the
/// commit, with retries. Nothing else calls an <see cref="IMailSender"/>.
/// </summary>
public sealed class MailOutbox(IDbContextFactory<EventsDbContext> dbFactory, MailOutboxSignal signal)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the mail to <paramref name="db"/>: the caller's SaveChanges (and commit) writes it; the sender wakes after the commit.</summary>
    public void Enqueue(EventsDbContext db, OutgoingMail mail)
    {
        db.OutboxMails.Add(new OutboxMail
        {
            ToAddress = mail.To.Trim(), Subject = mail.Subject, TextBody = mail.TextBody, HtmlBody = mail.HtmlBody,
            Attachments = mail.Attachments is { Count: > 0 } attachments
                ? JsonSerializer.Serialize(attachments.Select(a => new StoredAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))), Json)
                : null,
        });
        signal.MarkPending(db);
    }

    /// <summary>For a mail that reports no change of the app's own data in a transaction (account mails after Identity saved): written on its own.</summary>
    public async Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Enqueue(db, mail);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Erasure: the mails not yet delivered to an address go with the person's data. Runs in the caller's transaction.</summary>
    public static Task<int> ForgetMailsToAsync(EventsDbContext db, string address)
    {
        var normalised = address.Trim().ToLower();
        return db.OutboxMails.Where(m => m.ToAddress.ToLower() == normalised).ExecuteDeleteAsync();
    }

    internal static OutgoingMail ToMail(OutboxMail row) => new(row.ToAddress, row.Subject, row.TextBody, row.HtmlBody,
        row.Attachments is null ? null
            : JsonSerializer.Deserialize<List<StoredAttachment>>(row.Attachments, Json)!
                .Select(a => new MailAttachment(a.FileName, a.ContentType, Convert.FromBase64String(a.ContentBase64))).ToList());

    private sealed record StoredAttachment(string FileName, string ContentType, string ContentBase64);
}
