using Events.Server.SideEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.QandA;

/// <summary>How <see cref="QaSession"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class QaSessionConfiguration : IEntityTypeConfiguration<QaSession>
{
    public void Configure(EntityTypeBuilder<QaSession> entity)
    {
        entity.HasKey(e => e.SideEventId).HasName("qa_sessions_pkey");

        entity.ToTable("qa_sessions");

        entity.HasIndex(e => e.Code, "qa_sessions_code_key").IsUnique();

        entity.Property(e => e.SideEventId)
            .ValueGeneratedNever()
            .HasColumnName("side_event_id");
        entity.Property(e => e.Code).HasColumnName("code");
        entity.Property(e => e.CodeAccess).HasColumnName("code_access");
        entity.Property(e => e.IsOpen).HasColumnName("is_open");
        entity.Property(e => e.PreModeration).HasColumnName("pre_moderation");
        entity.Property(e => e.UpdatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("updated_at");

        entity.HasOne(d => d.SideEvent).WithOne(p => p.QaSession)
            .HasForeignKey<QaSession>(d => d.SideEventId)
            .HasConstraintName("qa_sessions_side_event_id_fkey");
    }
}
