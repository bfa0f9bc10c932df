using Events.Server.ReferenceData;
using Events.Server.SideEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.QandA;

/// <summary>How <see cref="QaQuestion"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class QaQuestionConfiguration : IEntityTypeConfiguration<QaQuestion>
{
    public void Configure(EntityTypeBuilder<QaQuestion> entity)
    {
        entity.HasKey(e => e.Id).HasName("qa_questions_pkey");

        entity.ToTable("qa_questions");

        entity.HasIndex(e => new { e.SideEventId, e.AskedAt }, "qa_questions_event");

        entity.HasIndex(e => e.SideEventId, "qa_questions_one_highlight")
            .IsUnique()
            .HasFilter("highlighted");

        entity.HasIndex(e => new { e.ParticipantId, e.ClientRequestId }, "qa_questions_one_per_request")
            .IsUnique()
            .HasFilter("((participant_id IS NOT NULL) AND (client_request_id IS NOT NULL))");

        entity.HasIndex(e => e.OwnerTag, "qa_questions_owner_tag")
            .IsUnique()
            .HasFilter("(owner_tag IS NOT NULL)");

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.AskedAt)
            .HasDefaultValueSql("clock_timestamp()")
            .HasColumnName("asked_at");
        entity.Property(e => e.AuthorName).HasColumnName("author_name");
        entity.Property(e => e.ClientRequestId).HasColumnName("client_request_id");
        entity.Property(e => e.Edited).HasColumnName("edited");
        entity.Property(e => e.Highlighted).HasColumnName("highlighted");
        entity.Property(e => e.OwnerTag).HasColumnName("owner_tag");
        entity.Property(e => e.ParticipantId).HasColumnName("participant_id");
        entity.Property(e => e.Revision)
            .HasDefaultValueSql("nextval('qa_revision'::regclass)")
            .HasColumnName("revision");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");
        entity.Property(e => e.Starred).HasColumnName("starred");
        entity.Property(e => e.State).HasColumnName("state");
        entity.Property(e => e.Text).HasColumnName("text");
        entity.Property(e => e.Votes).HasColumnName("votes");

        entity.HasOne(d => d.Participant).WithMany(p => p.QaQuestions)
            .HasForeignKey(d => d.ParticipantId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("qa_questions_participant_id_fkey");

        // Many questions per event (the scaffolder read the one-highlight partial unique index as one-to-one).
        entity.HasOne(d => d.SideEvent).WithMany(p => p.QaQuestions)
            .HasForeignKey(d => d.SideEventId)
            .HasConstraintName("qa_questions_side_event_id_fkey");
    }
}
