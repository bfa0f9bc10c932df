// The participant's view (phone first): ask, vote, see what is being answered, live.
import { bootWhenShown, connectQa, el, keyedList, authorOf, timeOf, characterCount, byVotes, byTime, renderConnection, votesLabel } from "./QaLiveClient.razor.js";

const maxLength = 500;

function start(root) {
    const $ = (selector) => root.querySelector(selector);
    const form = $(".qa-ask"), textarea = $("#qa-text"), counter = $(".qa-counter"), message = $(".qa-message");
    const askButton = form.querySelector("button[type=submit]");
    const showName = $("#qa-show-name"), nameInput = $("#qa-name");
    let sort = "votes";
    let sending = false;
    const timeZone = root.dataset.timeZone;
    const confirming = new Set(); // own questions whose "Withdraw" was pressed once: the second press withdraws

    const qa = connectQa({ root, sideEventId: root.dataset.sideEvent, code: root.dataset.code, render });

    const listView = keyedList($("[data-testid=qa-questions]"), (q) => questionItem(q), updateQuestionItem);
    const answeredView = keyedList($("[data-testid=qa-answered]"), (q) => questionItem(q), updateQuestionItem);

    function render(store, status, joinError) {
        renderConnection(root, status, joinError);
        if (!store.session) return;

        const now = store.highlighted;
        const nowSection = $(".qa-now");
        nowSection.hidden = !now;
        if (now) {
            $(".qa-now-text").textContent = now.text;
            $(".qa-now-meta").replaceChildren(el("span", { dir: "auto", text: authorOf(now) }), ` · ${votesLabel(now.votes)}`);
        }

        const caller = store.caller;
        const closed = $(".qa-closed");
        closed.hidden = !!caller?.canAsk;
        closed.textContent = caller?.cannotAskReason ?? "";
        form.hidden = !caller?.canAsk;
        askButton.disabled = sending || !caller?.canAsk || status !== "live";

        const published = store.list(["published"]).sort(sort === "votes" ? byVotes : byTime);
        listView.update(published.map((q) => ({ ...q, voted: store.myVotes.has(q.id), canVote: !!caller?.canVote, mine: store.myQuestions.has(q.id) })));
        $(".qa-empty").hidden = published.length > 0;

        const answered = store.list(["answered"]).sort(byTime);
        $(".qa-answered").hidden = answered.length === 0;
        $(".qa-answered summary span").textContent = String(answered.length);
        answeredView.update(answered.map((q) => ({ ...q, voted: store.myVotes.has(q.id), canVote: false, mine: store.myQuestions.has(q.id) })));

        const mine = [...store.myPending.values()];
        const mineSection = $(".qa-my-pending");
        mineSection.hidden = mine.length === 0;
        mineSection.querySelector("ol").replaceChildren(...mine.map((q) => el("li", { class: "qa-question qa-pending", "data-question-id": q.id },
            el("p", { class: "qa-text", dir: "auto", text: q.text }), withdrawControls(q))));
    }

    /** "Withdraw", then "Withdraw for good" or "Keep it": one press never deletes a question. */
    function withdrawControls(q) {
        const box = el("div", { class: "qa-own" });
        if (confirming.has(q.id)) {
            box.append(
                el("button", { type: "button", class: "qa-action qa-action-danger", "data-testid": "qa-withdraw-confirm", text: "Withdraw for good", onclick: () => withdraw(q.id) }),
                el("button", { type: "button", class: "qa-action", text: "Keep it", onclick: () => { confirming.delete(q.id); qa.rerender(); focusIn(q.id, "[data-testid=qa-withdraw]"); } }));
        } else {
            box.append(el("button", { type: "button", class: "qa-action", "data-testid": "qa-withdraw", text: "Withdraw my question",
                onclick: () => { confirming.add(q.id); qa.rerender(); focusIn(q.id, "[data-testid=qa-withdraw-confirm]"); } }));
        }
        return box;
    }

    function focusIn(questionId, selector) {
        root.querySelector(`[data-question-id="${questionId}"] ${selector}`)?.focus();
    }

    async function withdraw(questionId) {
        const result = await qa.withdraw(questionId);
        confirming.delete(questionId);
        if (result.ok) {
            qa.store.questions.delete(questionId);
            qa.store.myPending.delete(questionId);
            qa.store.myQuestions.delete(questionId);
            show("Your question has been withdrawn.", false);
            textarea.focus();
        } else {
            show(result.error, true);
        }
        qa.rerender();
    }

    function questionItem(q) {
        // The vote button's name is its own text (the count, then words only screen readers hear), so what is seen is
        // what is announced.
        const li = el("li", { class: "qa-question", "data-testid": "qa-question", "data-question-id": q.id },
            el("p", { class: "qa-text", dir: "auto" }),
            el("div", { class: "qa-meta" }),
            el("button", { type: "button", class: "qa-vote", "data-testid": "qa-vote", onclick: () => toggleVote(q.id) },
                el("span", { class: "qa-vote-arrow", "aria-hidden": "true", text: "▲" }), el("span", { class: "qa-vote-count" }),
                el("span", { class: "qa-visually-hidden qa-vote-words" })),
            el("div", { class: "qa-own-slot" }));
        updateQuestionItem(li, q);
        return li;
    }

    function updateQuestionItem(li, q) {
        li.querySelector(".qa-text").textContent = q.text;
        li.classList.toggle("qa-highlighted", q.highlighted);
        li.classList.toggle("qa-mine", !!q.mine);
        li.querySelector(".qa-meta").replaceChildren(
            el("span", { class: "qa-author", dir: "auto", text: authorOf(q) }), " · ", timeOf(q, timeZone),
            q.mine ? el("span", { class: "qa-badge qa-badge-mine", text: "Your question" }) : "",
            q.edited ? el("span", { class: "qa-edited", text: " · edited" }) : "",
            q.highlighted ? el("span", { class: "qa-badge", text: "Being answered" }) : "",
            q.state === "answered" ? el("span", { class: "qa-badge qa-badge-answered", text: "Answered" }) : "");
        const vote = li.querySelector(".qa-vote");
        vote.querySelector(".qa-vote-count").textContent = String(q.votes);
        vote.setAttribute("aria-pressed", q.voted ? "true" : "false");
        vote.querySelector(".qa-vote-words").textContent = ` ${q.votes === 1 ? "vote" : "votes"}: ${q.mine ? "your own question" : q.voted ? "take back your vote" : "vote for this question"}`;
        vote.disabled = !q.canVote || !!q.mine;
        // Withdrawing is for one's own question until the speakers take it up.
        li.querySelector(".qa-own-slot").replaceChildren(q.mine && q.state === "published" && !q.highlighted ? withdrawControls(q) : "");
    }

    async function toggleVote(questionId) {
        const voted = qa.store.myVotes.has(questionId);
        const result = await qa.vote(questionId, !voted);
        if (result.ok || result.voted === !voted) {
            if (result.voted) qa.store.myVotes.add(questionId); else qa.store.myVotes.delete(questionId);
            const q = qa.store.questions.get(questionId);
            // The count the server just returned, until the next broadcast (with a newer revision) replaces this copy.
            if (q && result.ok) qa.store.questions.set(questionId, { ...q, votes: result.votes });
        } else {
            show(result.error, true);
        }
        qa.rerender();
    }

    textarea.addEventListener("input", () => {
        const count = characterCount(textarea.value);
        counter.textContent = `${count} / ${maxLength}`;
        counter.classList.toggle("qa-over", count > maxLength);
        // An error about the text (empty, too long) goes once the text is fine again, or gone.
        if (message.classList.contains("qa-error") && count <= maxLength) show("", false);
    });

    // One request id per question as typed: a retry after a lost answer, or a double tap, sends the same id and the
    // server returns the question it already has instead of storing it twice. Editing the text makes it a new question.
    let askRequestId = null;
    textarea.addEventListener("input", () => { askRequestId = null; });

    form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const text = textarea.value;
        if (characterCount(text) === 0) return show("Write a question first.", true);
        if (characterCount(text) > maxLength) return show(`A question can be at most ${maxLength} characters; this one has ${characterCount(text)}. Shorten it and ask again.`, true);
        const anonymous = showName ? !showName.checked : !(nameInput?.value.trim());
        sending = true;
        askButton.disabled = true;
        show("Sending…", false);
        askRequestId ??= newRequestId();
        const result = await qa.ask(text, anonymous, nameInput?.value, askRequestId);
        sending = false;
        if (result.ok) {
            askRequestId = null;
            textarea.value = "";
            textarea.dispatchEvent(new Event("input"));
            qa.store.myQuestions.add(result.question.id);
            if (result.question.state === "pending") qa.store.myPending.set(result.question.id, result.question);
            else qa.store.apply("QuestionAdded", result.question);
            show(result.question.state === "pending"
                ? "Thank you. Your question will appear once a moderator approves it."
                : "Thank you. Your question is up.", false);
        } else {
            show(result.error, true);
        }
        qa.rerender();
    });

    for (const button of root.querySelectorAll("[data-sort]")) {
        button.addEventListener("click", () => {
            sort = button.dataset.sort;
            for (const other of root.querySelectorAll("[data-sort]")) other.setAttribute("aria-pressed", other === button ? "true" : "false");
            qa.rerender();
        });
    }

    function show(text, isError) {
        message.textContent = text;
        message.classList.toggle("qa-error", isError);
    }
}

bootWhenShown("participant", start);

/** A random UUID; crypto.randomUUID exists only on https and localhost, getRandomValues everywhere. */
function newRequestId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map(x => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
