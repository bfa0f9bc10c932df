using System.ComponentModel.DataAnnotations;

namespace Events.Server.Email;

/// <summary><c>Events:Email:*</c>, bound and checked at start-up.</summary>
public sealed class EmailOptions
{
    public string From { get; set; } = "Events <no-reply@events.localhost>";
    public SmtpOptions? Smtp { get; set; }
    /// <summary>Where the development mailbox keeps messages when no SMTP server is configured (default: the data folder's <c>mailbox</c>).</summary>
    public string MailboxDirectory { get; set; } = "";
    public OutboxOptions Outbox { get; set; } = new();

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp?.Host);
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    [Range(1, 65535)] public int Port { get; set; } = 587;
    /// <summary>TLS: on connect for port 465, STARTTLS (required) otherwise.</summary>
    public bool EnableSsl { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>How long one SMTP conversation may take before it counts as a failed attempt.</summary>
    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 60;
}

/// <summary><c>Events:Email:Outbox:*</c>: how the background sender works through the outbox.</summary>
public sealed class OutboxOptions
{
    /// <summary>False: this instance writes mail to the outbox but leaves delivering it to the other instances.</summary>
    public bool Deliver { get; set; } = true;
    /// <summary>Mails delivered at the same time by this instance (each holds one database connection while it sends).</summary>
    [Range(1, 32)] public int Senders { get; set; } = 2;
    /// <summary>How often the outbox is looked at without a wake-up (mails committed by other instances, retries that fall due).</summary>
    [Range(0.05, 3600)] public double PollSeconds { get; set; } = 5;
    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(0.05, 86400)] public double RetryBaseSeconds { get; set; } = 30;
    [Range(0.05, 86400)] public double MaxRetryDelaySeconds { get; set; } = 3600;
    /// <summary>Attempts before the sender gives up on a mail (it stays in the outbox, marked, for an operator).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 12;
}
