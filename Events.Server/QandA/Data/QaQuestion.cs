using Events.Server.ReferenceData;
using Events.Server.SideEvents;

namespace Events.Server.QandA;

/// <summary>A row of <c>qa_questions</c>.</summary>
public class QaQuestion
{
    public Guid Id { get; set; }

    public Guid SideEventId { get; set; }

    public Guid? ParticipantId { get; set; }

    public string? AuthorName { get; set; }

    public string Text { get; set; } = null!;

    public string State { get; set; } = null!;

    public bool Starred { get; set; }

    public bool Highlighted { get; set; }

    public bool Edited { get; set; }

    public int Votes { get; set; }

    public DateTime AskedAt { get; set; }

    public long Revision { get; set; }

    public Guid? ClientRequestId { get; set; }

    public byte[]? OwnerTag { get; set; }

    public virtual QaParticipant? Participant { get; set; }

    public virtual ICollection<QaVote> QaVotes { get; set; } = new List<QaVote>();

    public virtual SideEvent SideEvent { get; set; } = null!;
}
