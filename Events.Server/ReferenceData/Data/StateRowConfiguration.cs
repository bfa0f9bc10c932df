using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.ReferenceData;

/// <summary>How <see cref="StateRow"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class StateRowConfiguration : IEntityTypeConfiguration<StateRow>
{
    public void Configure(EntityTypeBuilder<StateRow> entity)
    {
        entity.HasKey(e => e.Iso3).HasName("states_pkey");

        entity.ToTable("states");

        entity.HasIndex(e => e.Name, "states_name_key").IsUnique();

        entity.Property(e => e.Iso3)
            .HasMaxLength(3)
            .IsFixedLength()
            .HasColumnName("iso3");
        entity.Property(e => e.AlsoParticipatesIn).HasColumnName("also_participates_in");
        entity.Property(e => e.ElectoralGroup).HasColumnName("electoral_group");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.Note).HasColumnName("note");
        entity.Property(e => e.ObserverIn).HasColumnName("observer_in");
        entity.Property(e => e.RegionalGroup).HasColumnName("regional_group");
        entity.Property(e => e.Status).HasColumnName("status");
    }
}
