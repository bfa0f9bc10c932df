using Events.Shared.Email;

namespace Events.Server.Email;

/// <summary>
/// The transport: SMTP when configured, otherwise the development mailbox. Only <see cref="MailOutboxSender"/> calls it;
/// the app enqueues mail with <see cref="MailOutbox"/>.
/// </summary>
public interface IMailSender
{
    /// <param name="deliveryId">Stable for one outbox mail across attempts and restarts (the Message-ID, the mailbox file's name), so that a repeated delivery can be recognised.</param>
    Task SendAsync(OutgoingMail mail, string deliveryId, CancellationToken cancellationToken = default);
}
