using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Accounts;

/// <summary>How accounts map to <c>users</c>.</summary>
public sealed class EventsUserConfiguration : IEntityTypeConfiguration<EventsUser>
{
    public void Configure(EntityTypeBuilder<EventsUser> entity)
    {
        entity.HasKey(e => e.Id).HasName("users_pkey");
        entity.ToTable("users");
        entity.HasIndex(e => e.NormalizedEmail, "users_normalized_email_key").IsUnique();
        entity.HasIndex(e => e.NormalizedUserName, "users_normalized_user_name_key").IsUnique();
        entity.Property(e => e.Id).ValueGeneratedNever().HasColumnName("id");
        entity.Property(e => e.AccessFailedCount).HasColumnName("access_failed_count");
        entity.Property(e => e.AuthenticatorKeyProtected).HasColumnName("authenticator_key_protected");
        entity.Property(e => e.ConcurrencyStamp).HasColumnName("concurrency_stamp");
        entity.Property<DateTime>("CreatedAt").HasDefaultValueSql("now()").HasColumnName("created_at");
        entity.Property(e => e.DisplayName).HasColumnName("display_name");
        entity.Property(e => e.Email).HasColumnName("email");
        entity.Property(e => e.EmailConfirmed).HasColumnName("email_confirmed");
        entity.Property(e => e.LockoutEnabled).HasDefaultValue(true).HasColumnName("lockout_enabled");
        entity.Property(e => e.LockoutEndUtc).HasColumnName("lockout_end");
        entity.Property(e => e.NormalizedEmail).HasColumnName("normalized_email");
        entity.Property(e => e.NormalizedUserName).HasColumnName("normalized_user_name");
        entity.Property(e => e.PasswordHash).HasColumnName("password_hash");
        entity.Property(e => e.SecurityStamp).HasColumnName("security_stamp");
        entity.Property(e => e.TwoFactorEnabled).HasColumnName("two_factor_enabled");
        entity.Property(e => e.UserName).HasColumnName("user_name");
    }
}

/// <summary>How roles map to <c>roles</c>.</summary>
public sealed class EventsRoleConfiguration : IEntityTypeConfiguration<EventsRole>
{
    public void Configure(EntityTypeBuilder<EventsRole> entity)
    {
        entity.HasKey(e => e.Id).HasName("roles_pkey");
        entity.ToTable("roles");
        entity.HasIndex(e => e.NormalizedName, "roles_normalized_name_key").IsUnique();
        entity.Property(e => e.Id).ValueGeneratedNever().HasColumnName("id");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.NormalizedName).HasColumnName("normalized_name");
        entity.Property(e => e.ConcurrencyStamp).HasColumnName("concurrency_stamp");
    }
}

/// <summary>How role grants map to <c>user_roles</c>.</summary>
public sealed class UserRoleConfiguration : IEntityTypeConfiguration<UserRole>
{
    public void Configure(EntityTypeBuilder<UserRole> entity)
    {
        entity.HasKey(e => new { e.UserId, e.RoleId }).HasName("user_roles_pkey");
        entity.ToTable("user_roles");
        entity.Property(e => e.UserId).HasColumnName("user_id");
        entity.Property(e => e.RoleId).HasColumnName("role_id");
        entity.HasOne<EventsUser>().WithMany().HasForeignKey(e => e.UserId).HasConstraintName("user_roles_user_id_fkey");
        entity.HasOne<EventsRole>().WithMany().HasForeignKey(e => e.RoleId).HasConstraintName("user_roles_role_id_fkey");
    }
}
