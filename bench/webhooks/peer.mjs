// The home-grown stack Holdline replaces: a RabbitMQ consumer that, for each event, signs it per Standard Webhooks
// (the reference library) and POSTs it to every matching subscription at once, then acks. No store, no retries
// beyond RabbitMQ's redelivery, no per-endpoint isolation. Subscriptions are PUT to /subscriptions as JSON
// [{id, url, secret, eventTypes}].
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { Webhook } from 'standardwebhooks';

const env = process.env;
let subscriptions = [];
const matches = (patterns, type) => patterns.some((p) => p === '*' || p === type
  || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));

async function deliver(sub, event, body) {
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const headers = { 'content-type': 'application/json', 'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(sub.secret).sign(id, at, body) };
  try {
    const r = await fetch(sub.url, { method: 'POST', headers, body, redirect: 'manual',
      signal: AbortSignal.timeout(15000) });
    await r.arrayBuffer();
  } catch { /* a home-grown sender logs and moves on */ }
}

const connection = await amqp.connect(env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672');
const channel = await connection.createChannel();
await channel.assertExchange(env.EXCHANGE, 'topic', { durable: true });
const { queue } = await channel.assertQueue(env.QUEUE, { durable: false, autoDelete: true });
await channel.bindQueue(queue, env.EXCHANGE, '#');
await channel.prefetch(Number(env.PREFETCH || 512));
await channel.consume(queue, async (message) => {
  try {
    const event = JSON.parse(message.content.toString());
    const body = JSON.stringify({ type: event.type, timestamp: event.time, data: event.data });
    await Promise.all(subscriptions.filter((s) => matches(s.eventTypes, event.type)).map((s) => deliver(s, event, body)));
  } finally {
    channel.ack(message);
  }
});

http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (req.method === 'PUT' && req.url === '/subscriptions') {
      subscriptions = JSON.parse(body);
      res.writeHead(204).end();
    } else {
      res.writeHead(req.url === '/ready' ? 200 : 404).end();
    }
  });
}).listen(Number(env.PORT), '127.0.0.1');
