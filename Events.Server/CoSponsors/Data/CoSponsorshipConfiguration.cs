using Events.Server.Accounts;
using Events.Server.SideEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.CoSponsors;

/// <summary>How <see cref="CoSponsorship"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class CoSponsorshipConfiguration : IEntityTypeConfiguration<CoSponsorship>
{
    public void Configure(EntityTypeBuilder<CoSponsorship> entity)
    {
        entity.HasKey(e => e.Id).HasName("co_sponsorships_pkey");

        entity.ToTable("co_sponsorships");

        entity.HasIndex(e => new { e.SideEventId, e.UnEntityCode }, "co_sponsorships_one_entity")
            .IsUnique()
            .HasFilter("(un_entity_code IS NOT NULL)");

        entity.HasIndex(e => new { e.SideEventId, e.StateIso3 }, "co_sponsorships_one_state")
            .IsUnique()
            .HasFilter("(state_iso3 IS NOT NULL)");

        entity.HasIndex(e => e.TokenHash, "co_sponsorships_token")
            .IsUnique()
            .HasFilter("(token_hash IS NOT NULL)");

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.AnsweredAt).HasColumnName("answered_at");
        entity.Property(e => e.AuthorisingOfficialName).HasColumnName("authorising_official_name");
        entity.Property(e => e.AuthorisingOfficialTitle).HasColumnName("authorising_official_title");
        entity.Property(e => e.CreatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("created_at");
        entity.Property(e => e.DeclineReason).HasColumnName("decline_reason");
        entity.Property(e => e.DisplayName).HasColumnName("display_name");
        entity.Property(e => e.FocalPointEmail).HasColumnName("focal_point_email");
        entity.Property(e => e.FocalPointName).HasColumnName("focal_point_name");
        entity.Property(e => e.InvitedBy).HasColumnName("invited_by");
        entity.Property(e => e.LastSentAt).HasColumnName("last_sent_at");
        entity.Property(e => e.Message).HasColumnName("message");
        entity.Property(e => e.OpenedAt).HasColumnName("opened_at");
        entity.Property(e => e.OrganisationName).HasColumnName("organisation_name");
        entity.Property(e => e.RevokedAt).HasColumnName("revoked_at");
        entity.Property(e => e.SendCount).HasColumnName("send_count");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");
        entity.Property(e => e.SponsorKind).HasColumnName("sponsor_kind");
        entity.Property(e => e.StateIso3)
            .HasMaxLength(3)
            .IsFixedLength()
            .HasColumnName("state_iso3");
        entity.Property(e => e.Status)
            .HasDefaultValueSql("'invited'::text")
            .HasColumnName("status");
        entity.Property(e => e.TokenExpiresAt).HasColumnName("token_expires_at");
        entity.Property(e => e.TokenHash).HasColumnName("token_hash");
        entity.Property(e => e.UnEntityCode).HasColumnName("un_entity_code");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.InvitedBy)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("co_sponsorships_invited_by_fkey");

        entity.HasOne(d => d.SideEvent).WithMany(p => p.CoSponsorships)
            .HasForeignKey(d => d.SideEventId)
            .HasConstraintName("co_sponsorships_side_event_id_fkey");

        entity.HasOne(d => d.StateIso3Navigation).WithMany(p => p.CoSponsorships)
            .HasForeignKey(d => d.StateIso3)
            .HasConstraintName("co_sponsorships_state_iso3_fkey");

        entity.HasOne(d => d.UnEntityCodeNavigation).WithMany(p => p.CoSponsorships)
            .HasForeignKey(d => d.UnEntityCode)
            .HasConstraintName("co_sponsorships_un_entity_code_fkey");
    }
}
