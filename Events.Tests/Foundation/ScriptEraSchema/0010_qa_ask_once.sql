-- Asking is idempotent: a client sends a request id with each question, and sending it again (after a lost
-- acknowledgement, or a double tap) returns the question already stored instead of a second copy.
ALTER TABLE qa_questions ADD COLUMN client_request_id uuid NULL;
CREATE UNIQUE INDEX qa_questions_one_per_request ON qa_questions (participant_id, client_request_id)
    WHERE participant_id IS NOT NULL AND client_request_id IS NOT NULL;
