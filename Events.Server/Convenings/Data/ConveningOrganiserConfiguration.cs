using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Convenings;

public sealed class ConveningOrganiserConfiguration : IEntityTypeConfiguration<ConveningOrganiser>
{
    public void Configure(EntityTypeBuilder<ConveningOrganiser> entity)
    {
        entity.HasKey(e => new { e.ConveningId, e.UserId }).HasName("convening_organisers_pkey");
        entity.ToTable("convening_organisers");
        entity.Property(e => e.ConveningId).HasColumnName("convening_id");
        entity.Property(e => e.UserId).HasColumnName("user_id");
        entity.HasOne<Convening>().WithMany().HasForeignKey(e => e.ConveningId).HasConstraintName("convening_organisers_convening_id_fkey");
        entity.HasOne<EventsUser>().WithMany().HasForeignKey(e => e.UserId).HasConstraintName("convening_organisers_user_id_fkey");
    }
}
