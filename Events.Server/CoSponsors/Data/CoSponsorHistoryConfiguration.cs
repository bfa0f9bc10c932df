using Events.Server.SideEvents;
using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.CoSponsors;

/// <summary>How <see cref="CoSponsorHistory"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class CoSponsorHistoryConfiguration : IEntityTypeConfiguration<CoSponsorHistory>
{
    public void Configure(EntityTypeBuilder<CoSponsorHistory> entity)
    {
        entity.HasKey(e => e.Id).HasName("co_sponsor_history_pkey");

        entity.ToTable("co_sponsor_history");

        entity.HasIndex(e => new { e.SideEventId, e.At, e.Id }, "co_sponsor_history_event");

        entity.Property(e => e.Id)
            .UseIdentityAlwaysColumn()
            .HasColumnName("id");
        entity.Property(e => e.Action).HasColumnName("action");
        entity.Property(e => e.ActorUserId).HasColumnName("actor_user_id");
        entity.Property(e => e.At).HasColumnName("at");
        entity.Property(e => e.ByFocalPoint).HasColumnName("by_focal_point");
        entity.Property(e => e.CoSponsorshipId).HasColumnName("co_sponsorship_id");
        entity.Property(e => e.Detail).HasColumnName("detail");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.ActorUserId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("co_sponsor_history_actor_user_id_fkey");

        entity.HasOne(d => d.CoSponsorship).WithMany(p => p.CoSponsorHistories)
            .HasForeignKey(d => d.CoSponsorshipId)
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("co_sponsor_history_co_sponsorship_id_fkey");

        entity.HasOne(d => d.SideEvent).WithMany(p => p.CoSponsorHistories)
            .HasForeignKey(d => d.SideEventId)
            .HasConstraintName("co_sponsor_history_side_event_id_fkey");
    }
}
