using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Convenings;

/// <summary>How <see cref="Venue"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class VenueConfiguration : IEntityTypeConfiguration<Venue>
{
    public void Configure(EntityTypeBuilder<Venue> entity)
    {
        entity.HasKey(e => e.Id).HasName("venues_pkey");

        entity.ToTable("venues");

        entity.HasIndex(e => new { e.ConveningId, e.Name }, "venues_convening_id_name_key").IsUnique();

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.Address).HasColumnName("address");
        entity.Property(e => e.ConveningId).HasColumnName("convening_id");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.UpdatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("updated_at");

        entity.HasOne(d => d.Convening).WithMany(p => p.Venues)
            .HasForeignKey(d => d.ConveningId)
            .HasConstraintName("venues_convening_id_fkey");
    }
}
