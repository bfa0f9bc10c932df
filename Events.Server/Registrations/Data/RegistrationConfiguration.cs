using Events.Server.Convenings;
using Events.Server.SideEvents;
using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Registrations;

/// <summary>How <see cref="Registration"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> entity)
    {
        entity.HasKey(e => e.Id).HasName("registrations_pkey");

        entity.ToTable("registrations");

        entity.HasIndex(e => new { e.SideEventId, e.CheckInCode }, "registrations_check_in_code")
            .IsUnique()
            .HasFilter("(check_in_code IS NOT NULL)");

        entity.HasIndex(e => new { e.ConveningId, e.CheckInCode }, "registrations_check_in_code_convening")
            .IsUnique()
            .HasFilter("((side_event_id IS NULL) AND (check_in_code IS NOT NULL))");

        entity.HasIndex(e => new { e.SideEventId, e.UserId }, "registrations_one_live_per_user")
            .IsUnique()
            .HasFilter("((user_id IS NOT NULL) AND (status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'waitlisted'::text])))");

        entity.HasIndex(e => new { e.ConveningId, e.UserId }, "registrations_one_live_per_user_convening")
            .IsUnique()
            .HasFilter("((side_event_id IS NULL) AND (user_id IS NOT NULL) AND (status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'waitlisted'::text])))");

        entity.HasIndex(e => e.UserId, "registrations_user").HasFilter("(user_id IS NOT NULL)");

        entity.HasIndex(e => new { e.SideEventId, e.QueueOrder }, "registrations_waitlist").HasFilter("(status = 'waitlisted'::text)");

        entity.HasIndex(e => new { e.ConveningId, e.QueueOrder }, "registrations_waitlist_convening").HasFilter("((side_event_id IS NULL) AND (status = 'waitlisted'::text))");

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.CheckInCode).HasColumnName("check_in_code");
        entity.Property(e => e.CheckedInAt).HasColumnName("checked_in_at");
        entity.Property(e => e.ConveningId).HasColumnName("convening_id");
        entity.Property(e => e.CreatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("created_at");
        entity.Property(e => e.DecisionMessage).HasColumnName("decision_message");
        entity.Property(e => e.QueueOrder)
            .ValueGeneratedOnAdd()
            .UseIdentityAlwaysColumn()
            .HasColumnName("queue_order");
        entity.Property(e => e.QueuedAt)
            .HasDefaultValueSql("clock_timestamp()")
            .HasColumnName("queued_at");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");
        entity.Property(e => e.Status).HasColumnName("status");
        entity.Property(e => e.UpdatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("updated_at");
        entity.Property(e => e.UserId).HasColumnName("user_id");

        entity.HasOne(d => d.Convening).WithMany(p => p.Registrations)
            .HasForeignKey(d => d.ConveningId)
            .HasConstraintName("registrations_convening_id_fkey");

        entity.HasOne(d => d.SideEvent).WithMany(p => p.Registrations)
            .HasForeignKey(d => d.SideEventId)
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("registrations_side_event_id_fkey");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.UserId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("registrations_user_id_fkey");
    }
}
