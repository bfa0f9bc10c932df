// The presenter's view for the projector: the highlighted question in large type and the top questions, live.
import { bootWhenShown, connectQa, el, keyedList, authorOf, byVotes, renderConnection, votesLabel } from "./QaLiveClient.razor.js";

const topCount = 5;

function start(root) {
    const $ = (selector) => root.querySelector(selector);
    const qa = connectQa({ root, sideEventId: root.dataset.sideEvent, code: root.dataset.code, render });
    const topView = keyedList($(".qa-present-top"),
        (q) => { const li = el("li", { "data-question-id": q.id }, el("span", { class: "qa-present-votes" }), el("span", { class: "qa-present-text", dir: "auto" })); update(li, q); return li; },
        update);

    function update(li, q) {
        li.querySelector(".qa-present-votes").textContent = String(q.votes);
        li.querySelector(".qa-present-text").textContent = q.text;
        li.classList.toggle("qa-starred", q.starred);
    }

    function render(store, status, joinError) {
        renderConnection(root, status, joinError, { hideWhenLive: true });
        if (!store.session) return;

        const now = store.highlighted;
        const nowSection = $(".qa-present-now");
        nowSection.classList.toggle("qa-present-none", !now);
        $(".qa-present-now-text").textContent = now ? now.text : "Questions appear here when the moderator highlights one.";
        $(".qa-present-now-meta").replaceChildren(...(now ? [el("span", { dir: "auto", text: authorOf(now) }), ` · ${votesLabel(now.votes)}`] : []));

        // Starred questions (the moderator's picks) first, then by votes.
        const top = store.list(["published"]).filter((q) => !q.highlighted)
            .sort((a, b) => Number(b.starred) - Number(a.starred) || byVotes(a, b)).slice(0, topCount);
        topView.update(top);
        $(".qa-present-top-empty").hidden = top.length > 0;

        const code = store.session.code ?? root.dataset.code;
        const join = $(".qa-present-join");
        join.hidden = !(store.session.codeAccess && code);
        join.replaceChildren("Ask at ", el("strong", { text: `${location.host}/qa` }), " with code ", el("strong", { class: "qa-present-code", text: code ?? "" }));
        $(".qa-present-closed").hidden = store.session.isOpen;
    }

    const fullScreen = () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen?.());
    $(".qa-present-fullscreen").addEventListener("click", fullScreen);
    document.addEventListener("keydown", (event) => { if (event.key === "f" && !event.ctrlKey && !event.metaKey) fullScreen(); });
}

bootWhenShown("presenter", start);
