// The moderator's view: settings, the queue, and every action on a question. Anonymous questions say "Anonymous" here
// too: the server never sends who asked them.
import { bootWhenShown, connectQa, el, keyedList, authorOf, timeOf, byVotes, byTimeAscending, byTime, renderConnection, votesLabel, characterCount } from "./QaLiveClient.razor.js";


const tabs = ["pending", "published", "answered", "hidden", "archived"];

/** What a moderator can do to a question in each state, in the order the buttons appear. */
function actionsFor(q) {
    switch (q.state) {
        case "pending": return [["approve", "Approve"], ["hide", "Hide"], ["edit", "Edit"], star(q)];
        case "published": return [q.highlighted ? ["unhighlight", "Stop highlighting"] : ["highlight", "Highlight"], ["answer", "Mark answered"],
            star(q), ["edit", "Edit"], ["hide", "Hide"], ["archive", "Archive"]];
        case "answered": return [["restore", "Restore"], ["edit", "Edit"], ["archive", "Archive"]];
        case "hidden": return [["restore", "Restore"], ["archive", "Archive"]];
        case "archived": return [["restore", "Restore"]];
    }
    return [];
}
const star = (q) => (q.starred ? ["unstar", "Unstar"] : ["star", "Star"]);

function start(root) {
    const $ = (selector) => root.querySelector(selector);
    const message = $(".qa-message");
    const settings = $(".qa-settings");
    let tab = null;
    const editing = new Set();
    const timeZone = root.dataset.timeZone;
    const baseTitle = document.title;
    let waitingBefore = null;
    const sound = $("#qa-sound");
    const waitingBanner = $(".qa-waiting");
    try { sound.checked = localStorage.getItem("events.qa.sound") === "on"; } catch { /* storage blocked: the box starts unticked */ }
    sound.addEventListener("change", () => {
        try { localStorage.setItem("events.qa.sound", sound.checked ? "on" : "off"); } catch { }
        if (sound.checked) chime(); // the browser allows sound after this click, and the moderator hears what to expect
    });
    waitingBanner.querySelector("button").addEventListener("click", () => { tab = "pending"; qa.rerender(); root.querySelector("[data-tab=pending]").focus(); });

    const qa = connectQa({ root, sideEventId: root.dataset.sideEvent, code: null, render });
    const listView = keyedList($("[data-testid=qa-mod-questions]"), questionItem, updateQuestionItem);

    function render(store, status, joinError) {
        renderConnection(root, status, joinError);
        if (!store.session) return;
        if (tab === null) tab = store.session.preModeration ? "pending" : "published";

        settings.disabled = status !== "live";
        for (const name of ["isOpen", "preModeration", "codeAccess"]) settings.querySelector(`[name=${name}]`).checked = store.session[name];
        $(".qa-code").textContent = store.session.code ?? "";
        $(".qa-code-line").hidden = !store.session.code;
        $(".qa-code-link").textContent = store.session.codeAccess ? `Participants join at ${location.origin}/qa with this code.` : "Turn on code access to let people join with it.";

        const counts = store.counts ?? {};
        for (const state of tabs) {
            const button = root.querySelector(`[data-tab=${state}]`);
            button.querySelector(".qa-count").textContent = String(counts[state] ?? 0);
            button.setAttribute("aria-selected", state === tab ? "true" : "false");
        }
        showWaiting(counts.pending ?? 0);
        const order = tab === "pending" ? byTimeAscending : tab === "published" ? byVotes : byTime;
        const items = store.list([tab]).sort(order);
        listView.update(items);
        $(".qa-empty").hidden = items.length > 0;
    }

    /**
     * Questions waiting for approval are impossible to miss: the tab stands out, a banner says how many (unless that
     * tab is open), the window's title counts them, and, if the moderator ticked it, a chime sounds when one arrives.
     */
    function showWaiting(waiting) {
        root.querySelector("[data-tab=pending]").classList.toggle("qa-tab-attention", waiting > 0);
        waitingBanner.hidden = waiting === 0 || tab === "pending";
        waitingBanner.querySelector("span").textContent = waiting === 1 ? "1 question is waiting for approval." : `${waiting} questions are waiting for approval.`;
        document.title = waiting > 0 ? `(${waiting}) ${baseTitle}` : baseTitle;
        if (waitingBefore !== null && waiting > waitingBefore && sound.checked) chime();
        waitingBefore = waiting;
    }

    function questionItem(q) {
        const li = el("li", { class: "qa-question", "data-testid": "qa-question", "data-question-id": q.id },
            el("div", { class: "qa-text-slot" }), el("div", { class: "qa-meta" }), el("div", { class: "qa-actions" }));
        updateQuestionItem(li, q);
        return li;
    }

    function updateQuestionItem(li, q) {
        li.classList.toggle("qa-highlighted", q.highlighted);
        li.classList.toggle("qa-starred", q.starred);
        const slot = li.querySelector(".qa-text-slot");
        if (editing.has(q.id)) {
            if (!slot.querySelector("textarea")) {
                const area = el("textarea", { class: "qa-edit", rows: 3, dir: "auto", "aria-label": "Corrected question" });
                area.value = q.text;
                slot.replaceChildren(area, el("div", { class: "qa-actions" },
                    el("button", { type: "button", class: "qa-action qa-action-main", text: "Save", onclick: () => saveEdit(q.id, area.value) }),
                    el("button", { type: "button", class: "qa-action", text: "Cancel", onclick: () => { editing.delete(q.id); slot.replaceChildren(); qa.rerender(); } })));
                area.focus();
            }
        } else {
            slot.replaceChildren(el("p", { class: "qa-text", dir: "auto", text: q.text }));
        }
        li.querySelector(".qa-meta").replaceChildren(
            el("span", { class: "qa-author", dir: "auto", text: authorOf(q) }), " · ", timeOf(q, timeZone), " · ", el("span", { class: "qa-votes", text: votesLabel(q.votes) }),
            q.edited ? el("span", { class: "qa-edited", text: " · edited" }) : "",
            q.starred ? el("span", { class: "qa-badge qa-badge-star", text: "★ Starred" }) : "",
            q.highlighted ? el("span", { class: "qa-badge", text: "Highlighted" }) : "");
        li.querySelector(":scope > .qa-actions").replaceChildren(...actionsFor(q).map(([action, label], index) =>
            el("button", { type: "button", class: index === 0 ? "qa-action qa-action-main" : "qa-action", "data-action": action, text: label, onclick: () => act(q.id, action) })));
    }

    async function act(questionId, action) {
        if (action === "edit") { editing.add(questionId); qa.rerender(); return; }
        const result = await qa.moderate(questionId, action);
        show(result.ok ? "" : result.error, !result.ok);
    }

    async function saveEdit(questionId, text) {
        if (characterCount(text) > 500) return show(`A question can be at most 500 characters; this one has ${characterCount(text)}.`, true);
        const result = await qa.moderate(questionId, "edit", text);
        if (result.ok) { editing.delete(questionId); const li = root.querySelector(`[data-question-id="${questionId}"] .qa-text-slot`); li?.replaceChildren(); }
        show(result.ok ? "" : result.error, !result.ok);
        qa.rerender();
    }

    for (const button of root.querySelectorAll("[data-tab]")) {
        button.addEventListener("click", () => { tab = button.dataset.tab; qa.rerender(); });
    }

    async function configure(newCode) {
        const value = (name) => settings.querySelector(`[name=${name}]`).checked;
        const result = await qa.configure({ isOpen: value("isOpen"), preModeration: value("preModeration"), codeAccess: value("codeAccess"), newCode });
        show(result.ok ? "Saved." : result.error, !result.ok);
        qa.rerender(); // back to the stored settings if the change was refused
    }
    settings.addEventListener("change", () => configure(false));
    $(".qa-new-code").addEventListener("click", () => {
        if (confirm("Make a new code? The old one stops working at once, also for people who joined with it.")) configure(true);
    });

    function show(text, isError) {
        message.textContent = text;
        message.classList.toggle("qa-error", isError);
    }
}

/** A short two-note chime, made in the page (no sound file to fetch). */
function chime() {
    try {
        const audio = new (window.AudioContext || window.webkitAudioContext)();
        [660, 880].forEach((frequency, i) => {
            const tone = audio.createOscillator(), gain = audio.createGain();
            tone.frequency.value = frequency;
            gain.gain.setValueAtTime(0.15, audio.currentTime + i * 0.18);
            gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.18 + 0.16);
            tone.connect(gain).connect(audio.destination);
            tone.start(audio.currentTime + i * 0.18);
            tone.stop(audio.currentTime + i * 0.18 + 0.17);
        });
        setTimeout(() => audio.close(), 600);
    } catch { /* no audio on this device: the badge and title still show it */ }
}

bootWhenShown("moderator", start);
