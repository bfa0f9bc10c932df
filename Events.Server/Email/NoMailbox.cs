using Events.Shared.Email;

namespace Events.Server.Email;

/// <summary>What the admin page sees when SMTP is configured: no mailbox to list.</summary>
public sealed class NoMailbox : IMailboxReader
{
    public bool IsEnabled => false;
    public Task<IReadOnlyList<MailboxMessage>> ListAsync(int max = 200) => Task.FromResult<IReadOnlyList<MailboxMessage>>([]);
    public Task<MailboxMessage?> FindAsync(string id) => Task.FromResult<MailboxMessage?>(null);
}
