using Events.Shared.Convenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Convenings;

/// <summary>How <see cref="Convening"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class ConveningConfiguration : IEntityTypeConfiguration<Convening>
{
    // The sentinels equal the database defaults (and the properties start at them), so that an explicit 0 is written
    // rather than mistaken for "not set" and replaced by the default.
    public void Configure(EntityTypeBuilder<Convening> entity)
    {
        entity.HasKey(e => e.Id).HasName("convenings_pkey");

        entity.ToTable("convenings");

        entity.HasIndex(e => e.Slug, "convenings_slug_key").IsUnique();

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.AttendeeListPublic).HasColumnName("attendee_list_public");
        entity.Property(e => e.ChangeoverMinutes)
            .HasDefaultValue(15)
            .HasSentinel(15)
            .HasColumnName("changeover_minutes");
        entity.Property(e => e.ChathamHouse).HasColumnName("chatham_house");
        entity.Property(e => e.CreatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("created_at");
        entity.Property(e => e.CrossRegionalThreshold)
            .HasDefaultValue(3)
            .HasSentinel(3)
            .HasColumnName("cross_regional_threshold");
        entity.Property(e => e.DescriptionMd)
            .HasDefaultValueSql("''::text")
            .HasColumnName("description_md");
        entity.Property(e => e.EndsOn).HasColumnName("ends_on");
        entity.Property(e => e.Kind).HasColumnName("kind");
        entity.Property(e => e.MinCosponsorRegionalGroups).HasColumnName("min_cosponsor_regional_groups");
        entity.Property(e => e.MinMemberStateOrUnCosponsors).HasColumnName("min_member_state_or_un_cosponsors");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.OrganisingOrganisation).HasColumnName("organising_organisation");
        entity.Property(e => e.ProposalGuidelines)
            .HasMaxLength(ProposalDeadline.GuidelinesMaxLength)
            .HasColumnName("proposal_guidelines");
        entity.Property(e => e.ProposalsCloseAt).HasColumnName("proposals_close_at");
        entity.Property(e => e.RegistrationCapacity).HasColumnName("registration_capacity");
        entity.Property(e => e.RegistrationEnabled).HasColumnName("registration_enabled");
        entity.Property(e => e.RegistrationMode)
            .HasDefaultValueSql("'open'::text")
            .HasColumnName("registration_mode");
        entity.Property(e => e.SlotResponseDays)
            .HasDefaultValue(5)
            .HasSentinel(5)
            .HasColumnName("slot_response_days");
        entity.Property(e => e.Slug).HasColumnName("slug");
        entity.Property(e => e.StartsOn).HasColumnName("starts_on");
        entity.Property(e => e.TimeZone).HasColumnName("time_zone");
        entity.Property(e => e.UpdatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("updated_at");
        entity.Property(e => e.Visibility)
            .HasDefaultValueSql("'public'::text")
            .HasColumnName("visibility");
    }
}
