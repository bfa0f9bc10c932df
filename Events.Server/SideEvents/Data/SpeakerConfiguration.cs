using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.SideEvents;

/// <summary>How <see cref="Speaker"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class SpeakerConfiguration : IEntityTypeConfiguration<Speaker>
{
    public void Configure(EntityTypeBuilder<Speaker> entity)
    {
        entity.HasKey(e => e.Id).HasName("speakers_pkey");

        entity.ToTable("speakers");

        entity.HasIndex(e => new { e.SideEventId, e.SortOrder }, "speakers_event");

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.Bio).HasColumnName("bio");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.Organisation).HasColumnName("organisation");
        // Sentinel true: a speaker who withholds their name (false) is written as false, never replaced by the default.
        entity.Property(e => e.PublishName)
            .HasDefaultValue(true)
            .HasSentinel(true)
            .HasColumnName("publish_name");
        entity.Property(e => e.Role)
            .HasDefaultValueSql("'speaker'::text")
            .HasColumnName("role");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");
        entity.Property(e => e.SortOrder).HasColumnName("sort_order");
        entity.Property(e => e.Title).HasColumnName("title");

        entity.HasOne(d => d.SideEvent).WithMany(p => p.Speakers)
            .HasForeignKey(d => d.SideEventId)
            .HasConstraintName("speakers_side_event_id_fkey");
    }
}
