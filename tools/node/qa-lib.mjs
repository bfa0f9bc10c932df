// What the Node Q&A clients share: logging in through the site's login form (for a sign-in cookie), getting a
// participant key from the server (for code-holders without an account), and a connection to
// /hubs/qa with @microsoft/signalr that reconnects for ever. Used by qa-driver.mjs (tests) and qa-bench-worker.mjs.
import * as signalR from "@microsoft/signalr";
import WebSocket from "ws";

export const hubPath = "/hubs/qa";
export const participantKeyCookie = "events.qa";
export const participantKeyPath = "/qa/participant-key";

/**
 * A participant key issued by the server, as the participant page gives a browser: the `events.qa=...` pair to send as a
 * cookie. Keys the server did not issue are refused for asking and voting.
 */
export async function participantKey(baseUrl) {
    const response = await fetch(new URL(participantKeyPath, baseUrl));
    const cookie = cookiesFrom(response).find((c) => c.startsWith(participantKeyCookie + "="));
    if (response.status !== 204 || !cookie) throw new Error(`No participant key from ${participantKeyPath}: HTTP ${response.status} ${await response.text()}`);
    return cookie;
}

/** Retries quickly, then every few seconds, for ever; spread out so a restarted server is not stampeded. */
export const retryForever = {
    nextRetryDelayInMilliseconds: (context) => Math.min(250 * 2 ** Math.min(context.previousRetryCount, 4), 3000) + Math.random() * 500,
};

/** Name=value pairs from a response's Set-Cookie headers. */
function cookiesFrom(response) {
    return response.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/**
 * Logs in through /account/login exactly as a browser does (antiforgery cookie and token, form post) and returns the
 * Cookie header value that carries the sign-in.
 */
export async function logIn(baseUrl, email, password) {
    const page = await fetch(new URL("/account/login", baseUrl));
    const jar = cookiesFrom(page);
    const html = await page.text();
    const form = [...html.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => /name="_handler"[^>]*value="login"/.test(f));
    const token = form?.match(/name="__RequestVerificationToken"[^>]*value="([^"]+)"/)?.[1];
    if (!token) throw new Error("The login page has no login form with an antiforgery token.");
    const response = await fetch(new URL("/account/login", baseUrl), {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; ") },
        body: new URLSearchParams({ _handler: "login", __RequestVerificationToken: token, "Input.Email": email, "Input.Password": password }),
    });
    const auth = cookiesFrom(response).find((c) => c.startsWith("events.auth="));
    if (response.status !== 302 || !auth) throw new Error(`Login failed for ${email}: HTTP ${response.status}`);
    return auth;
}

/**
 * A hub connection (WebSockets, no negotiate round trip) that sends the given cookies. `onFrame` sees every raw frame
 * the server sends, before the client parses it.
 */
export function connect(baseUrl, { cookie = "", onFrame = null, logLevel = signalR.LogLevel.Error, path = hubPath } = {}) {
    const RecordingWebSocket = onFrame
        ? class extends WebSocket {
            constructor(...args) {
                super(...args);
                this.on("message", (data) => onFrame(data.toString()));
            }
        }
        : WebSocket;
    return new signalR.HubConnectionBuilder()
        .withUrl(new URL(path, baseUrl).toString(), {
            transport: signalR.HttpTransportType.WebSockets,
            skipNegotiation: true,
            headers: cookie ? { Cookie: cookie } : {},
            WebSocket: RecordingWebSocket,
        })
        .withAutomaticReconnect(retryForever)
        .configureLogging(logLevel)
        .build();
}

export { signalR };
