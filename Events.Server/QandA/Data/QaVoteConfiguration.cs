using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Events.Server.QandA;

/// <summary>How <see cref="QaVote"/> maps to its table (generated from the schema, kept by hand since).</summary>
public sealed class QaVoteConfiguration : IEntityTypeConfiguration<QaVote>
{
    public void Configure(EntityTypeBuilder<QaVote> entity)
    {
        entity.HasKey(e => new { e.QuestionId, e.VoterTag }).HasName("qa_votes_pkey");

        entity.ToTable("qa_votes");

        entity.HasIndex(e => e.VoterTag, "qa_votes_voter");

        entity.Property(e => e.QuestionId).HasColumnName("question_id");
        entity.Property(e => e.VoterTag).HasColumnName("voter_tag");

        entity.HasOne(d => d.Question).WithMany(p => p.QaVotes)
            .HasForeignKey(d => d.QuestionId)
            .HasConstraintName("qa_votes_question_id_fkey");
    }
}
