using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Registrations;

/// <summary>How <see cref="ParticipantProfile"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class ParticipantProfileConfiguration : IEntityTypeConfiguration<ParticipantProfile>
{
    public void Configure(EntityTypeBuilder<ParticipantProfile> entity)
    {
        entity.HasKey(e => e.UserId).HasName("participant_profiles_pkey");

        entity.ToTable("participant_profiles");

        entity.Property(e => e.UserId)
            .ValueGeneratedNever()
            .HasColumnName("user_id");
        entity.Property(e => e.AccessibilityNeeds).HasColumnName("accessibility_needs");
        entity.Property(e => e.ConsentPhotograph).HasColumnName("consent_photograph");
        entity.Property(e => e.ConsentPublishName).HasColumnName("consent_publish_name");
        entity.Property(e => e.Country).HasColumnName("country");
        entity.Property(e => e.Gender).HasColumnName("gender");
        entity.Property(e => e.InterpretationNeeds).HasColumnName("interpretation_needs");
        entity.Property(e => e.Organisation).HasColumnName("organisation");
        entity.Property(e => e.StakeholderGroup).HasColumnName("stakeholder_group");
        entity.Property(e => e.UpdatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("updated_at");

        entity.HasOne<EventsUser>().WithOne()
            .HasForeignKey<ParticipantProfile>(d => d.UserId)
            .HasConstraintName("participant_profiles_user_id_fkey");
    }
}
