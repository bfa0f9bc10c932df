using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Calendar;

/// <summary>
/// How <see cref="CalendarRemoval"/> maps to its table. No foreign keys: the event is gone, and a convening that is
/// deleted takes its feed with it (its removals are then unreachable, and cleared once they are old).
/// </summary>
public sealed class CalendarRemovalConfiguration : IEntityTypeConfiguration<CalendarRemoval>
{
    public void Configure(EntityTypeBuilder<CalendarRemoval> entity)
    {
        entity.HasKey(e => e.SideEventId).HasName("calendar_removals_pkey");
        entity.ToTable("calendar_removals");
        entity.HasIndex(e => new { e.ConveningId, e.RemovedAt }, "calendar_removals_convening");

        entity.Property(e => e.SideEventId).ValueGeneratedNever().HasColumnName("side_event_id");
        entity.Property(e => e.ConveningId).HasColumnName("convening_id");
        entity.Property(e => e.Title).HasColumnName("title");
        entity.Property(e => e.Organiser).HasColumnName("organiser");
        entity.Property(e => e.StartsAt).HasColumnName("starts_at");
        entity.Property(e => e.EndsAt).HasColumnName("ends_at");
        entity.Property(e => e.Sequence).HasColumnName("sequence");
        entity.Property(e => e.RemovedAt).HasDefaultValueSql("now()").HasColumnName("removed_at");
    }
}
