// The browser side of the live Q&A, shared by the participant, moderator and presenter views: one SignalR connection to
// /hubs/qa (the @microsoft/signalr browser bundle, loaded before this module, defines window.signalR), one joined event,
// and a store that the hub's messages keep current. Views render from the store; nothing here writes user text as HTML.
//
// Resynchronisation: after every (re)connection the client joins again and replaces its store with the snapshot.
// Messages that arrive while the join is in flight are kept and replayed on top, and every question carries a revision:
// a copy or removal older than the one held is ignored, so the order in which messages arrive does not matter.
//
// Revocation: when the server says AccessRevoked (code access turned off, a new code, no longer a moderator), the
// page drops what it shows, says why, and does not join again by itself (joining with a stale code would count as a
// wrong guess against the room's network address).

const methods = { join: "Join", ask: "Ask", vote: "Vote", unvote: "Unvote", withdraw: "Withdraw", moderate: "Moderate", configure: "Configure" };
const events = ["QuestionAdded", "QuestionUpdated", "QuestionRemoved", "HighlightChanged", "SessionChanged", "CountsChanged"];

/** Retries for ever, quickly at first and then every few seconds, spread out so a restarted server is not stampeded. */
const retryForever = {
    nextRetryDelayInMilliseconds: (context) => Math.min(500 * 2 ** Math.min(context.previousRetryCount, 3), 4000) + Math.random() * 1000,
};

export class QaStore {
    constructor() { this.reset(); }

    reset() {
        this.questions = new Map();
        this.revisions = new Map(); // question id → highest revision seen, removals included
        this.myVotes = new Set();
        this.myPending = new Map();
        this.myQuestions = new Set(); // asked by this caller: no vote for them, and they may be withdrawn
        this.session = null;
        this.caller = null;
        this.counts = null;
    }

    applySnapshot(snapshot) {
        this.reset();
        this.session = snapshot.session;
        this.caller = snapshot.caller;
        this.counts = snapshot.counts ?? null;
        for (const q of snapshot.questions) { this.questions.set(q.id, q); this.revisions.set(q.id, q.revision); }
        for (const q of snapshot.myPendingQuestions) this.myPending.set(q.id, q);
        for (const id of snapshot.myVotes) this.myVotes.add(id);
        for (const id of snapshot.myQuestions ?? []) this.myQuestions.add(id);
    }

    apply(event, message) {
        switch (event) {
            case "QuestionAdded":
            case "QuestionUpdated":
                if ((this.revisions.get(message.id) ?? -1) >= message.revision) return false;
                this.revisions.set(message.id, message.revision);
                this.questions.set(message.id, message);
                if (message.state !== "pending") this.myPending.delete(message.id);
                return true;
            case "QuestionRemoved":
                if ((this.revisions.get(message.questionId) ?? -1) >= message.revision) return false;
                this.revisions.set(message.questionId, message.revision);
                this.questions.delete(message.questionId);
                this.myPending.delete(message.questionId); // withdrawn while waiting
                return true;
            case "SessionChanged":
                this.session = message;
                if (this.caller) {
                    const canAsk = message.isOpen && this.caller.canVote;
                    this.caller = { ...this.caller, canAsk, cannotAskReason: canAsk ? null : this.caller.canVote ? closedMessage : this.caller.cannotAskReason };
                }
                return true;
            case "CountsChanged":
                this.counts = message;
                return true;
            case "HighlightChanged":
                // The highlight is also a flag on the questions themselves (with revisions); this carries the question along.
                if (message.question) return this.apply("QuestionUpdated", message.question);
                return true;
        }
        return false;
    }

    /** The question being answered now: published and highlighted (the newest copy wins should two briefly claim it). */
    get highlighted() {
        let best = null;
        for (const q of this.questions.values())
            if (q.highlighted && q.state === "published" && (!best || q.revision > best.revision)) best = q;
        return best;
    }

    list(states) { return [...this.questions.values()].filter((q) => states.includes(q.state)); }
}

export const closedMessage = "Q&A for this event is closed: new questions are not being taken.";

/**
 * Starts a view on this page's #qa-app when it is of this kind, now and whenever Blazor's enhanced navigation brings
 * such a page back into this document (back and forward buttons), where the page's own script tags would not run.
 */
export function bootWhenShown(view, start) {
    const boot = () => {
        const root = document.getElementById("qa-app");
        if (root && root.dataset.view === view && !root.dataset.started) {
            root.dataset.started = "true";
            start(root);
        }
    };
    boot();
    window.Blazor?.addEventListener?.("enhancedload", boot);
}

/**
 * Connects, joins and keeps the store current. `render(store, status)` is called after every change;
 * status is "connecting", "live", "reconnecting", "refused" or "offline".
 */
export function connectQa({ root, sideEventId, code, render }) {
    const store = new QaStore();
    let status = "connecting";
    let joinError = null;
    let buffered = null; // messages that arrive while a join is in flight
    let stopped = false;
    let revoked = false;

    const connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/qa")
        .withAutomaticReconnect(retryForever)
        .configureLogging(signalR.LogLevel.Warning)
        .build();

    const setStatus = (next) => {
        status = next;
        root.dataset.connection = next;
        render(store, status, joinError);
    };

    for (const event of events) {
        connection.on(event, (message) => {
            if (revoked) return;
            if (buffered) { buffered.push([event, message]); return; }
            if (store.apply(event, message)) render(store, status, joinError);
        });
    }

    connection.on("AccessRevoked", (message) => {
        if (message.sideEventId !== sideEventId) return;
        revoked = true;
        buffered = null;
        store.reset();
        joinError = message.reason;
        for (const list of root.querySelectorAll("ol")) list.replaceChildren();
        for (const child of root.children) if (!child.matches("header, .qa-refused")) child.hidden = true;
        setStatus("refused");
    });

    async function join() {
        if (revoked) return;
        buffered = [];
        try {
            const result = await connection.invoke(methods.join, { sideEventId, code: code || null });
            if (!result.ok) { joinError = result.error; buffered = null; setStatus("refused"); return; }
            joinError = null;
            store.applySnapshot(result.snapshot);
            for (const [event, message] of buffered) store.apply(event, message);
            buffered = null;
            root.dataset.joins = String(Number(root.dataset.joins || 0) + 1);
            setStatus("live");
        } catch {
            buffered = null;
            // A dropped connection is joined again by the reconnect handler; a failure on a live connection is retried here.
            if (connection.state === signalR.HubConnectionState.Connected) setTimeout(join, 2000);
        }
    }

    async function start() {
        for (let attempt = 0; !stopped; attempt++) {
            try {
                await connection.start();
                await join();
                return;
            } catch {
                setStatus("offline");
                await new Promise((resolve) => setTimeout(resolve, retryForever.nextRetryDelayInMilliseconds({ previousRetryCount: attempt })));
            }
        }
    }

    connection.onreconnecting(() => setStatus("reconnecting"));
    connection.onreconnected(() => join());
    connection.onclose(() => { if (!stopped) { setStatus("offline"); start(); } });

    // Blazor's enhanced navigation can replace this page without unloading it: close the connection with the page.
    window.Blazor?.addEventListener?.("enhancedload", () => {
        if (!document.body.contains(root)) { stopped = true; connection.stop(); }
    });

    start();

    /** Invokes a hub method; a lost connection becomes an ordinary error result rather than an exception. */
    async function invoke(method, request) {
        if (connection.state !== signalR.HubConnectionState.Connected)
            return { ok: false, error: "You are offline: reconnecting… Nothing was sent; try again in a moment." };
        try {
            return await connection.invoke(method, request);
        } catch {
            return { ok: false, error: "The connection was lost before the server answered. If your question does not appear, ask it again." };
        }
    }

    return {
        store,
        get status() { return status; },
        ask: (text, anonymous, name, clientRequestId) => invoke(methods.ask, { sideEventId, text, anonymous, name: name || null, clientRequestId: clientRequestId || null }),
        vote: (questionId, up) => invoke(up ? methods.vote : methods.unvote, { questionId }),
        withdraw: (questionId) => invoke(methods.withdraw, { questionId }),
        moderate: (questionId, action, text) => invoke(methods.moderate, { questionId, action, text: text ?? null }),
        configure: (settings) => invoke(methods.configure, { sideEventId, ...settings }),
        rerender: () => render(store, status, joinError),
    };
}

// ---- Small DOM helpers, shared by the views. Text always goes in as text.

export function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === false || value === null || value === undefined) continue;
        if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
        else if (name === "text") node.textContent = value;
        else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
}

/**
 * Keeps a list element in step with items that have ids: existing nodes are updated in place and moved only when the
 * order changes, so a button keeps its focus while counts change around it.
 */
export function keyedList(container, create, update) {
    const nodes = new Map();
    return {
        update(items) {
            const wanted = new Set(items.map((item) => item.id));
            for (const [id, node] of nodes) if (!wanted.has(id)) { node.remove(); nodes.delete(id); }
            items.forEach((item, index) => {
                let node = nodes.get(item.id);
                if (node) update(node, item);
                else { node = create(item); nodes.set(item.id, node); }
                if (container.children[index] !== node) container.insertBefore(node, container.children[index] ?? null);
            });
        },
    };
}

export const votesLabel = (n) => (n === 1 ? "1 vote" : `${n} votes`);

export const authorOf = (q) => q.authorName ?? "Anonymous";

/**
 * The time a question was asked, on the event's clock (the page's data-time-zone, the convening's IANA zone) and in
 * 24-hour form as everywhere on the site: a participant abroad sees the room's time, not their phone's.
 */
export function timeOf(q, timeZone) {
    const at = new Date(q.askedAt);
    let text;
    try {
        text = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: timeZone || undefined }).format(at);
    } catch {
        text = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
    }
    return el("time", { datetime: q.askedAt, text, title: timeZone ? `${text} (${timeZone})` : null });
}

/** Characters as the server counts them (code points), so the counter and the server agree. */
export const characterCount = (text) => [...text.trim()].length;

const askedAt = (q) => Date.parse(q.askedAt);
export const byTimeAscending = (a, b) => askedAt(a) - askedAt(b);
export const byTime = (a, b) => askedAt(b) - askedAt(a);
export const byVotes = (a, b) => b.votes - a.votes || byTimeAscending(a, b);

/**
 * Shows the connection state and, when joining was refused, why: the part every Q&A page renders the same way.
 * The projector passes hideWhenLive so that a working connection leaves no text on the screen.
 */
export function renderConnection(root, status, joinError, { hideWhenLive = false } = {}) {
    const indicator = root.querySelector(".qa-status");
    indicator.textContent = hideWhenLive && status === "live" ? "" : statusLabel(status);
    indicator.dataset.status = status;
    const refused = root.querySelector(".qa-refused");
    refused.hidden = status !== "refused";
    refused.textContent = joinError ?? "";
}

export function statusLabel(status) {
    return { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline: retrying…", refused: "Not joined" }[status] ?? status;
}
