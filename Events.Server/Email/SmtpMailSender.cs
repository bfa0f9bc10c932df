using Events.Shared.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Events.Server.Email;

/// <summary>Delivers through the configured SMTP server with MailKit, one conversation per mail.</summary>
public sealed class SmtpMailSender(IOptions<EmailOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, string deliveryId, CancellationToken cancellationToken = default)
    {
        var email = options.Value;
        var smtp = email.Smtp!;
        var from = MailboxAddress.Parse(email.From);
        var message = new MimeMessage { Subject = mail.Subject };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.To));
        // Stable across attempts: a receiving system can drop the copy of a mail that was delivered twice (see MailOutboxSender).
        message.MessageId = $"{deliveryId}@{from.Domain}";
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var attachment in mail.Attachments ?? [])
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        message.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        var security = !smtp.EnableSsl ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        // The server has the mail now; a failed QUIT must not make it look unsent (that would send it again).
        try { await client.DisconnectAsync(true, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogDebug(e, "SMTP QUIT failed after delivery"); }
        // The address is personal data: keep it out of information-level logs.
        logger.LogInformation("Sent mail {DeliveryId} through SMTP", deliveryId);
    }
}
