using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.SideEvents;

/// <summary>How <see cref="SideEventHistory"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class SideEventHistoryConfiguration : IEntityTypeConfiguration<SideEventHistory>
{
    public void Configure(EntityTypeBuilder<SideEventHistory> entity)
    {
        entity.HasKey(e => e.Id).HasName("side_event_history_pkey");

        entity.ToTable("side_event_history");

        entity.HasIndex(e => new { e.SideEventId, e.At }, "side_event_history_event");

        entity.Property(e => e.Id)
            .UseIdentityAlwaysColumn()
            .HasColumnName("id");
        entity.Property(e => e.Action).HasColumnName("action");
        entity.Property(e => e.ActorUserId).HasColumnName("actor_user_id");
        entity.Property(e => e.At)
            .HasDefaultValueSql("now()")
            .HasColumnName("at");
        entity.Property(e => e.Detail).HasColumnName("detail");
        entity.Property(e => e.SideEventId).HasColumnName("side_event_id");

        entity.HasOne<EventsUser>().WithMany()
            .HasForeignKey(d => d.ActorUserId)
            .OnDelete(DeleteBehavior.SetNull)
            .HasConstraintName("side_event_history_actor_user_id_fkey");

        entity.HasOne(d => d.SideEvent).WithMany(p => p.SideEventHistories)
            .HasForeignKey(d => d.SideEventId)
            .HasConstraintName("side_event_history_side_event_id_fkey");
    }
}
