using Dapper;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

public sealed class UserAdminService(DatabaseConnections database, UserManager<EventsUser> users, SessionRevocations sessions, ILogger<UserAdminService> logger) : IUserAdmin
{
    public async Task<IReadOnlyList<UserListItem>> ListAsync(Guid actorUserId, string? search)
    {
        await using var db = await database.OpenAsync();
        if (!await OrganiserAccess.IsAdminAsync(db, actorUserId)) return [];
        var pattern = "%" + (search ?? "").Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var rows = await db.QueryAsync<(Guid Id, string DisplayName, string Email, bool EmailConfirmed, string[] Roles)>("""
            SELECT u.id, u.display_name, u.email, u.email_confirmed,
                   COALESCE(array_agg(r.name ORDER BY r.name) FILTER (WHERE r.name IS NOT NULL), '{}')
            FROM users u LEFT JOIN user_roles ur ON ur.user_id = u.id LEFT JOIN roles r ON r.id = ur.role_id
            WHERE u.display_name ILIKE @pattern OR u.email ILIKE @pattern
            GROUP BY u.id ORDER BY u.display_name LIMIT 200
            """, new { pattern });
        return rows.Select(r => new UserListItem(r.Id, r.DisplayName, r.Email, r.EmailConfirmed, r.Roles)).ToList();
    }

    public async Task<bool> SetRoleAsync(Guid actorUserId, Guid userId, string role, bool member)
    {
        if (!IUserAdmin.AssignableRoles.Contains(role)) return false;
        await using (var db = await database.OpenAsync())
            if (!await OrganiserAccess.IsAdminAsync(db, actorUserId)) return false;
        // An admin cannot lock everyone out by removing their own Admin role.
        if (!member && role == Roles.Admin && userId == actorUserId) return false;
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return false;
        var result = member ? await users.AddToRoleAsync(user, role) : await users.RemoveFromRoleAsync(user, role);
        // Taking a role away ends the person's sessions (a new stamp); giving one only refreshes them.
        if (!member && result.Succeeded) await users.UpdateSecurityStampAsync(user);
        sessions.Revoke(user.Id);
        logger.LogInformation("Role {Role} {Change} for {UserId} by {ActorId}", role, member ? "given" : "removed", userId, actorUserId);
        return result.Succeeded || member == await users.IsInRoleAsync(user, role);
    }
}
