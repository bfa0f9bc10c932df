namespace Events.Server.Email;

/// <summary>
/// A row of <c>mail_outbox</c>: a mail written in the same transaction as the change it reports, waiting for
/// <see cref="MailOutboxSender"/>. A delivered mail's row is deleted in the step that delivers it.
/// </summary>
public class OutboxMail
{
    public long Id { get; set; }

    public string ToAddress { get; set; } = "";

    public string Subject { get; set; } = "";

    public string TextBody { get; set; } = "";

    public string? HtmlBody { get; set; }

    /// <summary>The attachments as JSON (file name, content type, base64 content), or null.</summary>
    public string? Attachments { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Not before this time: now for a new mail, later after a refusal (exponential backoff).</summary>
    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Why the last attempt failed (the server's answer or the exception's message, never the address).</summary>
    public string? LastError { get; set; }

    /// <summary>Set when every attempt failed: the sender stops trying; the row stays for an operator to read.</summary>
    public DateTime? GaveUpAt { get; set; }
}
