using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.ReferenceData;

/// <summary>How <see cref="UnEntityRow"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class UnEntityRowConfiguration : IEntityTypeConfiguration<UnEntityRow>
{
    public void Configure(EntityTypeBuilder<UnEntityRow> entity)
    {
        entity.HasKey(e => e.Code).HasName("un_entities_pkey");

        entity.ToTable("un_entities");

        entity.HasIndex(e => e.Name, "un_entities_name_key").IsUnique();

        entity.Property(e => e.Code).HasColumnName("code");
        entity.Property(e => e.Kind).HasColumnName("kind");
        entity.Property(e => e.Name).HasColumnName("name");
    }
}
