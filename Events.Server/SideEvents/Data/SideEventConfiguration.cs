using Events.Server.Convenings;
using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.SideEvents;

/// <summary>How <see cref="SideEvent"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class SideEventConfiguration : IEntityTypeConfiguration<SideEvent>
{
    public void Configure(EntityTypeBuilder<SideEvent> entity)
    {
        entity.HasKey(e => e.Id).HasName("side_events_pkey");

        entity.ToTable("side_events");

        entity.HasIndex(e => new { e.ConveningId, e.StartsAt }, "side_events_convening");

        entity.HasIndex(e => e.ProposerUserId, "side_events_proposer").HasFilter("(proposer_user_id IS NOT NULL)");

        entity.HasIndex(e => new { e.ProposerUserId, e.SubmissionKey }, "side_events_submission_key")
            .IsUnique()
            .HasFilter("(submission_key IS NOT NULL)");

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.AbstractMd)
            .HasDefaultValueSql("''::text")
            .HasColumnName("abstract_md");
        entity.Property(e => e.AccessibilityInfo).HasColumnName("accessibility_info");
        entity.Property(e => e.AttendeeListPublic).HasColumnName("attendee_list_public");
        entity.Property(e => e.Capacity).HasColumnName("capacity");
        entity.Property(e => e.ChangeRequest).HasColumnName("change_request");
        entity.Property(e => e.CoSponsorsFinal).HasColumnName("co_sponsors_final");
        entity.Property(e => e.CoSponsorsLocked).HasColumnName("co_sponsors_locked");
        entity.Property(e => e.ConveningId).HasColumnName("convening_id");
        entity.Property(e => e.CreatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("created_at");
        entity.Property(e => e.EndsAt).HasColumnName("ends_at");
        entity.Property(e => e.Flyer).HasColumnName("flyer");
        entity.Property(e => e.FlyerContentType).HasColumnName("flyer_content_type");
        entity.Property(e => e.FlyerFileName).HasColumnName("flyer_file_name");
        entity.Property(e => e.Format)
            .HasDefaultValueSql("'in_person'::text")
            .HasColumnName("format");
        entity.Property(e => e.Interpretation).HasColumnName("interpretation");
        entity.Property(e => e.Kind)
            .HasDefaultValueSql("'side_event'::text")
            .HasColumnName("kind");
        entity.Property(e => e.Languages)
            .HasDefaultValueSql("'{}'::text[]")
            .HasColumnName("languages");
        entity.Property(e => e.OccupiedUntil).HasColumnName("occupied_until");
        entity.Property(e => e.ProposerUserId).HasColumnName("proposer_user_id");
        entity.Property(e => e.ProposingOrganisation).HasColumnName("proposing_organisation");
        entity.Property(e => e.RegistrationMode)
            .HasDefaultValueSql("'open'::text")
            .HasColumnName("registration_mode");
        entity.Property(e => e.RoomId).HasColumnName("room_id");
        entity.Property(e => e.Sequence).HasColumnName("sequence");
        entity.Property(e => e.SlotResponse).HasColumnName("slot_response");
        entity.Property(e => e.SlotResponseDue).HasColumnName("slot_response_due");
        entity.Property(e => e.StartsAt).HasColumnName("starts_at");
        entity.Property(e => e.Status)
            .HasDefaultValueSql("'draft'::text")
            .HasColumnName("status");
        entity.Property(e => e.StatusReason).HasColumnName("status_reason");
        entity.Property(e => e.SubmissionKey).HasColumnName("submission_key");
        entity.Property(e => e.Themes)
            .HasDefaultValueSql("'{}'::text[]")
            .HasColumnName("themes");
        entity.Property(e => e.Title).HasColumnName("title");
        entity.Property(e => e.UpdatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("updated_at");
        entity.Property(e => e.WebcastUrl).HasColumnName("webcast_url");

        entity.HasOne(d => d.Convening).WithMany(p => p.SideEvents)
            .HasForeignKey(d => d.ConveningId)
            .HasConstraintName("side_events_convening_id_fkey");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.ProposerUserId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("side_events_proposer_user_id_fkey");

        entity.HasOne(d => d.Room).WithMany(p => p.SideEvents)
            .HasForeignKey(d => d.RoomId)
            .OnDelete(DeleteBehavior.Restrict)
            .HasConstraintName("side_events_room_id_fkey");
    }
}
