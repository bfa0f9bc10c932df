using System.Net;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Events.Server.Hosting;
using Events.Shared.Email;

namespace Events.Server.Email;

/// <summary>The one way the app sends e-mail: SMTP when configured, otherwise the development mailbox.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}

public sealed class EmailOptions
{
    public string From { get; set; } = "Events <no-reply@events.localhost>";
    public SmtpOptions? Smtp { get; set; }
    /// <summary>Where the development mailbox keeps messages when no SMTP server is configured.</summary>
    public string MailboxDirectory { get; set; } = "";
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

public sealed class SmtpMailSender(EmailOptions options, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var smtp = options.Smtp!;
        using var message = new MailMessage { From = new MailAddress(options.From), Subject = mail.Subject, BodyEncoding = Encoding.UTF8, SubjectEncoding = Encoding.UTF8 };
        message.To.Add(mail.To);
        message.Body = mail.TextBody;
        if (mail.HtmlBody is not null)
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(mail.HtmlBody, Encoding.UTF8, "text/html"));
        foreach (var attachment in mail.Attachments ?? [])
            message.Attachments.Add(new Attachment(new MemoryStream(attachment.Content), attachment.FileName, attachment.ContentType));
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.UserName)) client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        await client.SendMailAsync(message, cancellationToken);
        // The address is personal data: keep it out of information-level logs.
        logger.LogInformation("Sent mail '{Subject}' through SMTP", mail.Subject);
    }
}

/// <summary>
/// Keeps each message as a JSON file in a folder instead of sending it, for development and tests;
/// admins read them on /admin/mailbox.
/// </summary>
public sealed class DevelopmentMailbox(EmailOptions options, ILogger<DevelopmentMailbox> logger) : IMailSender, IMailboxReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _directory = Path.GetFullPath(options.MailboxDirectory);

    public bool IsEnabled => true;

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_directory);
        var sentAt = DateTimeOffset.UtcNow;
        // Sortable by time, unique without coordination.
        var id = $"{sentAt:yyyyMMddHHmmssfffffff}-{Guid.NewGuid():N}"[..40];
        var stored = new StoredMail(id, sentAt, mail.To, mail.Subject, mail.TextBody, mail.HtmlBody,
            (mail.Attachments ?? []).Select(a => new StoredAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))).ToList());
        var temp = Path.Combine(_directory, $".{id}.tmp");
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(stored, Json), cancellationToken);
        File.Move(temp, Path.Combine(_directory, $"{id}.json"));
        logger.LogInformation("Mail '{Subject}' kept in the development mailbox as {Id}", mail.Subject, id);
    }

    public async Task<IReadOnlyList<MailboxMessage>> ListAsync(int max = 200)
    {
        if (!Directory.Exists(_directory)) return [];
        var files = Directory.GetFiles(_directory, "*.json").OrderDescending(StringComparer.Ordinal).Take(max);
        var messages = new List<MailboxMessage>();
        foreach (var file in files)
            if (await ReadAsync(file) is { } message) messages.Add(message);
        return messages;
    }

    public async Task<MailboxMessage?> FindAsync(string id) =>
        IsSafeId(id) ? await ReadAsync(Path.Combine(_directory, $"{id}.json")) : null;

    public async Task<MailAttachment?> FindAttachmentAsync(string id, int index)
    {
        if (!IsSafeId(id)) return null;
        var path = Path.Combine(_directory, $"{id}.json");
        if (!File.Exists(path)) return null;
        var stored = JsonSerializer.Deserialize<StoredMail>(await File.ReadAllTextAsync(path), Json);
        if (stored is null || index < 0 || index >= stored.Attachments.Count) return null;
        var a = stored.Attachments[index];
        return new MailAttachment(a.FileName, a.ContentType, Convert.FromBase64String(a.ContentBase64));
    }

    /// <summary>Erasure: the mails kept for an address go with its account (they hold names, links and tickets).</summary>
    public async Task DeleteMailsToAsync(string address)
    {
        if (!Directory.Exists(_directory)) return;
        foreach (var file in Directory.GetFiles(_directory, "*.json"))
            if (await ReadAsync(file) is { } message && string.Equals(message.To.Trim(), address.Trim(), StringComparison.OrdinalIgnoreCase))
                File.Delete(file);
        logger.LogInformation("Mails to an erased account were deleted from the development mailbox");
    }

    private static bool IsSafeId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static async Task<MailboxMessage?> ReadAsync(string path)
    {
        if (!File.Exists(path)) return null;
        var stored = JsonSerializer.Deserialize<StoredMail>(await File.ReadAllTextAsync(path), Json);
        if (stored is null) return null;
        return new MailboxMessage(stored.Id, stored.SentAt, stored.To, stored.Subject, stored.TextBody, stored.HtmlBody,
            stored.Attachments.Select((a, i) => new MailboxAttachmentInfo(i, a.FileName, a.ContentType, (long)(a.ContentBase64.Length * 3L / 4))).ToList());
    }

    private sealed record StoredMail(string Id, DateTimeOffset SentAt, string To, string Subject, string TextBody, string? HtmlBody, List<StoredAttachment> Attachments);
    private sealed record StoredAttachment(string FileName, string ContentType, string ContentBase64);
}

/// <summary>What the admin page sees when SMTP is configured: no mailbox to list.</summary>
public sealed class NoMailbox : IMailboxReader
{
    public bool IsEnabled => false;
    public Task<IReadOnlyList<MailboxMessage>> ListAsync(int max = 200) => Task.FromResult<IReadOnlyList<MailboxMessage>>([]);
    public Task<MailboxMessage?> FindAsync(string id) => Task.FromResult<MailboxMessage?>(null);
}

public static class EmailSetup
{
    public static IServiceCollection AddEventsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Events:Email").Get<EmailOptions>() ?? new EmailOptions();
        options.MailboxDirectory = DataPaths.Resolve(configuration, "Events:Email:MailboxDirectory", "mailbox");
        services.AddSingleton(options);
        if (!string.IsNullOrWhiteSpace(options.Smtp?.Host))
        {
            services.AddSingleton<IMailSender, SmtpMailSender>();
            services.AddSingleton<IMailboxReader, NoMailbox>();
        }
        else
        {
            services.AddSingleton<DevelopmentMailbox>();
            services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<DevelopmentMailbox>());
            services.AddSingleton<IMailboxReader>(sp => sp.GetRequiredService<DevelopmentMailbox>());
        }
        return services;
    }

    /// <summary>Attachment downloads for the admin mailbox page.</summary>
    public static IEndpointRouteBuilder MapDevelopmentMailbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/mailbox/{id}/attachments/{index:int}", async (string id, int index, IServiceProvider services) =>
        {
            var mailbox = services.GetService<DevelopmentMailbox>();
            var attachment = mailbox is null ? null : await mailbox.FindAttachmentAsync(id, index);
            return attachment is null ? Results.NotFound() : Results.File(attachment.Content, attachment.ContentType, attachment.FileName);
        }).RequireAuthorization(policy => policy.RequireRole(Events.Server.Accounts.Roles.Admin));
        return endpoints;
    }
}
