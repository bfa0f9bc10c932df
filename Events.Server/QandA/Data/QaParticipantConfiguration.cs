using Events.Server.SideEvents;
using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.QandA;

/// <summary>How <see cref="QaParticipant"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class QaParticipantConfiguration : IEntityTypeConfiguration<QaParticipant>
{
    public void Configure(EntityTypeBuilder<QaParticipant> entity)
    {
        entity.HasKey(e => e.Id).HasName("qa_participants_pkey");

        entity.ToTable("qa_participants");

        entity.HasIndex(e => new { e.SideEventId, e.BrowserKeyHash }, "qa_participants_side_event_id_browser_key_hash_key").IsUnique();

        entity.HasIndex(e => new { e.SideEventId, e.UserId }, "qa_participants_side_event_id_user_id_key").IsUnique();

        entity.HasIndex(e => e.UserId, "qa_participants_user").HasFilter("(user_id IS NOT NULL)");

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.BrowserKeyHash).HasColumnName("browser_key_hash");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");
        entity.Property(e => e.UserId).HasColumnName("user_id");

        entity.HasOne(d => d.SideEvent).WithMany(p => p.QaParticipants)
            .HasForeignKey(d => d.SideEventId)
            .HasConstraintName("qa_participants_side_event_id_fkey");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.UserId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("qa_participants_user_id_fkey");
    }
}
