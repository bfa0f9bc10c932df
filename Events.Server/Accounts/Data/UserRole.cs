namespace Events.Server.Accounts;

/// <summary>A row of <c>user_roles</c>: a site-wide role an account holds.</summary>
public class UserRole
{
    public Guid UserId { get; set; }

    public Guid RoleId { get; set; }
}
