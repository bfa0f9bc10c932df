using System.Text.Json;
using Events.Shared.Email;

namespace Events.Server.Email;

/// <summary>
/// Keeps each message as a JSON file in a folder instead of sending it, for development and tests;
/// admins read them on /admin/mailbox.
/// </summary>
public sealed class DevelopmentMailbox(EmailOptions options, ILogger<DevelopmentMailbox> logger) : IMailSender, IMailboxReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _directory = Path.GetFullPath(options.MailboxDirectory);

    public bool IsEnabled => true;

    public async Task SendAsync(OutgoingMail mail, string deliveryId, CancellationToken cancellationToken = default)
    {
        if (!IsSafeId(deliveryId)) throw new ArgumentException("A delivery id is letters, digits and dashes.", nameof(deliveryId));
        Directory.CreateDirectory(_directory);
        var stored = new StoredMail(deliveryId, DateTimeOffset.UtcNow, mail.To, mail.Subject, mail.TextBody, mail.HtmlBody,
            (mail.Attachments ?? []).Select(a => new StoredAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))).ToList());
        var temp = Path.Combine(_directory, $".{deliveryId}.tmp");
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(stored, Json), cancellationToken);
        // Named by the delivery id (sortable by time): delivering the same outbox mail again replaces the file, never adds one.
        File.Move(temp, Path.Combine(_directory, $"{deliveryId}.json"), overwrite: true);
        logger.LogInformation("Mail '{Subject}' kept in the development mailbox as {Id}", mail.Subject, deliveryId);
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
