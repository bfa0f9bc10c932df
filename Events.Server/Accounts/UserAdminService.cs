using Events.Server.Convenings;
using Events.Server.Database;
using Microsoft.EntityFrameworkCore;
using Events.Shared.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

public sealed class UserAdminService(IDbContextFactory<EventsDbContext> dbFactory, UserManager<EventsUser> users, SessionRevocations sessions, ILogger<UserAdminService> logger) : IUserAdmin
{
    public async Task<IReadOnlyList<UserListItem>> ListAsync(Guid actorUserId, string? search)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await EventAccess.IsAdminAsync(db, actorUserId)) return [];
        // Lower-cased on both sides: the same on every provider and collation (EF escapes the term's % and _).
        var term = (search ?? "").Trim().ToLowerInvariant();
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.DisplayName.ToLower().Contains(term) || (u.Email != null && u.Email.ToLower().Contains(term)))
            .OrderBy(u => u.DisplayName).Take(200)
            .Select(u => new
            {
                u.Id, u.DisplayName, Email = u.Email!, u.EmailConfirmed,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).OrderBy(n => n).ToList(),
            })
            .ToListAsync();
        return rows.Select(r => new UserListItem(r.Id, r.DisplayName, r.Email, r.EmailConfirmed, r.Roles)).ToList();
    }

    public async Task<bool> SetRoleAsync(Guid actorUserId, Guid userId, string role, bool member)
    {
        if (!IUserAdmin.AssignableRoles.Contains(role)) return false;
        await using (var db = await dbFactory.CreateDbContextAsync())
            if (!await EventAccess.IsAdminAsync(db, actorUserId)) return false;
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
