using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.Accounts;

/// <summary>Identity's accounts in <c>users</c> (the table the app has always had), with snake_case columns.</summary>
public sealed class EventsUserConfiguration : IEntityTypeConfiguration<EventsUser>
{
    public void Configure(EntityTypeBuilder<EventsUser> entity)
    {
        entity.ToTable("users");
        entity.HasKey(e => e.Id).HasName("users_pkey");
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
        // Sentinel true: an account created without lockout (the default here) is written as false, not given the column default.
        entity.Property(e => e.LockoutEnabled).HasDefaultValue(true).HasSentinel(true).HasColumnName("lockout_enabled");
        entity.Property(e => e.LockoutEnd).HasColumnName("lockout_end");
        entity.Property(e => e.NormalizedEmail).HasColumnName("normalized_email");
        entity.Property(e => e.NormalizedUserName).HasColumnName("normalized_user_name");
        entity.Property(e => e.PasswordHash).HasColumnName("password_hash");
        entity.Property(e => e.SecurityStamp).HasColumnName("security_stamp");
        entity.Property(e => e.TwoFactorEnabled).HasColumnName("two_factor_enabled");
        entity.Property(e => e.UserName).HasColumnName("user_name");
        // No phone numbers: the app never asks for one (and never offers SMS codes).
        entity.Ignore(e => e.PhoneNumber);
        entity.Ignore(e => e.PhoneNumberConfirmed);
        entity.HasMany<UserRecoveryCode>().WithOne().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("user_recovery_codes_user_id_fkey");
    }
}

public sealed class EventsRoleConfiguration : IEntityTypeConfiguration<EventsRole>
{
    public void Configure(EntityTypeBuilder<EventsRole> entity)
    {
        entity.ToTable("roles");
        entity.HasKey(e => e.Id).HasName("roles_pkey");
        entity.HasIndex(e => e.NormalizedName, "roles_normalized_name_key").IsUnique();
        entity.Property(e => e.Id).ValueGeneratedNever().HasColumnName("id");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.NormalizedName).HasColumnName("normalized_name");
        entity.Property(e => e.ConcurrencyStamp).HasColumnName("concurrency_stamp");
    }
}

public sealed class UserRoleConfiguration : IEntityTypeConfiguration<IdentityUserRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserRole<Guid>> entity)
    {
        entity.ToTable("user_roles");
        entity.HasKey(e => new { e.UserId, e.RoleId }).HasName("user_roles_pkey");
        entity.Property(e => e.UserId).HasColumnName("user_id");
        entity.Property(e => e.RoleId).HasColumnName("role_id");
    }
}

public sealed class UserClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> entity)
    {
        entity.ToTable("user_claims");
        entity.Property(e => e.Id).HasColumnName("id");
        entity.Property(e => e.UserId).HasColumnName("user_id");
        entity.Property(e => e.ClaimType).HasColumnName("claim_type");
        entity.Property(e => e.ClaimValue).HasColumnName("claim_value");
    }
}

public sealed class UserLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> entity)
    {
        entity.ToTable("user_logins");
        entity.Property(e => e.LoginProvider).HasColumnName("login_provider");
        entity.Property(e => e.ProviderKey).HasColumnName("provider_key");
        entity.Property(e => e.ProviderDisplayName).HasColumnName("provider_display_name");
        entity.Property(e => e.UserId).HasColumnName("user_id");
    }
}

public sealed class UserTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> entity)
    {
        entity.ToTable("user_tokens");
        entity.Property(e => e.UserId).HasColumnName("user_id");
        entity.Property(e => e.LoginProvider).HasColumnName("login_provider");
        entity.Property(e => e.Name).HasColumnName("name");
        entity.Property(e => e.Value).HasColumnName("value");
    }
}

public sealed class RoleClaimConfiguration : IEntityTypeConfiguration<IdentityRoleClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRoleClaim<Guid>> entity)
    {
        entity.ToTable("role_claims");
        entity.Property(e => e.Id).HasColumnName("id");
        entity.Property(e => e.RoleId).HasColumnName("role_id");
        entity.Property(e => e.ClaimType).HasColumnName("claim_type");
        entity.Property(e => e.ClaimValue).HasColumnName("claim_value");
    }
}

public sealed class UserRecoveryCodeConfiguration : IEntityTypeConfiguration<UserRecoveryCode>
{
    public void Configure(EntityTypeBuilder<UserRecoveryCode> entity)
    {
        entity.ToTable("user_recovery_codes");
        entity.HasKey(e => e.Id).HasName("user_recovery_codes_pkey");
        entity.HasIndex(e => e.UserId, "user_recovery_codes_user");
        entity.Property(e => e.Id).UseIdentityAlwaysColumn().HasColumnName("id");
        entity.Property(e => e.UserId).HasColumnName("user_id");
        entity.Property(e => e.Salt).HasColumnName("salt");
        entity.Property(e => e.Hash).HasColumnName("hash");
    }
}

/// <summary>Data Protection's keys, shared by every instance (encrypted at rest; see AccountsSetup).</summary>
public sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> entity)
    {
        entity.ToTable("data_protection_keys");
        entity.Property(e => e.Id).HasColumnName("id");
        entity.Property(e => e.FriendlyName).HasColumnName("friendly_name");
        entity.Property(e => e.Xml).HasColumnName("xml");
    }
}
