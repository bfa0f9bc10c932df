using Events.Server.Convenings;
using Events.Server.SideEvents;

namespace Events.Server.Registrations;

/// <summary>A row of <c>registration_invitations</c>.</summary>
public class RegistrationInvitation
{
    public Guid Id { get; set; }

    public Guid? SideEventId { get; set; }

    public string Email { get; set; } = null!;

    public byte[] TokenHash { get; set; } = null!;

    public Guid? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? UsedAt { get; set; }

    public Guid? UsedBy { get; set; }

    public DateTime? RevokedAt { get; set; }

    public Guid ConveningId { get; set; }

    public virtual Convening Convening { get; set; } = null!;

    public virtual SideEvent? SideEvent { get; set; }
}
