// One Q&A participant or moderator speaking to /hubs/qa with @microsoft/signalr, driven over stdin/stdout by a test:
//
//   node qa-driver.mjs --url http://127.0.0.1:5000 --event <side event id>
//        [--email a@b --password ...]   sign in through the login form (cookie)
//        [--key <participant key>]      a code-holder's browser identity (the events.qa cookie) as given; default without
//                                       --email: one the server issues (GET /qa/participant-key), as the participant page would
//        [--code ABC123]                the event's Q&A code
//        [--frames]                     also print every raw frame the server sends
//
// It connects, joins, and joins again after every reconnect. Each line it prints is one JSON object:
//   {"type":"joined","result":JoinResult}     after every (re)join
//   {"type":"message","method":"QuestionAdded","arg":{...}}
//   {"type":"frame","data":"..."}             (with --frames)
//   {"type":"state","state":"reconnecting"|"reconnected"|"closed"}
//   {"type":"result","id":n,"result":{...}} / {"type":"error","id":n,"error":"..."}
// Each line it reads is a command: {"id":n,"invoke":"Ask","arg":{...}} or {"id":n,"stop":true}.
import { createInterface } from "node:readline";
import { logIn, connect, participantKey, participantKeyCookie } from "./qa-lib.mjs";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => {
    if (value.startsWith("--")) pairs.push([value.slice(2), all[i + 1]?.startsWith("--") || all[i + 1] === undefined ? "true" : all[i + 1]]);
    return pairs;
}, []));
const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");

// Signed in, the account is the identity (an account wins over a key); otherwise a participant key.
const cookies = args.email ? [await logIn(args.url, args.email, args.password)] : [];
if (args.key) cookies.push(`${participantKeyCookie}=${args.key}`);
else if (!args.email) cookies.push(await participantKey(args.url));

const connection = connect(args.url, {
    cookie: cookies.join("; "),
    onFrame: args.frames === "true" ? (data) => print({ type: "frame", data }) : null,
});
for (const method of ["QuestionAdded", "QuestionUpdated", "QuestionRemoved", "HighlightChanged", "SessionChanged", "CountsChanged", "AccessRevoked"])
    connection.on(method, (arg) => print({ type: "message", method, arg }));

async function join() {
    const result = await connection.invoke("Join", { sideEventId: args.event, code: args.code ?? null });
    print({ type: "joined", result });
}
connection.onreconnecting(() => print({ type: "state", state: "reconnecting" }));
connection.onreconnected(async () => {
    print({ type: "state", state: "reconnected" });
    try { await join(); } catch (error) { print({ type: "error", id: 0, error: String(error) }); }
});
connection.onclose(() => print({ type: "state", state: "closed" }));

await connection.start();
await join();

for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.stop) break;
    connection.invoke(command.invoke, command.arg)
        .then((result) => print({ type: "result", id: command.id, result }))
        .catch((error) => print({ type: "error", id: command.id, error: String(error?.message ?? error) }));
}
await connection.stop();
process.exit(0);
