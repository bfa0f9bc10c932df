using Events.Server.SideEvents;

namespace Events.Server.QandA;

/// <summary>A row of <c>qa_participants</c>.</summary>
public class QaParticipant
{
    public Guid Id { get; set; }

    public Guid SideEventId { get; set; }

    public Guid? UserId { get; set; }

    public byte[]? BrowserKeyHash { get; set; }

    public virtual ICollection<QaQuestion> QaQuestions { get; set; } = new List<QaQuestion>();

    public virtual SideEvent SideEvent { get; set; } = null!;
}
