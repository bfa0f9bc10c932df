// One worker process of the Q&A fan-out benchmark (bench/qa): opens many hub connections that all join one event, and
// measures how long a question takes to reach each of them. The bench spreads clients over several such workers so that
// one Node event loop does not become the bottleneck being measured.
//
//   node qa-bench-worker.mjs --url http://127.0.0.1:5000 --target events|baseline --count 1250 [--event <id> --code <code>]
//
// Prints {"type":"ready","connected":n,"failed":k} once every connection has joined. Then reads commands, one JSON a line:
//   {"cmd":"ask","round":r,"client":i}   client i asks "bench r <send time>"; prints {"type":"asked","round":r,"ok":..,"ackMs":..}
//   {"cmd":"ask","round":r,"client":i,"tag":"ack"}   the same with "ack r <send time>", a question whose delivery is not
//       collected (for acknowledgement times). Asks run concurrently: the next command is read at once.
//   {"cmd":"collect","round":r,"timeoutMs":t}  prints {"type":"latencies","round":r,"values":[ms...],"missing":m}
//   {"cmd":"stop"}
// Latency is the receive time minus the send time written into the question; the workers and the asker share the
// machine's clock (performance.timeOrigin + performance.now(), sub-millisecond).
import { createInterface } from "node:readline";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { connect, participantKey, signalR } from "./qa-lib.mjs";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => {
    if (value.startsWith("--")) pairs.push([value.slice(2), all[i + 1]]);
    return pairs;
}, []));
const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");
const now = () => performance.timeOrigin + performance.now();
const events = args.target === "events";
const count = Number(args.count);
const connectConcurrency = 40;

const received = new Map(); // round → Map(client index → latency ms)
const clients = [];
let failed = 0;

function latencies(round) {
    if (!received.has(round)) received.set(round, new Map());
    return received.get(round);
}

async function join(connection) {
    if (events) {
        const result = await connection.invoke("Join", { sideEventId: args.event, code: args.code });
        if (!result.ok) throw new Error(result.error);
    } else {
        await connection.invoke("Join", "bench");
    }
}

async function open(index) {
    const connection = connect(args.url, {
        path: events ? "/hubs/qa" : "/hubs/baseline",
        // Each bench client is a separate code-holder's phone, with its own participant key from the server.
        cookie: events ? await participantKey(args.url) : "",
        logLevel: signalR.LogLevel.None,
    });
    connection.on("QuestionAdded", (question) => {
        const at = now();
        const match = /^bench (\d+) ([\d.]+)$/.exec(question.text);
        if (!match) return;
        const round = latencies(Number(match[1]));
        if (!round.has(index)) round.set(index, at - Number(match[2]));
    });
    connection.onreconnected(() => join(connection).catch(() => {}));
    await connection.start();
    await join(connection);
    clients[index] = connection;
}

// Connect in waves so that the server sees a crowd arriving, not a SYN flood.
let next = 0;
await Promise.all(Array.from({ length: connectConcurrency }, async () => {
    while (next < count) {
        const index = next++;
        try { await open(index); } catch { failed++; }
    }
}));
print({ type: "ready", connected: clients.filter(Boolean).length, failed });

async function ask(command) {
    const connection = clients[command.client] ?? clients.find(Boolean);
    const sent = now();
    const text = `${command.tag ?? "bench"} ${command.round} ${sent}`;
    try {
        const result = events
            // With a request id, as the participant page sends one: the server's idempotent path is the one measured.
            ? await connection.invoke("Ask", { sideEventId: args.event, text, anonymous: true, clientRequestId: randomUUID() })
            : await connection.invoke("Ask", "bench", text);
        print({ type: "asked", round: command.round, ok: events ? result.ok : true, error: result?.error ?? null, ackMs: now() - sent });
    } catch (error) {
        print({ type: "asked", round: command.round, ok: false, error: String(error), ackMs: now() - sent });
    }
}

for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.cmd === "ask") {
        ask(command);
    } else if (command.cmd === "collect") {
        const deadline = Date.now() + command.timeoutMs;
        const expected = clients.filter(Boolean).length;
        while (latencies(command.round).size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        const values = [...latencies(command.round).values()];
        print({ type: "latencies", round: command.round, values, missing: expected - values.length });
    } else if (command.cmd === "stop") {
        break;
    }
}
await Promise.all(clients.filter(Boolean).map((c) => c.stop().catch(() => {})));
process.exit(0);
