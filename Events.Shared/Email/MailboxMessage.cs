namespace Events.Shared.Email;

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>A message as the application sends it: plain text always, HTML when there is a richer version.</summary>
public sealed record OutgoingMail(
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody = null,
    IReadOnlyList<MailAttachment>? Attachments = null);

/// <summary>A message kept by the development mailbox, as listed on the admin page.</summary>
public sealed record MailboxMessage(
    string Id,
    DateTimeOffset SentAt,
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody,
    IReadOnlyList<MailboxAttachmentInfo> Attachments);

public sealed record MailboxAttachmentInfo(int Index, string FileName, string ContentType, long Length);

/// <summary>Read side of the development mailbox, for the admin page.</summary>
public interface IMailboxReader
{
    bool IsEnabled { get; }
    Task<IReadOnlyList<MailboxMessage>> ListAsync(int max = 200);
    Task<MailboxMessage?> FindAsync(string id);
}
