using Events.Server.Accounts;
using Events.Server.Convenings;
using Events.Server.SideEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Registrations;

/// <summary>How <see cref="RegistrationInvitation"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class RegistrationInvitationConfiguration : IEntityTypeConfiguration<RegistrationInvitation>
{
    public void Configure(EntityTypeBuilder<RegistrationInvitation> entity)
    {
        entity.HasKey(e => e.Id).HasName("registration_invitations_pkey");

        entity.ToTable("registration_invitations");

        entity.HasIndex(e => e.SideEventId, "registration_invitations_event");

        entity.HasIndex(e => e.TokenHash, "registration_invitations_token_hash_key").IsUnique();

        entity.Property(e => e.Id)
            .HasDefaultValueSql("gen_random_uuid()")
            .HasColumnName("id");
        entity.Property(e => e.ConveningId).HasColumnName("convening_id");
        entity.Property(e => e.CreatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("created_at");
        entity.Property(e => e.CreatedBy).HasColumnName("created_by");
        entity.Property(e => e.Email).HasColumnName("email");
        entity.Property(e => e.RevokedAt).HasColumnName("revoked_at");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");
        entity.Property(e => e.TokenHash).HasColumnName("token_hash");
        entity.Property(e => e.UsedAt).HasColumnName("used_at");
        entity.Property(e => e.UsedBy).HasColumnName("used_by");

        entity.HasOne(d => d.Convening).WithMany(p => p.RegistrationInvitations)
            .HasForeignKey(d => d.ConveningId)
            .HasConstraintName("registration_invitations_convening_id_fkey");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.CreatedBy)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("registration_invitations_created_by_fkey");

        entity.HasOne(d => d.SideEvent).WithMany(p => p.RegistrationInvitations)
            .HasForeignKey(d => d.SideEventId)
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("registration_invitations_side_event_id_fkey");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.UsedBy)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("registration_invitations_used_by_fkey");
    }
}
