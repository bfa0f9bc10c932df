using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Calendar;

/// <summary>How <see cref="PersonalCalendarFeed"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class PersonalCalendarFeedConfiguration : IEntityTypeConfiguration<PersonalCalendarFeed>
{
    public void Configure(EntityTypeBuilder<PersonalCalendarFeed> entity)
    {
        entity.HasKey(e => e.UserId).HasName("personal_calendar_feeds_pkey");

        entity.ToTable("personal_calendar_feeds");

        entity.HasIndex(e => e.TokenHash, "personal_calendar_feeds_token_hash_key").IsUnique();

        entity.Property(e => e.UserId)
            .ValueGeneratedNever()
            .HasColumnName("user_id");
        entity.Property(e => e.CreatedAt)
            .HasDefaultValueSql("now()")
            .HasColumnName("created_at");
        entity.Property(e => e.TokenHash).HasColumnName("token_hash");
        entity.Property(e => e.TokenProtected).HasColumnName("token_protected");

        entity.HasOne<EventsUser>().WithOne()
            .HasForeignKey<PersonalCalendarFeed>(d => d.UserId)
            .HasConstraintName("personal_calendar_feeds_user_id_fkey");
    }
}
