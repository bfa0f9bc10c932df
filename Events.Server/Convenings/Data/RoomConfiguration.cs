using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Convenings;

/// <summary>How <see cref="Room"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> entity)
    {
        entity.HasKey(e => e.Id).HasName("rooms_pkey");

        entity.ToTable("rooms");

        entity.HasIndex(e => new { e.VenueId, e.Name }, "rooms_venue_id_name_key").IsUnique();

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.AccessibilityNotes).HasColumnName("accessibility_notes");
        entity.Property(e => e.Capacity).HasColumnName("capacity");
        entity.Property(e => e.ConveningId).HasColumnName("convening_id");
        entity.Property(e => e.Mode)
            .HasDefaultValueSql("'in_person'::text")
            .HasColumnName("mode");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.UpdatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("updated_at");
        entity.Property(e => e.VenueId).HasColumnName("venue_id");

        entity.HasOne(d => d.Convening).WithMany(p => p.Rooms)
            .HasForeignKey(d => d.ConveningId)
            .HasConstraintName("rooms_convening_id_fkey");

        entity.HasOne(d => d.Venue).WithMany(p => p.Rooms)
            .HasForeignKey(d => d.VenueId)
            .HasConstraintName("rooms_venue_id_fkey");
    }
}
