using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Email;

/// <summary>How <see cref="OutboxMail"/> maps to its table.</summary>
public sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> entity)
    {
        entity.ToTable("mail_outbox");
        entity.HasKey(e => e.Id).HasName("mail_outbox_pkey");
        // The sender's claim: the due rows that are still being tried, oldest first.
        entity.HasIndex(e => new { e.NextAttemptAt, e.Id }, "mail_outbox_due").HasFilter("(gave_up_at IS NULL)");

        entity.Property(e => e.Id).UseIdentityAlwaysColumn().HasColumnName("id");
        entity.Property(e => e.ToAddress).HasColumnName("to_address");
        entity.Property(e => e.Subject).HasColumnName("subject");
        entity.Property(e => e.TextBody).HasColumnName("text_body");
        entity.Property(e => e.HtmlBody).HasColumnName("html_body");
        entity.Property(e => e.Attachments).HasColumnName("attachments");
        entity.Property(e => e.CreatedAt).HasDefaultValueSql("now()").HasColumnName("created_at");
        entity.Property(e => e.NextAttemptAt).HasDefaultValueSql("now()").HasColumnName("next_attempt_at");
        entity.Property(e => e.Attempts).HasColumnName("attempts");
        entity.Property(e => e.LastError).HasColumnName("last_error");
        entity.Property(e => e.GaveUpAt).HasColumnName("gave_up_at");
    }
}
