namespace Events.Shared.Accounts;

public sealed record UserListItem(Guid Id, string DisplayName, string Email, bool EmailConfirmed, IReadOnlyList<string> Roles);

/// <summary>What admins do with accounts: see them and give or take roles.</summary>
public interface IUserAdmin
{
    static readonly string[] AssignableRoles = ["Admin", "Organiser", "Moderator"];
    Task<IReadOnlyList<UserListItem>> ListAsync(Guid actorUserId, string? search);
    Task<bool> SetRoleAsync(Guid actorUserId, Guid userId, string role, bool member);
}
