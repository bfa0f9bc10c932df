namespace Events.Server.Convenings;

/// <summary>A row of <c>convening_organisers</c>: an account that organises a convening.</summary>
public class ConveningOrganiser
{
    public Guid ConveningId { get; set; }

    public Guid UserId { get; set; }
}
