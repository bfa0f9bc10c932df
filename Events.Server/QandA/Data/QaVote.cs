namespace Events.Server.QandA;

/// <summary>A row of <c>qa_votes</c>.</summary>
public class QaVote
{
    public Guid QuestionId { get; set; }

    public byte[] VoterTag { get; set; } = null!;

    public virtual QaQuestion Question { get; set; } = null!;
}
