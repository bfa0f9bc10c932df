using System.Data;
using Dapper;

namespace Events.Server.Convenings;

/// <summary>Who may manage what: Admins everything; a convening's organisers their convening; Organisers may create convenings.</summary>
public static class OrganiserAccess
{
    public static Task<bool> IsAdminAsync(IDbConnection db, Guid userId, IDbTransaction? tx = null) =>
        db.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @userId AND r.normalized_name = 'ADMIN')
            """, new { userId }, tx);

    public static Task<bool> CanCreateConveningsAsync(IDbConnection db, Guid userId) =>
        db.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                           WHERE ur.user_id = @userId AND r.normalized_name IN ('ADMIN', 'ORGANISER'))
            """, new { userId });

    public static Task<bool> IsConveningOrganiserAsync(IDbConnection db, Guid userId, Guid conveningId, IDbTransaction? tx = null) =>
        db.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM convening_organisers WHERE convening_id = @conveningId AND user_id = @userId)
                OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @userId AND r.normalized_name = 'ADMIN')
            """, new { userId, conveningId }, tx);
}
