namespace Events.Server.Calendar;

/// <summary>How an invitation mail's calendar asks the recipient's calendar to act (RFC 5546, iTIP).</summary>
public enum InvitationMethod
{
    /// <summary>Add or update the event.</summary>
    Request,
    /// <summary>Remove the event (it was cancelled, or the recipient is no longer registered).</summary>
    Cancel,
}
